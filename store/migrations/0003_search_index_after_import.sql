-- 0003: the full-text index is filled after an import commits, in short
-- transactions of its own, rather than inside the import: tokenising took
-- two thirds of an import's time. fts_pending lists the texts not yet in
-- doc_fts; searches index them first, and a background task after each
-- import and at open does too (store/search.go). Numbered 3 because the
-- suggestions branch adds 2; versions need not be contiguous.

CREATE TABLE fts_pending (
  seq INTEGER PRIMARY KEY  -- a doc_texts.seq whose text is not in doc_fts yet
);

DROP TRIGGER doc_texts_ai;
CREATE TRIGGER doc_texts_ai AFTER INSERT ON doc_texts BEGIN
  INSERT INTO fts_pending (seq) VALUES (new.seq);
END;

-- Only an indexed text may be removed from the index: external-content
-- FTS4 removes the words it reads from the text, indexed or not.
DROP TRIGGER doc_texts_bd;
CREATE TRIGGER doc_texts_bd BEFORE DELETE ON doc_texts
WHEN NOT EXISTS (SELECT 1 FROM fts_pending WHERE seq = old.seq) BEGIN
  DELETE FROM doc_fts WHERE docid = old.seq;
END;
CREATE TRIGGER doc_texts_ad AFTER DELETE ON doc_texts BEGIN
  DELETE FROM fts_pending WHERE seq = old.seq;
END;
