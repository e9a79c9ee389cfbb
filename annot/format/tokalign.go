package format

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"

	"spanbench/annot"
)

// tokenSpan returns the tokens of ix first..last (inclusive) that the
// piece [s, e) touches, and whether it starts on the first's start and
// ends on the last's end. A piece that touches no token (it is all
// whitespace) has last < first.
func tokenSpan(ix *annot.Index, s, e int) (first, last int, aligned bool) {
	toks := ix.Tokens()
	first = ix.TokenAt(s)
	last = sort.Search(len(toks), func(i int) bool { return toks[i].Start >= e }) - 1
	aligned = first <= last && toks[first].Start == s && toks[last].End == e
	return first, last, aligned
}

// spanAligned reports whether every piece of sp starts and ends on token
// boundaries of ix.
func spanAligned(ix *annot.Index, sp annot.Span) bool {
	for _, p := range sp.Pieces() {
		if _, _, ok := tokenSpan(ix, p.Start, p.End); !ok {
			return false
		}
	}
	return true
}

// encodeJSON writes v as one JSON line without HTML escaping, so text
// with < > & stays readable.
func encodeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// sortedSpans returns the spans by start, longer first, then id: the
// order exports list them in.
func sortedSpans(spans []annot.Span) []annot.Span {
	out := append([]annot.Span(nil), spans...)
	sort.SliceStable(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x.Start != y.Start {
			return x.Start < y.Start
		}
		if x.End != y.End {
			return x.End > y.End
		}
		return x.ID < y.ID
	})
	return out
}
