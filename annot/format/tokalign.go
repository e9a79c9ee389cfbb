package format

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"

	"spanbench/annot"
)

// Token formats (conll, hf, spacy) stream a document's tokens from
// annot.Index.TokensCut: the tokenizer's tokens, also cut at every boundary
// of an exported span, so that every span starts and ends on a token
// boundary and none is left out for being "misaligned". Only a piece that
// holds no token at all (whitespace) cannot be placed. Nothing grows with
// the text but the text itself: tokens are written as they come.

// cutsOf returns the sorted, distinct boundaries of pieces.
func cutsOf(pieces []annot.Fragment) []int {
	cuts := make([]int, 0, 2*len(pieces))
	for _, p := range pieces {
		cuts = append(cuts, p.Start, p.End)
	}
	slices.Sort(cuts)
	return slices.Compact(cuts)
}

// metaTokens returns the tokens a document's meta carries, checked
// against its text (checkTokens). ok is false when there are none; err
// says why they cannot be used.
func metaTokens(b *annot.Bundle, ix *annot.Index) (toks []annot.Token, ok bool, err error) {
	raw, has := b.Doc.Meta[TokensMeta]
	if !has {
		return nil, false, nil
	}
	var pairs [][2]int
	if err := json.Unmarshal([]byte(raw), &pairs); err != nil {
		return nil, false, annot.Invalidf("meta.tokens", "not a list of [start, end] pairs: %v", err)
	}
	toks = make([]annot.Token, 0, len(pairs))
	for _, p := range pairs {
		toks = append(toks, annot.Token{Start: p[0], End: p[1]})
	}
	if err := checkTokens(ix, toks); err != nil {
		return nil, false, err
	}
	return toks, true, nil
}

// checkTokens holds a file's own tokens to what a token format needs of
// them: in order, not overlapping, not empty, inside the text, and only
// whitespace outside them. The spaCy reader keeps tokens only when they
// pass, and the export checks them again (the meta may have been edited).
func checkTokens(ix *annot.Index, toks []annot.Token) error {
	prev := 0
	for i, t := range toks {
		if t.Start < prev || t.End <= t.Start || t.End > ix.Len() {
			return annot.Invalidf("meta.tokens", "token %d (%d..%d) is out of order, empty or past the text (%d code points)", i, t.Start, t.End, ix.Len())
		}
		if gap := ix.Slice(prev, t.Start); strings.TrimFunc(gap, annot.IsSpace) != "" {
			return annot.Invalidf("meta.tokens", "text %q before token %d is in no token", cutText(gap, 20), i)
		}
		prev = t.End
	}
	if rest := ix.Slice(prev, ix.Len()); strings.TrimFunc(rest, annot.IsSpace) != "" {
		return annot.Invalidf("meta.tokens", "text %q after the last token is in no token", cutText(rest, 20))
	}
	return nil
}

// tokenIndexer answers, while tokens stream by, which token each piece of
// a span starts and ends on: for every start offset the first token
// starting at or after it, for every end the last token ending at or
// before it, and whether those are exact.
type tokenIndexer struct {
	starts, ends     []int // sorted, distinct
	first, last      []int // token indices, by starts and ends
	exactS, exactE   []bool
	si, ei, n, prevE int
}

func newTokenIndexer(pieces []annot.Fragment) *tokenIndexer {
	x := &tokenIndexer{}
	for _, p := range pieces {
		x.starts = append(x.starts, p.Start)
		x.ends = append(x.ends, p.End)
	}
	slices.Sort(x.starts)
	slices.Sort(x.ends)
	x.starts, x.ends = slices.Compact(x.starts), slices.Compact(x.ends)
	x.first, x.exactS = make([]int, len(x.starts)), make([]bool, len(x.starts))
	x.last, x.exactE = make([]int, len(x.ends)), make([]bool, len(x.ends))
	return x
}

// see takes the next token.
func (x *tokenIndexer) see(t annot.Token) {
	for x.si < len(x.starts) && x.starts[x.si] <= t.Start {
		x.first[x.si], x.exactS[x.si] = x.n, x.starts[x.si] == t.Start
		x.si++
	}
	for x.ei < len(x.ends) && x.ends[x.ei] < t.End {
		x.last[x.ei], x.exactE[x.ei] = x.n-1, x.n > 0 && x.ends[x.ei] == x.prevE
		x.ei++
	}
	x.n++
	x.prevE = t.End
}

// done settles the offsets after the last token.
func (x *tokenIndexer) done() {
	for ; x.si < len(x.starts); x.si++ {
		x.first[x.si] = x.n
	}
	for ; x.ei < len(x.ends); x.ei++ {
		x.last[x.ei], x.exactE[x.ei] = x.n-1, x.n > 0 && x.ends[x.ei] == x.prevE
	}
}

// tokens returns the first and last token (inclusive) of a piece, and
// whether they start and end exactly on it.
func (x *tokenIndexer) tokens(p annot.Fragment) (first, last int, exact bool) {
	i, _ := slices.BinarySearch(x.starts, p.Start)
	j, _ := slices.BinarySearch(x.ends, p.End)
	first, last = x.first[i], x.last[j]
	return first, last, x.exactS[i] && x.exactE[j] && first <= last
}

// jsonScratch encodes JSON for a writer that streams, reusing its
// buffer so that writing a long text makes no garbage in proportion.
type jsonScratch struct {
	buf bytes.Buffer
	enc *json.Encoder
	num []byte
}

func newJSONScratch() *jsonScratch {
	j := &jsonScratch{}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false)
	return j
}

// value writes v as JSON without the newline.
func (j *jsonScratch) value(w io.Writer, v any) error {
	j.buf.Reset()
	if err := j.enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")))
	return err
}

// int writes n.
func (j *jsonScratch) int(w io.Writer, n int) error {
	j.num = strconv.AppendInt(j.num[:0], int64(n), 10)
	_, err := w.Write(j.num)
	return err
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

// sortedSpans returns a copy of the spans in the span order
// (annot.CompareSpans): the order exports list them in.
func sortedSpans(spans []annot.Span) []annot.Span {
	out := slices.Clone(spans)
	annot.SortSpans(out)
	return out
}
