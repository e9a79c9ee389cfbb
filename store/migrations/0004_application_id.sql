-- 0004: mark the file as a Spanbench project in its header, so that Open
-- recognises a project positively before it writes anything: SQLite's
-- application id (header bytes 68-71) is ApplicationID, 0x53504E42,
-- "SPNB" in ASCII. A new project gets it with the other migrations; an
-- existing one when it is migrated.

PRAGMA application_id = 1397771842;
