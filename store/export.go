package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"iter"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"spanbench/annot"
)

// ExportFilter selects what an export writes. Zero fields select everything.
type ExportFilter struct {
	Status    *annot.Status // documents with this status
	DocIDs    []string      // only these documents
	Layers    []annot.Layer // spans in these layers
	Labels    []string      // spans with these labels
	Annotator string        // spans by this annotator
}

// filtersSpans reports whether the filter leaves out any spans.
func (f ExportFilter) filtersSpans() bool {
	return len(f.Layers) > 0 || len(f.Labels) > 0 || f.Annotator != ""
}

// keepSpan reports whether a span passes the span filters.
func (f ExportFilter) keepSpan(sp annot.Span) bool {
	if len(f.Layers) > 0 && !slices.Contains(f.Layers, sp.Layer) {
		return false
	}
	if len(f.Labels) > 0 && !slices.Contains(f.Labels, sp.Label) {
		return false
	}
	return f.Annotator == "" || sp.Annotator == f.Annotator
}

// Bundles streams the documents a filter selects, in import order, each
// with its spans (by start, longest first, then id) and relations (by
// creation); relations whose ends were filtered out are dropped. It reads
// everything in one read transaction, so the stream is a consistent
// snapshot even while others write. Documents, spans and relations come
// from three cursors walked side by side in document order, not from two
// queries per document.
func (s *Store) Bundles(ctx context.Context, f ExportFilter) iter.Seq2[annot.Bundle, error] {
	return func(yield func(annot.Bundle, error) bool) {
		// Read ahead in a goroutine of its own, so that reading the next
		// documents overlaps with what the caller does with this one
		// (encoding an export): on two cores an export takes the time of the
		// slower of the two, not their sum.
		//
		// After a long text (bigText) it waits until the caller is done
		// with it: reading ahead several long texts would hold them all.
		type item struct {
			b    annot.Bundle
			err  error
			long bool
		}
		ch := make(chan item, 8)
		taken := make(chan struct{}, 1)
		stop, done := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(done)
			defer close(ch)
			s.readBundles(ctx, f, func(b annot.Bundle, err error) bool {
				// bigText counts code points; a text has at least as many
				// bytes, so most are decided without counting.
				it := item{b, err, len(b.Doc.Text) > bigText && utf8.RuneCountInString(b.Doc.Text) > bigText}
				if bundleRead != nil {
					bundleRead()
				}
				select {
				case ch <- it:
				case <-stop:
					return false
				}
				if it.long {
					select {
					case <-taken:
					case <-stop:
						return false
					}
				}
				return true
			})
		}()
		defer func() {
			close(stop)
			<-done
		}()
		for it := range ch {
			if !yield(it.b, it.err) || it.err != nil {
				return
			}
			if it.long {
				taken <- struct{}{}
			}
		}
	}
}

// bundleRead, when set (by tests), is called for every document Bundles
// has read, before the caller gets it.
var bundleRead func()

// bigText is the length (in code points) above which readBundles reads a
// text with a query of its own. SQLite keeps a text it returns in a buffer
// of its own until the cursor moves to the next row: in the document
// cursor, a 60 MB text stood there beside its Go copy while the document's
// spans and relations were read, the peak of the export. A one-row
// query's buffer goes as soon as the text is copied.
var bigText = 1 << 20

// mapTextMax is the longest text (in code points) an export maps the file
// for (exportMmapBytes). Mapped pages count in the process's memory as
// long as the map lasts, so a mapped 60 MB text is there twice: mapped and
// copied. Exports with such a text read through the page cache instead;
// the map pays off with many documents, not with one long one.
var mapTextMax = 8 << 20

