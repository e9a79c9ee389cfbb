package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"spanbench/annot"
)

// DocFilter selects documents to list. Zero fields select everything.
type DocFilter struct {
	Status *annot.Status // only this status
	Query  string        // words that must all appear in the title or the text
	Limit  int           // at most this many (0: no limit)
	Offset int
}

// MaxQuery is the longest DocFilter.Query, in characters (code points).
// SQLite refuses a LIKE pattern over 50,000 bytes with a bare "LIKE or
// GLOB pattern too complex"; a search that long is a paste gone wrong.
const MaxQuery = 1000

// check refuses a filter the queries cannot run.
func (f DocFilter) check() error {
	if n := utf8.RuneCountInString(strings.TrimSpace(f.Query)); n > MaxQuery {
		return annot.Invalidf("query", "the search is %d characters long; at most %d", n, MaxQuery)
	}
	return nil
}

const docColumns = `d.id, d.title, d.status, d.meta, d.sha256, d.length, d.n_quote, d.n_claim, d.n_entity, d.n_cue, d.created, d.updated`

// parseMap reads a meta or attrs column: a JSON object of strings, as
// mapJSON wrote it. Listing 10,000 documents parses 10,000 of them, so
// the common case (no escapes) is read by hand; anything else goes through
// encoding/json. A column that is not such an object is damage, reported
// as such (reading it as empty would lose it on the next save).
func parseMap(s, what string) (map[string]string, error) {
	if s == "" || s == "{}" {
		return nil, nil
	}
	if m, ok := parseFlatObject(s); ok {
		return m, nil
	}
	m := map[string]string{}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, damagedValue(what, err)
	}
	return m, nil
}

// damagedValue reports a stored value Spanbench did not write.
func damagedValue(what string, err error) error {
	return damaged("", fmt.Sprintf("%s: %v", what, err))
}

// parseFlatObject parses {"k":"v",...} whose strings hold no backslash;
// ok is false for anything else.
func parseFlatObject(s string) (map[string]string, bool) {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' || strings.IndexByte(s, '\\') >= 0 {
		return nil, false
	}
	m := make(map[string]string, 4)
	i := 1
	str := func() (string, bool) {
		if i >= len(s) || s[i] != '"' {
			return "", false
		}
		j := strings.IndexByte(s[i+1:], '"')
		if j < 0 {
			return "", false
		}
		v := s[i+1 : i+1+j]
		i += j + 2
		return v, true
	}
	for i < len(s)-1 {
		k, ok := str()
		if !ok || i >= len(s) || s[i] != ':' {
			return nil, false
		}
		i++
		v, ok := str()
		if !ok {
			return nil, false
		}
		m[k] = v
		if i < len(s)-1 {
			if s[i] != ',' {
				return nil, false
			}
			i++
		}
	}
	return m, true
}

