-- 0001: the first project schema.

CREATE TABLE documents (
  seq     INTEGER PRIMARY KEY,          -- rowid; also the full-text index's docid
  id      TEXT NOT NULL UNIQUE,         -- UUID
  title   TEXT NOT NULL,
  status  TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'in_progress', 'done')),
  meta    TEXT NOT NULL DEFAULT '{}',   -- JSON object of strings
  sha256  TEXT NOT NULL,
  length  INTEGER NOT NULL,             -- code points
  n_quote  INTEGER NOT NULL DEFAULT 0,  -- span counts per layer, kept by triggers
  n_claim  INTEGER NOT NULL DEFAULT 0,
  n_entity INTEGER NOT NULL DEFAULT 0,
  n_cue    INTEGER NOT NULL DEFAULT 0,
  created TEXT NOT NULL,
  updated TEXT NOT NULL
);
CREATE INDEX documents_sha256 ON documents (sha256);
CREATE INDEX documents_status ON documents (status, seq);

-- Texts live apart so listing documents never reads them.
CREATE TABLE doc_texts (
  seq  INTEGER PRIMARY KEY REFERENCES documents (seq) ON DELETE CASCADE,
  text TEXT NOT NULL
);

-- Full-text search over texts (FTS4: no build tag needed), external content.
CREATE VIRTUAL TABLE doc_fts USING fts4 (content="doc_texts", text);
CREATE TRIGGER doc_texts_bd BEFORE DELETE ON doc_texts BEGIN
  DELETE FROM doc_fts WHERE docid = old.seq;
END;
CREATE TRIGGER doc_texts_ai AFTER INSERT ON doc_texts BEGIN
  INSERT INTO doc_fts (docid, text) VALUES (new.seq, new.text);
END;
CREATE TRIGGER doc_texts_bu BEFORE UPDATE ON doc_texts BEGIN
  SELECT RAISE (ABORT, 'document texts are immutable');
END;

CREATE TABLE labels (
  id       INTEGER PRIMARY KEY,
  layer    TEXT NOT NULL CHECK (layer IN ('quote', 'claim', 'entity', 'cue', 'relation')),
  name     TEXT NOT NULL CHECK (name <> ''),
  color    TEXT NOT NULL,
  key      TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,
  UNIQUE (layer, name)
);

CREATE TABLE annotators (
  name    TEXT PRIMARY KEY,
  created TEXT NOT NULL
);

CREATE TABLE spans (
  id        TEXT PRIMARY KEY,
  doc_id    TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  start     INTEGER NOT NULL CHECK (start >= 0),
  "end"     INTEGER NOT NULL CHECK ("end" > start),
  fragments TEXT,                       -- JSON [[s,e],...] when discontinuous
  layer     TEXT NOT NULL CHECK (layer IN ('quote', 'claim', 'entity', 'cue')),
  label     TEXT NOT NULL,
  attrs     TEXT NOT NULL DEFAULT '{}',
  note      TEXT NOT NULL DEFAULT '',
  annotator TEXT NOT NULL DEFAULT '',
  created   TEXT NOT NULL,
  updated   TEXT NOT NULL,
  FOREIGN KEY (layer, label) REFERENCES labels (layer, name) ON UPDATE CASCADE
) WITHOUT ROWID;
CREATE INDEX spans_doc ON spans (doc_id, start);
CREATE INDEX spans_label ON spans (layer, label);

CREATE TRIGGER spans_ai AFTER INSERT ON spans BEGIN
  UPDATE documents SET
    n_quote = n_quote + (new.layer = 'quote'), n_claim = n_claim + (new.layer = 'claim'),
    n_entity = n_entity + (new.layer = 'entity'), n_cue = n_cue + (new.layer = 'cue')
  WHERE id = new.doc_id;
