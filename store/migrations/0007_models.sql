-- 0007: models learned from the project's own annotations (annot/learn),
-- by name ("entities"). data_version is the edit log's last action when
-- the model was trained, so a retrain after no edit is skipped; format is
-- the version of the model's encoding (annot/learn FormatVersion); docs is
-- how many coded documents it learned from.

CREATE TABLE models (
  name         TEXT PRIMARY KEY CHECK (name <> ''),
  format       INTEGER NOT NULL,
  data_version INTEGER NOT NULL,
  docs         INTEGER NOT NULL,
  model        BLOB NOT NULL,
  trained      TEXT NOT NULL
) WITHOUT ROWID;
