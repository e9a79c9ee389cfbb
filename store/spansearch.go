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

// spanSearchDocs is how many documents one query of SearchSpans covers.
// The text filter runs in Go (SQLite folds only ASCII case) over the
// documents' texts, so a search may read the whole project; windows of
// documents in import order keep each query small and in index order
// (documents by seq, their spans by spans_doc), with nothing to sort but a
// window's spans.
const spanSearchDocs = 256

// SearchSpans returns the spans matching f in document order (import
// order, then start, longest first), each with its context.
func (s *Store) SearchSpans(ctx context.Context, f SpanFilter) ([]SpanHit, error) {
	if f.Layer != "" {
		if _, err := annot.ParseLayer(string(f.Layer)); err != nil {
			return nil, err
		}
	}
	conds := []string{`d.seq >= ?`, `d.seq < ?`}
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
	if v, err := s.blindViewer(ctx); err != nil {
		return nil, err
	} else if v != "" {
		conds, args = append(conds, `s.annotator = ?`, assignedTo), append(args, v, v)
	}
	q := `SELECT d.seq, d.title, ` + prefixed("s.", spanColumns) + ` FROM documents d CROSS JOIN spans s ON s.doc_id = d.id WHERE ` +
		strings.Join(conds, ` AND `) + ` ORDER BY d.seq, s.start, s."end" DESC, s.id`
	text := strings.ToLower(f.Text)
	var last int64
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM documents`).Scan(&last); err != nil {
		return nil, translate(err)
	}
	var hits []SpanHit
	for first := int64(0); first <= last; first += spanSearchDocs {
		batch, seqs, err := s.searchBatch(ctx, q, append([]any{first, first + spanSearchDocs}, args...))
		if err != nil {
			return nil, err
		}
		// The window's texts, read once each (a text the cache holds would
		// be read again: cheaper than a query per document).
		texts, err := s.searchTexts(ctx, seqs)
		if err != nil {
			return nil, err
		}
		for i, h := range batch {
			ix := texts[seqs[i]]
			if ix == nil {
				return nil, annot.NotFoundf("document", "document %s has no text", h.Span.DocID)
			}
			h.Text = SpanText(ix, h.Span)
			if text != "" && !strings.Contains(strings.ToLower(h.Text), text) {
				continue
			}
			h.Left, h.Right = contextAround(ix, h.Span.Start, h.Span.End, f.Context)
			hits = append(hits, h)
			if f.Limit > 0 && len(hits) >= f.Limit {
				return hits, nil
			}
		}
	}
	return hits, nil
}

// searchBatch reads one window's rows, and each row's document seq.
func (s *Store) searchBatch(ctx context.Context, q string, args []any) ([]SpanHit, []int64, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, nil, translate(err)
	}
	defer rows.Close()
	var out []SpanHit
	var seqs []int64
	var seq int64
	var title string
	sr := newSpanRow(false, true)
	sr.dest = append([]any{&seq, &title}, sr.dest...)
	for rows.Next() {
		sp, err := sr.scan(rows)
		if err != nil {
			return nil, nil, translate(err)
		}
		out = append(out, SpanHit{Span: sp, Title: title})
		seqs = append(seqs, seq)
	}
	return out, seqs, translate(rows.Err())
}

// searchTexts reads the texts of documents seqs (repeats allowed), each
// as an offset index.
func (s *Store) searchTexts(ctx context.Context, seqs []int64) (map[int64]*annot.Index, error) {
	out := map[int64]*annot.Index{}
	var in []any
	for _, q := range seqs {
		if _, ok := out[q]; !ok {
			out[q] = nil
			in = append(in, q)
		}
	}
	if len(in) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT seq, text FROM doc_texts WHERE seq IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(in)), ", ")+`)`, in...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var text string
		if err := rows.Scan(&seq, &text); err != nil {
			return nil, translate(err)
		}
		out[seq] = annot.NewIndex(text)
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

// SpanText is a span's text, its pieces joined by ConcordanceGap.
func SpanText(ix *annot.Index, sp annot.Span) string {
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
