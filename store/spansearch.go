package store

import (
	"context"
	"fmt"
	"strings"

	"spanbench/annot"
)

// SpanFilter selects spans across the whole project for a concordance.
// Zero fields match every span.
type SpanFilter struct {
	Layer annot.Layer // "" for every layer
	Label string      // exact label name; "" for any
	// Text is a substring of the span's text, in any case; a discontinuous
	// span's text is its pieces joined by " … ".
	Text    string
	AttrKey string  // the span has this attribute; "" for no condition
	AttrVal *string // ... with this value; nil for any value
	// Limit caps the hits (0: no cap); Context is how many code points of
	// text each side of a span a hit carries (cut at grapheme boundaries).
	Limit, Context int
}

// SpanHit is one line of a concordance: the span, its document's title
// and the text around it.
type SpanHit struct {
	Span              annot.Span
	Title             string
	Left, Text, Right string
}

// ConcordanceGap joins the pieces of a discontinuous span in SpanHit.Text.
const ConcordanceGap = " … "

// spanSearchBatch bounds the rows one query of SearchSpans reads; the text
// filter runs in Go (SQLite folds only ASCII case), so a batch may yield
// fewer hits than rows.
const spanSearchBatch = 2000

// SearchSpans returns the spans matching f in document order (import
// order, then start, longest first), each with its context.
func (s *Store) SearchSpans(ctx context.Context, f SpanFilter) ([]SpanHit, error) {
	if f.Layer != "" {
		if _, err := annot.ParseLayer(string(f.Layer)); err != nil {
			return nil, err
		}
	}
	var conds []string
	var args []any
	if f.Layer != "" {
		conds, args = append(conds, `s.layer = ?`), append(args, string(f.Layer))
	}
	if f.Label != "" {
		conds, args = append(conds, `s.label = ?`), append(args, f.Label)
	}
	if f.AttrKey != "" {
		if f.AttrVal != nil {
			conds, args = append(conds, `EXISTS (SELECT 1 FROM json_each(s.attrs) a WHERE a.key = ? AND a.value = ?)`), append(args, f.AttrKey, *f.AttrVal)
		} else {
			conds, args = append(conds, `EXISTS (SELECT 1 FROM json_each(s.attrs) a WHERE a.key = ?)`), append(args, f.AttrKey)
		}
	}
	text := strings.ToLower(f.Text)
	var hits []SpanHit
	// Batches continue after the last row read (keyset), in the order of
	// the ORDER BY below.
	var after *searchKey
	for {
		where := append([]string(nil), conds...)
		wargs := append([]any(nil), args...)
		if after != nil {
			where = append(where, `(d.seq > ? OR (d.seq = ? AND (s.start > ? OR (s.start = ? AND (s."end" < ? OR (s."end" = ? AND s.id > ?))))))`)
			wargs = append(wargs, after.seq, after.seq, after.start, after.start, after.end, after.end, after.id)
		}
		q := `SELECT d.seq, d.title, ` + prefixed("s.", spanColumns) + ` FROM spans s JOIN documents d ON d.id = s.doc_id`
		if len(where) > 0 {
			q += ` WHERE ` + strings.Join(where, ` AND `)
		}
		q += ` ORDER BY d.seq, s.start, s."end" DESC, s.id LIMIT ?`
		batch, err := s.searchBatch(ctx, q, append(wargs, spanSearchBatch))
		if err != nil {
			return nil, err
		}
		for _, r := range batch {
			ix, err := s.index(ctx, s.db, r.hit.Span.DocID)
			if err != nil {
				return nil, translate(err)
			}
			h := r.hit
			h.Text = spanText(ix, h.Span)
			if text != "" && !strings.Contains(strings.ToLower(h.Text), text) {
				continue
			}
			h.Left, h.Right = contextAround(ix, h.Span.Start, h.Span.End, f.Context)
			hits = append(hits, h)
			if f.Limit > 0 && len(hits) >= f.Limit {
				return hits, nil
			}
		}
		if len(batch) < spanSearchBatch {
			return hits, nil
		}
		last := batch[len(batch)-1]
		after = &last.key
	}
}

type searchKey struct {
	seq        int64
	start, end int
	id         string
}

type searchRow struct {
	key searchKey
	hit SpanHit
}

func (s *Store) searchBatch(ctx context.Context, q string, args []any) ([]searchRow, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []searchRow
	var seq int64
	var title string
	sr := newSpanRow(false, true)
	sr.dest = append([]any{&seq, &title}, sr.dest...)
	for rows.Next() {
		sp, err := sr.scan(rows)
		if err != nil {
			return nil, translate(err)
		}
		r := searchRow{hit: SpanHit{Span: sp, Title: title}}
		r.key.seq = seq
		r.key.start, r.key.end, r.key.id = sp.Start, sp.End, sp.ID
		out = append(out, r)
	}
	return out, translate(rows.Err())
}

// prefixed qualifies a comma-separated column list with a table alias.
func prefixed(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i, c := range parts {
		parts[i] = p + c
	}
	return strings.Join(parts, ", ")
}

// spanText is a span's text, its pieces joined by ConcordanceGap.
func spanText(ix *annot.Index, sp annot.Span) string {
	var b strings.Builder
	for i, p := range sp.Pieces() {
		if i > 0 {
			b.WriteString(ConcordanceGap)
		}
		b.WriteString(ix.Slice(p.Start, p.End))
	}
	return b.String()
}

// contextAround returns about n code points of text before start and after
// end, never splitting a grapheme cluster.
func contextAround(ix *annot.Index, start, end, n int) (left, right string) {
	if n <= 0 {
		return "", ""
	}
	l := ix.SnapGrapheme(max(start-n, 0), false)
	r := ix.SnapGrapheme(min(end+n, ix.Len()), true)
	return ix.Slice(l, start), ix.Slice(end, r)
}

// ParseAttrFilter reads "key=value" (or a bare "key": any value) into f.
func (f *SpanFilter) ParseAttrFilter(s string) error {
	if s == "" {
		f.AttrKey, f.AttrVal = "", nil
		return nil
	}
	k, v, ok := strings.Cut(s, "=")
	k = strings.TrimSpace(k)
	if k == "" {
		return fmt.Errorf("attribute filter %q: want key=value or key", s)
	}
	f.AttrKey, f.AttrVal = k, nil
	if ok {
		f.AttrVal = &v
	}
	return nil
}
