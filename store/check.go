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
	ren, err := loadRenames(ctx, tx)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT e.id, e.entity, e.entity_id, e.after FROM edits e
		JOIN (SELECT max(id) id FROM edits WHERE entity IN ('span', 'relation', 'document') GROUP BY entity, entity_id) l ON l.id = e.id`)
	if err != nil {
		return err
	}
	type latest struct {
		edit       int64
		entity, id string
		after      []byte
	}
	var all []latest
	for rows.Next() {
		var l latest
		var after sql.NullString
		if err := rows.Scan(&l.edit, &l.entity, &l.id, &after); err != nil {
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
			var r annot.Relation
			r, err = getRelation(ctx, tx, l.id)
			stored = &r
		case "document":
			var h *docState
			h, err = getHeader(ctx, tx, l.id)
			if err == nil {
				// Imports log the header with the import's time, not the
				// document's own: compare what an action may change.
				stored = &docState{ID: h.ID, Title: h.Title, Status: h.Status, Meta: h.Meta, SHA256: h.SHA256}
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
			want, err := normalJSON(l.entity, l.after, ren, l.edit)
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

// labelRename is a label edit that changed a label's name.
type labelRename struct {
	edit     int64
	layer    annot.Layer
	from, to string
}

// loadRenames returns the label renames of the edit log, in order.
func loadRenames(ctx context.Context, tx *sql.Tx) ([]labelRename, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, before, after FROM edits WHERE entity = 'label' AND before IS NOT NULL AND after IS NOT NULL ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []labelRename
	for rows.Next() {
		var id int64
		var before, after []byte
		if err := rows.Scan(&id, &before, &after); err != nil {
			return nil, err
		}
		var b, a labelRow
		if json.Unmarshal(before, &b) != nil || json.Unmarshal(after, &a) != nil {
			continue // an unreadable entry is not a rename; the label itself is not compared
		}
		if a.Name != b.Name {
			out = append(out, labelRename{edit: id, layer: b.Layer, from: b.Name, to: a.Name})
		}
	}
	return out, rows.Err()
}

// renamedSince follows label name of layer through the renames logged
// after edit since: a rename changes a label on its spans and relations
// (ON UPDATE CASCADE) without logging them, so their latest entries keep
// the name they had then.
func renamedSince(ren []labelRename, layer annot.Layer, name string, since int64) string {
	for _, r := range ren {
		if r.edit > since && r.layer == layer && r.from == name {
			name = r.to
		}
	}
	return name
}

// normalJSON re-encodes a logged entity the way the check encodes the
// stored one, so that equal states compare equal byte for byte; labels
// renamed after the entry (at edit since) carry their current name.
func normalJSON(entity string, raw []byte, ren []labelRename, since int64) ([]byte, error) {
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
		sp.Label = renamedSince(ren, sp.Layer, sp.Label, since)
		v = &sp
	case "relation":
		var r annot.Relation
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, err
		}
		r.Label = renamedSince(ren, annot.LayerRelation, r.Label, since)
		v = &r
	case "document":
		var h docState
		if err := json.Unmarshal(raw, &h); err != nil {
			return nil, err
		}
		h.Updated = h.Updated.UTC()
		if len(h.Meta) == 0 {
			h.Meta = nil
		}
		v = &docState{ID: h.ID, Title: h.Title, Status: h.Status, Meta: h.Meta, SHA256: h.SHA256}
	}
	return json.Marshal(v)
}
