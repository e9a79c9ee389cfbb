-- 0006: rejections of suggestions are edits of the log, so undo takes
-- one back in order with the other edits, after a restart too. SQLite
-- cannot change a CHECK in place: the edits table is copied into one
-- whose entity may also be 'rejection', with its indexes and triggers.
CREATE TABLE edits_new (
  id        INTEGER PRIMARY KEY,
  action_id INTEGER NOT NULL REFERENCES actions (id),
  entity    TEXT NOT NULL CHECK (entity IN ('document', 'span', 'relation', 'label', 'rejection')),
  entity_id TEXT NOT NULL,
  before    TEXT,   -- JSON of the entity before; NULL when created
  after     TEXT    -- JSON after; NULL when deleted
);
INSERT INTO edits_new (id, action_id, entity, entity_id, before, after)
  SELECT id, action_id, entity, entity_id, before, after FROM edits;
DROP TABLE edits;
ALTER TABLE edits_new RENAME TO edits;
CREATE INDEX edits_action ON edits (action_id);
CREATE INDEX edits_entity ON edits (entity_id);
CREATE TRIGGER edits_append_only_u BEFORE UPDATE ON edits BEGIN
  SELECT RAISE (ABORT, 'the edit log is append-only');
END;
CREATE TRIGGER edits_append_only_d BEFORE DELETE ON edits BEGIN
  SELECT RAISE (ABORT, 'the edit log is append-only');
END;