// where builds the WHERE clause of a document filter. A query matches a
// title containing it, or texts containing all its words (full-text index).
// With pending, texts still waiting for the index (see search.go) match
// when they contain every word.
func (f DocFilter) where(pending bool) (string, []any) {
	var conds []string
	var args []any
	if f.Status != nil {
		conds = append(conds, "d.status = ?")
		args = append(args, string(*f.Status))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		cond := "d.title LIKE ? ESCAPE '\\'"
		args = append(args, "%"+likeEscape(q)+"%")
		if m := ftsQuery(q); m != "" {
			cond += " OR d.seq IN (SELECT docid FROM doc_fts WHERE doc_fts MATCH ?)"
			args = append(args, m)
			if pending {
				var likes []string
				for _, w := range ftsWords(q) {
					likes = append(likes, "t.text LIKE ? ESCAPE '\\'")
					args = append(args, "%"+likeEscape(w)+"%")
				}
				cond += " OR d.seq IN (SELECT p.seq FROM fts_pending p JOIN doc_texts t ON t.seq = p.seq WHERE " + balancedAnd(likes) + ")"
			}
		}
		conds = append(conds, "("+cond+")")
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// balancedAnd joins conditions with AND as a balanced tree: SQLite parses
// "a AND b AND c" as a chain, and a query of hundreds of words would pass
// its expression depth limit of 1,000.
func balancedAnd(conds []string) string {
	if len(conds) == 1 {
		return conds[0]
	}
	mid := len(conds) / 2
	return "(" + balancedAnd(conds[:mid]) + " AND " + balancedAnd(conds[mid:]) + ")"
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func ftsWords(q string) []string {
	return strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// ftsQuery turns what a user typed into an FTS4 query of quoted words, all
// required; the last word matches as a prefix so results follow typing.
func ftsQuery(q string) string {
	words := ftsWords(q)
	for i, w := range words {
		words[i] = `"` + w + `"`
	}
	if len(words) > 0 {
		words[len(words)-1] = strings.TrimSuffix(words[len(words)-1], `"`) + `*"`
	}
	return strings.Join(words, " ")
}

// ListDocuments returns documents in import order, without their texts.
func (s *Store) ListDocuments(ctx context.Context, f DocFilter) ([]annot.DocInfo, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	where, args := f.where(f.Query != "" && s.ensureIndexed(ctx))
	cols, where, args, err := s.docView(ctx, where, args)
	if err != nil {
		return nil, err
	}
	q := `SELECT ` + cols + ` FROM documents d` + where + ` ORDER BY d.seq`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, f.Offset)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []annot.DocInfo
	row := newDocRow(false, false)
	for rows.Next() {
		d, err := row.scan(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, d)
	}
	return out, translate(rows.Err())
}

// CountDocuments counts the documents a filter selects.
func (s *Store) CountDocuments(ctx context.Context, f DocFilter) (int, error) {
	if err := f.check(); err != nil {
		return 0, err
	}
	where, args := f.where(f.Query != "" && s.ensureIndexed(ctx))
	_, where, args, err := s.docView(ctx, where, args)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM documents d`+where, args...).Scan(&n)
	return n, translate(err)
}

// Progress counts the project's documents by status.
type Progress struct {
	Total, Todo, InProgress, Done int
}

// Progress returns how far the project is.
func (s *Store) Progress(ctx context.Context) (Progress, error) {
	var p Progress
	where, args := "", []any(nil)
	if v, err := s.blindViewer(ctx); err != nil {
		return p, err
	} else if v != "" {
		where, args = " WHERE "+assignedTo, []any{v}
	}
	err := s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(status = 'todo'), 0), coalesce(sum(status = 'in_progress'), 0), coalesce(sum(status = 'done'), 0) FROM documents d`+where, args...).
		Scan(&p.Total, &p.Todo, &p.InProgress, &p.Done)
	return p, translate(err)
}

// DocInfo returns one document's header.
func (s *Store) DocInfo(ctx context.Context, id string) (annot.DocInfo, error) {
	d, err := scanDocInfo(s.db.QueryRowContext(ctx, `SELECT `+docColumns+` FROM documents d WHERE d.id = ?`, id))
	if err == sql.ErrNoRows {
		return d, annot.NotFoundf("document", "document %s does not exist", id)
	}
	return d, translate(err)
}

// Document returns one document with its text.
func (s *Store) Document(ctx context.Context, id string) (annot.Document, error) {
	return document(ctx, s.db, id)
}

func document(ctx context.Context, q querier, id string) (annot.Document, error) {
	row := newDocRow(false, true)
	info, err := row.scan(q.QueryRowContext(ctx, `SELECT `+docColumns+`, t.text FROM documents d JOIN doc_texts t ON t.seq = d.seq WHERE d.id = ?`, id))
	if err == sql.ErrNoRows {
		return annot.Document{}, annot.NotFoundf("document", "document %s does not exist", id)
	}
	if err != nil {
		return annot.Document{}, translate(err)
	}
	return annot.Document{ID: info.ID, Title: info.Title, Text: row.text, Meta: info.Meta, Status: info.Status,
		SHA256: info.SHA256, Created: info.Created, Updated: info.Updated}, nil
}

// Bundle returns a document with its spans (by start, longest first) and
// relations (by creation), read in one read transaction: a consistent
// snapshot even while another window or command writes, so every relation
// it returns has both its ends.
func (s *Store) Bundle(ctx context.Context, id string) (annot.Bundle, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return annot.Bundle{}, err
	}
	defer tx.Rollback()
	doc, err := document(ctx, tx, id)
	if err != nil {
		return annot.Bundle{}, err
	}
	s.cacheIndex(doc.ID, doc.Text)
	spans, err := s.querySpans(ctx, tx, `WHERE doc_id = ? ORDER BY doc_id, start`, id)
	if err != nil {
		return annot.Bundle{}, err
	}
	annot.SortSpans(spans)
	rels, err := queryRelations(ctx, tx, `WHERE doc_id = ?`, id)
	if err != nil {
		return annot.Bundle{}, err
	}
	sortRelations(rels)
	if spans, rels, err = s.viewSpans(ctx, spans, rels); err != nil {
		return annot.Bundle{}, err
	}
	return annot.Bundle{Doc: doc, Spans: spans, Relations: rels}, nil
}

const spanColumns = `id, doc_id, start, "end", fragments, layer, label, attrs, note, annotator, created, updated`

// Spans returns a document's spans ordered by start, then longest first,
// then by id. SQLite returns them in index order (start, id) and Go sorts
// the rest: cheaper than SQLite sorting whole rows (20,000 in a 1 MB
// article).
func (s *Store) Spans(ctx context.Context, docID string) ([]annot.Span, error) {
	spans, err := s.querySpans(ctx, s.db, `WHERE doc_id = ? ORDER BY doc_id, start`, docID)
	if err != nil {
		return nil, err
	}
	annot.SortSpans(spans)
	spans, _, err = s.viewSpans(ctx, spans, nil)
	return spans, err
}

func (s *Store) querySpans(ctx context.Context, q querier, tail string, args ...any) ([]annot.Span, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+spanColumns+` FROM spans `+tail, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []annot.Span
	row := newSpanRow(false, true)
	for rows.Next() {
		sp, err := row.scan(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, sp)
	}
	return out, translate(rows.Err())
}

// Span returns one span.
func (s *Store) Span(ctx context.Context, id string) (annot.Span, error) {
	return getSpan(ctx, s.db, id)
}

func getSpan(ctx context.Context, q querier, id string) (annot.Span, error) {
	sp, err := scanSpan(q.QueryRowContext(ctx, `SELECT `+spanColumns+` FROM spans WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return sp, annot.NotFoundf("span", "span %s does not exist", id)
	}
	return sp, translate(err)
}

const relColumns = `id, doc_id, label, from_id, to_id, annotator, created`

// Relations returns a document's relations in creation order.
func (s *Store) Relations(ctx context.Context, docID string) ([]annot.Relation, error) {
	rs, err := queryRelations(ctx, s.db, `WHERE doc_id = ?`, docID)
	if err != nil {
		return nil, err
	}
	sortRelations(rs)
	if v, err := s.blindViewer(ctx); err != nil || v == "" {
		return rs, err
	}
	spans, err := s.querySpans(ctx, s.db, `WHERE doc_id = ?`, docID)
	if err != nil {
		return nil, err
	}
	_, rs, err = s.viewSpans(ctx, spans, rs)
	return rs, err
}

// getRelation reads one relation; a missing one is a not-found error.
func getRelation(ctx context.Context, q querier, id string) (annot.Relation, error) {
	rs, err := queryRelations(ctx, q, `WHERE id = ?`, id)
	if err != nil {
		return annot.Relation{}, err
	}
	if len(rs) == 0 {
		return annot.Relation{}, annot.NotFoundf("relation", "relation %s does not exist", id)
	}
	return rs[0], nil
}

func queryRelations(ctx context.Context, q querier, tail string, args ...any) ([]annot.Relation, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+relColumns+` FROM relations `+tail, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []annot.Relation
	row := newRelRow(false, true)
	for rows.Next() {
		r, err := row.scan(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, r)
	}
	return out, translate(rows.Err())
}

// indexCache keeps the offset index of recently used documents: texts never
// change, and validating a span needs the grapheme table of its document.
type indexCache struct {
	mu   sync.Mutex
	keys []string
	ix   map[string]*annot.Index
}

var indexes = &indexCache{ix: map[string]*annot.Index{}}

func (s *Store) cacheIndex(docID, text string) *annot.Index {
	key := s.path + "\x00" + docID
	indexes.mu.Lock()
	defer indexes.mu.Unlock()
	if ix, ok := indexes.ix[key]; ok && ix.Text() == text {
		return ix
	}
	ix := annot.NewIndex(text)
	if len(indexes.keys) >= 8 {
		delete(indexes.ix, indexes.keys[0])
		indexes.keys = indexes.keys[1:]
	}
	indexes.keys = append(indexes.keys, key)
	indexes.ix[key] = ix
	return ix
}

func (s *Store) index(ctx context.Context, q querier, docID string) (*annot.Index, error) {
	key := s.path + "\x00" + docID
	indexes.mu.Lock()
	ix, ok := indexes.ix[key]
	indexes.mu.Unlock()
	if ok {
		return ix, nil
	}
	var text string
	err := q.QueryRowContext(ctx, `SELECT t.text FROM doc_texts t JOIN documents d ON d.seq = t.seq WHERE d.id = ?`, docID).Scan(&text)
	if err == sql.ErrNoRows {
		return nil, annot.NotFoundf("document", "document %s does not exist", docID)
	}
	if err != nil {
		return nil, err
	}
	return s.cacheIndex(docID, text), nil
}

// Labels returns the project's label set in label-bar order.
func (s *Store) Labels(ctx context.Context) ([]annot.Label, error) {
	rows, err := s.labelRows(ctx, s.db)
	if err != nil {
		return nil, err
	}
	return rowsToLabels(rows), nil
}

func (s *Store) labelRows(ctx context.Context, q querier) ([]labelRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, layer, name, color, key, position FROM labels ORDER BY position, id`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []labelRow
	for rows.Next() {
		var l labelRow
		if err := rows.Scan(&l.ID, &l.Layer, &l.Name, &l.Color, &l.Key, &l.Position); err != nil {
			return nil, translate(err)
		}
		out = append(out, l)
	}
	return out, translate(rows.Err())
}

// SetLabels replaces the project's label set with labels, in that order, as
// one undoable action: labels with an ID update that label (a rename
// renames it on every span), labels without one are added, and labels left
// out are deleted, which fails while any span or relation uses them.
func (s *Store) SetLabels(ctx context.Context, annotator string, labels []annot.Label) ([]annot.Label, error) {
	return s.EditLabels(ctx, annotator, func([]annot.Label) ([]annot.Label, error) { return labels, nil })
}

// EditLabels is SetLabels with the new set computed by edit from the set as
// stored, read inside the action's transaction: an edit made from what
// another window saved a moment ago cannot undo it. An edit error, or a
// new set equal to the stored one, writes nothing.
func (s *Store) EditLabels(ctx context.Context, annotator string, edit func(stored []annot.Label) ([]annot.Label, error)) ([]annot.Label, error) {
	_, err := s.act(ctx, annotator, "", "edit labels", func(w *writer) error {
		old, err := s.labelRows(ctx, w.tx)
		if err != nil {
			return err
		}
		stored := rowsToLabels(old)
		labels, err := edit(slices.Clone(stored))
		if err != nil {
			return err
		}
		if slices.Equal(stored, labels) {
			return errNothingToDo
		}
		if err := annot.ValidateLabels(labels); err != nil {
			return err
		}
		byID := map[int64]labelRow{}
		for _, r := range old {
			byID[r.ID] = r
		}
		keep := map[int64]bool{}
		for _, l := range labels {
			if l.ID != 0 {
				keep[l.ID] = true
			}
		}
		for _, r := range old {
			if !keep[r.ID] {
				r := r
				if err := w.putLabel(&r, nil); err != nil {
					return err
				}
			}
		}
		// Labels renamed to a name another kept label has now (a swap, or
		// a new label taking a renamed one's name) pass through a name no
		// label can have (it holds a space) first, so no state in between
		// has one name twice in a layer. New labels come after the updates.
		held := map[string]int64{}
		for _, r := range old {
			if keep[r.ID] {
				held[string(r.Layer)+"/"+r.Name] = r.ID
			}
		}
		swap := false
		for _, l := range labels {
			if id, ok := held[string(l.Layer)+"/"+l.Name]; ok && id != l.ID {
				swap = true
			}
		}
		for i, l := range labels {
			before, ok := byID[l.ID]
			if l.ID != 0 && !ok {
				return annot.NotFoundf(fmt.Sprintf("labels[%d].id", i), "label id %d does not exist", l.ID)
			}
			if swap && l.ID != 0 && before.Name != l.Name {
				tmp := before
				tmp.Name = fmt.Sprintf("renaming %d", l.ID)
				if err := w.putLabel(&before, &tmp); err != nil {
					return err
				}
				byID[l.ID] = tmp
			}
		}
		for i, l := range labels {
			after := &labelRow{Label: l, Position: i}
			if before := byID[l.ID]; l.ID != 0 && (before.Label != l || before.Position != i) {
				if err := w.putLabel(&before, after); err != nil {
					return err
				}
			}
		}
		for i, l := range labels {
			if l.ID == 0 {
				if err := w.putLabel(nil, &labelRow{Label: l, Position: i}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, errNothingToDo) {
		return nil, err
	}
	return s.Labels(ctx)
}

// LabelUses counts, by layer and label name, the spans and relations
// carrying each label (a label no one uses is absent).
func (s *Store) LabelUses(ctx context.Context) (map[annot.Layer]map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT layer, label, count(*) FROM spans GROUP BY layer, label
		UNION ALL SELECT 'relation', label, count(*) FROM relations GROUP BY label`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := map[annot.Layer]map[string]int{}
	for rows.Next() {
		var layer annot.Layer
		var name string
		var n int
		if err := rows.Scan(&layer, &name, &n); err != nil {
			return nil, translate(err)
		}
		if out[layer] == nil {
			out[layer] = map[string]int{}
		}
		out[layer][name] = n
	}
	return out, translate(rows.Err())
}

// Annotators returns everyone who has changed the project, by name.
func (s *Store) Annotators(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM annotators ORDER BY name`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, translate(err)
		}
		out = append(out, n)
	}
	return out, translate(rows.Err())
}

// Setting returns a project setting, or def when it is not set.
func (s *Store) Setting(ctx context.Context, key, def string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if err == sql.ErrNoRows {
		return def, nil
	}
	return v, translate(err)
}

// SetSetting stores a project setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		return err
	})
}
