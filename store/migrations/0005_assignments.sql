-- 0005: coders and assignments. coders lists the project's coders by
-- name (annotators who made spans or relations count as coders too, and
-- are found in those tables); assignments says which coders are to code
-- which document. Assigning again replaces a document's rows.

CREATE TABLE coders (
  name    TEXT PRIMARY KEY CHECK (name <> ''),
  created TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE assignments (
  doc_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  coder   TEXT NOT NULL REFERENCES coders (name),
  created TEXT NOT NULL,
  PRIMARY KEY (doc_id, coder)
) WITHOUT ROWID;
CREATE INDEX assignments_coder ON assignments (coder, doc_id);