END;
CREATE TRIGGER spans_ad AFTER DELETE ON spans BEGIN
  UPDATE documents SET
    n_quote = n_quote - (old.layer = 'quote'), n_claim = n_claim - (old.layer = 'claim'),
    n_entity = n_entity - (old.layer = 'entity'), n_cue = n_cue - (old.layer = 'cue')
  WHERE id = old.doc_id;
END;
CREATE TRIGGER spans_au AFTER UPDATE OF layer, doc_id ON spans BEGIN
  UPDATE documents SET
    n_quote = n_quote - (old.layer = 'quote'), n_claim = n_claim - (old.layer = 'claim'),
    n_entity = n_entity - (old.layer = 'entity'), n_cue = n_cue - (old.layer = 'cue')
  WHERE id = old.doc_id;
  UPDATE documents SET
    n_quote = n_quote + (new.layer = 'quote'), n_claim = n_claim + (new.layer = 'claim'),
    n_entity = n_entity + (new.layer = 'entity'), n_cue = n_cue + (new.layer = 'cue')
  WHERE id = new.doc_id;
END;

CREATE TABLE relations (
  id          TEXT PRIMARY KEY,
  doc_id      TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  label_layer TEXT NOT NULL DEFAULT 'relation' CHECK (label_layer = 'relation'),
  label       TEXT NOT NULL,
  from_id     TEXT NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
  to_id       TEXT NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
  annotator   TEXT NOT NULL DEFAULT '',
  created     TEXT NOT NULL,
  FOREIGN KEY (label_layer, label) REFERENCES labels (layer, name) ON UPDATE CASCADE
) WITHOUT ROWID;
CREATE INDEX relations_doc ON relations (doc_id);
CREATE INDEX relations_from ON relations (from_id);
CREATE INDEX relations_to ON relations (to_id);

-- A relation's ends are spans of its own document.
CREATE TRIGGER relations_same_doc BEFORE INSERT ON relations
WHEN (SELECT doc_id FROM spans WHERE id = new.from_id) IS NOT new.doc_id
  OR (SELECT doc_id FROM spans WHERE id = new.to_id) IS NOT new.doc_id
BEGIN
  SELECT RAISE (ABORT, 'relation ends must be spans of the relation''s document');
END;

-- The edit log: one action per user action or import, with the edits it made.
-- Append-only: the triggers below refuse updates and deletes.
CREATE TABLE actions (
  id        INTEGER PRIMARY KEY,
  ts        TEXT NOT NULL,
  annotator TEXT NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('edit', 'undo', 'redo', 'import')),
  reverts   INTEGER REFERENCES actions (id), -- undo: the action undone; redo: the action re-applied
  doc_id    TEXT,                            -- the document it touched, if one
  summary   TEXT NOT NULL
);
CREATE INDEX actions_annotator ON actions (annotator, id);

CREATE TABLE edits (
  id        INTEGER PRIMARY KEY,
  action_id INTEGER NOT NULL REFERENCES actions (id),
  entity    TEXT NOT NULL CHECK (entity IN ('document', 'span', 'relation', 'label')),
  entity_id TEXT NOT NULL,
  before    TEXT,   -- JSON of the entity before; NULL when created
  after     TEXT    -- JSON after; NULL when deleted
);
CREATE INDEX edits_action ON edits (action_id);
CREATE INDEX edits_entity ON edits (entity_id);

CREATE TRIGGER actions_append_only_u BEFORE UPDATE ON actions BEGIN
  SELECT RAISE (ABORT, 'the edit log is append-only');
END;
CREATE TRIGGER actions_append_only_d BEFORE DELETE ON actions BEGIN
  SELECT RAISE (ABORT, 'the edit log is append-only');
END;
CREATE TRIGGER edits_append_only_u BEFORE UPDATE ON edits BEGIN
  SELECT RAISE (ABORT, 'the edit log is append-only');
END;
CREATE TRIGGER edits_append_only_d BEFORE DELETE ON edits BEGIN
  SELECT RAISE (ABORT, 'the edit log is append-only');
END;

-- Project-wide settings (key/value), e.g. the cue-verb lexicon.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
