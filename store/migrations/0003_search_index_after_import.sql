-- 0003: the full-text index is filled after an import commits, in short
-- transactions of its own, rather than inside the import: tokenising took
-- two thirds of an import's time. fts_pending lists the texts not yet in
-- doc_fts; a background task after each import and at open, and any
-- search, index them (store/search.go). Numbered 3 because the
-- suggestions branch adds 2; versions need not be contiguous.

CREATE TABLE fts_pending (
  seq INTEGER PRIMARY KEY  -- a doc_texts.seq whose text is not in doc_fts yet
);

-- The index's content is the indexed texts only, through a view, so that
-- the index always matches its content: PRAGMA integrity_check compares
-- them, and says "malformed" about an index lagging behind its table.
DROP TRIGGER doc_texts_ai;
DROP TRIGGER doc_texts_bd;
DROP TABLE doc_fts;
CREATE VIEW doc_fts_content (rowid, text) AS
  SELECT seq, text FROM doc_texts t WHERE NOT EXISTS (SELECT 1 FROM fts_pending p WHERE p.seq = t.seq);
CREATE VIRTUAL TABLE doc_fts USING fts4 (content="doc_fts_content", text);
INSERT INTO fts_pending (seq) SELECT seq FROM doc_texts;

CREATE TRIGGER doc_texts_ai AFTER INSERT ON doc_texts BEGIN
  INSERT INTO fts_pending (seq) VALUES (new.seq);
END;
-- Only an indexed text may be taken out of the index: FTS4 removes the
-- words it reads from the content, indexed or not.
CREATE TRIGGER doc_texts_bd BEFORE DELETE ON doc_texts
WHEN NOT EXISTS (SELECT 1 FROM fts_pending WHERE seq = old.seq) BEGIN
  DELETE FROM doc_fts WHERE docid = old.seq;
END;
CREATE TRIGGER doc_texts_ad AFTER DELETE ON doc_texts BEGIN
  DELETE FROM fts_pending WHERE seq = old.seq;
END;
