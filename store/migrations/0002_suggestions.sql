-- 0002: assisted annotation: rejected suggestions, the cue lexicon, the gazetteer.

-- Suggestions a coder rejected, per document, by their stable key
-- (suggest.Suggestion.Key): never proposed again for that document.
CREATE TABLE suggestion_rejections (
  doc_id    TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  key       TEXT NOT NULL CHECK (key <> ''),
  annotator TEXT NOT NULL,
  created   TEXT NOT NULL,
  PRIMARY KEY (doc_id, key)
) WITHOUT ROWID;

-- The project's changes to the built-in cue lexicon (suggest.DefaultCues):
-- enabled = 1 adds a cue word or phrase, enabled = 0 removes a built-in one.
CREATE TABLE cue_words (
  phrase  TEXT PRIMARY KEY CHECK (phrase <> ''),
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1))
) WITHOUT ROWID;

-- The project gazetteer: names suggested with their entity label wherever
-- they occur. Renaming a label renames it here; deleting it drops its names.
CREATE TABLE gazetteer (
  text        TEXT PRIMARY KEY CHECK (text <> ''),
  label_layer TEXT NOT NULL DEFAULT 'entity' CHECK (label_layer = 'entity'),
  label       TEXT NOT NULL,
  FOREIGN KEY (label_layer, label) REFERENCES labels (layer, name) ON UPDATE CASCADE ON DELETE CASCADE
) WITHOUT ROWID;