// readBundles is Bundles without the read-ahead.
func (s *Store) readBundles(ctx context.Context, f ExportFilter, yield func(annot.Bundle, error) bool) {
	var conds []string
	var args []any
	if f.Status != nil {
		conds = append(conds, "d.status = ?")
		args = append(args, string(*f.Status))
	}
	if len(f.DocIDs) > 0 {
		ids, _ := json.Marshal(f.DocIDs)
		conds = append(conds, "d.id IN (SELECT value FROM json_each(?))")
		args = append(args, string(ids))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	// Outside the transaction: a document added meanwhile changes only
	// whether the file is mapped.
	var longest sql.NullInt64
	if err := s.rdb.QueryRowContext(ctx, `SELECT max(d.length) FROM documents d`+where, args...).Scan(&longest); err != nil {
		yield(annot.Bundle{}, translate(err))
		return
	}
	tx, err := s.readTx(ctx)
	if err != nil {
		yield(annot.Bundle{}, err)
		return
	}
	defer tx.Rollback()
	if longest.Int64 > int64(mapTextMax) {
		// Nothing is read yet, so the map goes before it is used.
		if _, err := tx.ExecContext(ctx, `PRAGMA mmap_size = 0`); err != nil {
			yield(annot.Bundle{}, translate(err))
			return
		}
	}
	// Long texts are left out of the document cursor and read one by one
	// (bigText).
	docs, err := tx.QueryContext(ctx, `SELECT d.seq, `+docColumns+`, CASE WHEN d.length <= `+strconv.Itoa(bigText)+` THEN t.text END
		FROM documents d JOIN doc_texts t ON t.seq = d.seq`+where+` ORDER BY d.seq`, args...)
	if err != nil {
		yield(annot.Bundle{}, translate(err))
		return
	}
	defer docs.Close()
	// CROSS JOIN keeps documents the outer loop, so rows come grouped by
	// document in seq order without a sort.
	spans, err := tx.QueryContext(ctx, `SELECT d.seq, s.id, s.start, s."end", s.fragments, s.layer, s.label, s.attrs, s.note, s.annotator, s.created, s.updated
		FROM documents d CROSS JOIN spans s ON s.doc_id = d.id`+where+` ORDER BY d.seq`, args...)
	if err != nil {
		yield(annot.Bundle{}, translate(err))
		return
	}
	defer spans.Close()
	rels, err := tx.QueryContext(ctx, `SELECT d.seq, r.id, r.label, r.from_id, r.to_id, r.annotator, r.created
		FROM documents d CROSS JOIN relations r ON r.doc_id = d.id`+where+` ORDER BY d.seq`, args...)
	if err != nil {
		yield(annot.Bundle{}, translate(err))
		return
	}
	defer rels.Close()
	spanScan, relScan := newSpanRow(true, false), newRelRow(true, false)
	sc := &cursor[annot.Span]{rows: spans, seq: &spanScan.seq, scan: spanScan.scan}
	rc := &cursor[annot.Relation]{rows: rels, seq: &relScan.seq, scan: relScan.scan}
	docScan := newDocRow(true, false)
	var short sql.NullString
	docScan.dest = append(docScan.dest, &short)
	var kept map[string]bool
	for docs.Next() {
		d, err := docScan.scan(docs)
		seq, text := int64Of(docScan.seq), short.String
		if err == nil && !short.Valid {
			err = tx.QueryRowContext(ctx, `SELECT text FROM doc_texts WHERE seq = ?`, seq).Scan(&text)
		}
		if err != nil {
			yield(annot.Bundle{}, translate(err))
			return
		}
		b := annot.Bundle{Doc: annot.Document{ID: d.ID, Title: d.Title, Text: text, Meta: d.Meta, Status: d.Status,
			SHA256: d.SHA256, Created: d.Created, Updated: d.Updated}}
		all, err := sc.take(seq)
		if err != nil {
			yield(annot.Bundle{}, translate(err))
			return
		}
		annot.SortSpans(all)
		for i := range all {
			all[i].DocID = d.ID
		}
		rs, err := rc.take(seq)
		if err != nil {
			yield(annot.Bundle{}, translate(err))
			return
		}
		sortRelations(rs)
		for i := range rs {
			rs[i].DocID = d.ID
		}
		if !f.filtersSpans() {
			b.Spans, b.Relations = all, rs
		} else {
			clear(kept)
			if kept == nil {
				kept = map[string]bool{}
			}
			for _, sp := range all {
				if f.keepSpan(sp) {
					b.Spans = append(b.Spans, sp)
					kept[sp.ID] = true
				}
			}
			for _, r := range rs {
				if kept[r.From] && kept[r.To] {
					b.Relations = append(b.Relations, r)
				}
			}
		}
		if !yield(b, nil) {
			return
		}
	}
	if err := docs.Err(); err != nil {
		yield(annot.Bundle{}, translate(err))
	}
}

// cursor walks rows of (document seq, entity) grouped by seq; scan reads
// a row and leaves its seq in *seq.
type cursor[T any] struct {
	rows *sql.Rows
	seq  *any
	scan func(scanner) (T, error)
	at   int64 // seq of next, when has
	next T
	has  bool
	done bool
}

// take returns the entities of document seq. Documents come in seq order
// in every cursor, so rows before seq belong to documents the document
// cursor did not return (none) and are skipped.
func (c *cursor[T]) take(seq int64) ([]T, error) {
	var out []T
	for {
		if !c.has && !c.done {
			if !c.rows.Next() {
				c.done = true
				if err := c.rows.Err(); err != nil {
					return nil, err
				}
			} else {
				v, err := c.scan(c.rows)
				if err != nil {
					return nil, err
				}
				c.at, c.next, c.has = int64Of(*c.seq), v, true
			}
		}
		if !c.has || c.at > seq {
			return out, nil
		}
		if c.at == seq {
			out = append(out, c.next)
		}
		c.has = false
	}
}

func sortRelations(rs []annot.Relation) {
	slices.SortFunc(rs, func(a, b annot.Relation) int {
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}
