package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"spanbench/annot"
)

// Check examines the whole project file and returns the problems it
// finds, none when the project is sound. It reads everything, so it takes
// a second or so for 10,000 documents; Open does not run it. It checks:
//
//   - SQLite's integrity_check and foreign_key_check;
//   - that nothing is half-applied: every span and relation belongs to an
//     existing document, every relation's ends exist in its document, span
//     counts per layer match the spans, every document has its text;
//   - that the edit log and the tables agree: every document was logged by
//     its import, and every span, relation and document the log touched is
//     now exactly as its latest logged state says (or absent, if that state
//     is deleted);
//   - that every text is in the full-text index or waiting for it.
//
// It never repairs anything.
func (s *Store) Check(ctx context.Context) ([]string, error) {
	var problems []string
	add := func(format string, args ...any) {
		if len(problems) < 100 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	err := func() error {
		tx, err := s.readTx(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		ps, err := pragmaCheck(ctx, tx, "integrity_check")
		if err != nil {
			return err
		}
		for _, p := range ps {
			add("integrity: %s", p)
		}
		if len(ps) > 0 {
			return nil // the rest would only repeat the damage
		}
		rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var table, parent string
			var rowid sql.NullInt64
			var fk int
			if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
				rows.Close()
				return err
			}
			add("foreign key: a row of %s refers to a missing row of %s", table, parent)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, c := range []struct{ what, q string }{
			{"spans without their document", `SELECT count(*) FROM spans s LEFT JOIN documents d ON d.id = s.doc_id WHERE d.id IS NULL`},
			{"relations without their document", `SELECT count(*) FROM relations r LEFT JOIN documents d ON d.id = r.doc_id WHERE d.id IS NULL`},
			{"relations to a missing span or a span of another document", `SELECT count(*) FROM relations r
				WHERE NOT EXISTS (SELECT 1 FROM spans s WHERE s.id = r.from_id AND s.doc_id = r.doc_id)
				   OR NOT EXISTS (SELECT 1 FROM spans s WHERE s.id = r.to_id AND s.doc_id = r.doc_id)`},
			{"documents without their text", `SELECT count(*) FROM documents d LEFT JOIN doc_texts t ON t.seq = d.seq WHERE t.seq IS NULL`},
			{"texts without their document", `SELECT count(*) FROM doc_texts t LEFT JOIN documents d ON d.seq = t.seq WHERE d.seq IS NULL`},
			{"documents whose span counts are wrong", `SELECT count(*) FROM documents d LEFT JOIN (
				SELECT doc_id, sum(layer = 'quote') q, sum(layer = 'claim') c, sum(layer = 'entity') e, sum(layer = 'cue') u FROM spans GROUP BY doc_id) n
				ON n.doc_id = d.id
				WHERE d.n_quote <> coalesce(n.q, 0) OR d.n_claim <> coalesce(n.c, 0) OR d.n_entity <> coalesce(n.e, 0) OR d.n_cue <> coalesce(n.u, 0)`},
			{"texts neither in the search index nor waiting for it", `SELECT (SELECT count(*) FROM doc_texts) - (SELECT count(*) FROM doc_fts_docsize) - (SELECT count(*) FROM fts_pending)`},
			{"texts both in the search index and waiting for it", `SELECT count(*) FROM fts_pending p JOIN doc_fts_docsize z ON z.docid = p.seq`},
			{"documents no import logged", `SELECT count(*) FROM documents d WHERE NOT EXISTS (
				SELECT 1 FROM edits e WHERE e.entity = 'document' AND e.entity_id = d.id AND e.before IS NULL)`},
			{"edits of no action", `SELECT count(*) FROM edits e LEFT JOIN actions a ON a.id = e.action_id WHERE a.id IS NULL`},
		} {
			var n int
			if err := tx.QueryRowContext(ctx, c.q).Scan(&n); err != nil {
				return fmt.Errorf("%s: %w", c.what, err)
			}
			if n != 0 {
				add("%d %s", n, c.what)
			}
		}
		return checkLog(ctx, tx, add)
	}()
	return problems, translate(err)
}

// checkLog compares the latest logged state of every entity the log
// touched with the tables.
func checkLog(ctx context.Context, tx *sql.Tx, add func(string, ...any)) error {
	rows, err := tx.QueryContext(ctx, `SELECT e.entity, e.entity_id, e.after FROM edits e
		JOIN (SELECT max(id) id FROM edits WHERE entity IN ('span', 'relation', 'document') GROUP BY entity, entity_id) l ON l.id = e.id`)
	if err != nil {
		return err
	}
	type latest struct {
		entity, id string
		after      []byte
	}
	var all []latest
	for rows.Next() {
		var l latest
		var after sql.NullString
		if err := rows.Scan(&l.entity, &l.id, &after); err != nil {
			rows.Close()
			return err
		}
		if after.Valid {
			l.after = []byte(after.String)
		}
		all = append(all, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, l := range all {
		var stored any
		var err error
		switch l.entity {
		case "span":
			var sp annot.Span
			sp, err = getSpan(ctx, tx, l.id)
			stored = &sp
		case "relation":
			var rs []annot.Relation
			rs, err = queryRelations(ctx, tx, `WHERE id = ?`, l.id)
			if err == nil && len(rs) == 0 {
				err = annot.ErrNotFound
			}
			if err == nil {
				stored = &rs[0]
			}
		case "document":
			var h *docHeader
			h, err = getHeader(ctx, tx, l.id)
			if err == nil {
				// Imports log the header with the import's time, not the
				// document's own: compare what an action may change.
				stored = &docHeader{ID: h.ID, Title: h.Title, Status: h.Status, Meta: h.Meta, SHA256: h.SHA256}
			}
		}
		exists := err == nil
		if err != nil && annot.KindOf(err) != annot.KindNotFound {
			return err
		}
		switch {
		case l.after == nil && exists:
			add("%s %s is deleted in the edit log but still in the project", l.entity, l.id)
		case l.after != nil && !exists:
			add("%s %s is in the edit log but missing from the project", l.entity, l.id)
		case l.after != nil:
			want, err := normalJSON(l.entity, l.after)
			if err != nil {
				add("%s %s: unreadable edit log entry: %v", l.entity, l.id, err)
				continue
			}
			got, _ := json.Marshal(stored)
			if !bytes.Equal(got, want) {
				add("%s %s differs from its latest edit log entry: %s, logged %s", l.entity, l.id, got, want)
			}
		}
	}
	return nil
}

// normalJSON re-encodes a logged entity the way the check encodes the
// stored one, so that equal states compare equal byte for byte.
func normalJSON(entity string, raw []byte) ([]byte, error) {
	var v any
	switch entity {
	case "span":
		var sp annot.Span
		if err := json.Unmarshal(raw, &sp); err != nil {
			return nil, err
		}
		if len(sp.Attrs) == 0 {
			sp.Attrs = nil
		}
		v = &sp
	case "relation":
		var r annot.Relation
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, err
		}
		v = &r
	case "document":
		var h docHeader
		if err := json.Unmarshal(raw, &h); err != nil {
			return nil, err
		}
		h.Updated = h.Updated.UTC()
		if len(h.Meta) == 0 {
			h.Meta = nil
		}
		v = &docHeader{ID: h.ID, Title: h.Title, Status: h.Status, Meta: h.Meta, SHA256: h.SHA256}
	}
	return json.Marshal(v)
}
