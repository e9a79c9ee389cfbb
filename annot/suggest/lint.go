package suggest

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"spanbench/annot"
)

// Lint rules, the Rule of a Finding.
const (
	RuleNoSpeaker     = "no-speaker"     // a quote without SPEAKER
	RuleNoClaimant    = "no-claimant"    // a claim without CLAIMANT
	RuleEdges         = "edges"          // leading or trailing whitespace or punctuation
	RuleLabelConflict = "label-conflict" // one string, two labels in one document
	RuleRelationLayer = "relation-layer" // a relation whose ends are in the wrong layers
)

// Finding is one problem Lint found: in document DocID, at span SpanID (or
// relation RelationID), with a one-line Reason a coder can act on.
type Finding struct {
	DocID      string
	SpanID     string
	RelationID string
	Start, End int // where, in code points, for the panel to scroll to
	Rule       string
	Reason     string
}

// String formats a finding as one line: "rule: reason".
func (f Finding) String() string { return f.Rule + ": " + f.Reason }

// Lint checks a document's annotations: quotes without SPEAKER, claims
// without CLAIMANT, spans starting or ending with whitespace or punctuation
// (quote marks included), one string labelled differently in one document,
// and relations whose ends are in the wrong layers. Findings come in text
// order. ix may be nil.
func Lint(b annot.Bundle, ix *annot.Index) []Finding {
	if ix == nil || ix.Text() != b.Doc.Text {
		ix = annot.NewIndex(b.Doc.Text)
	}
	doc := b.Doc.ID
	var out []Finding
	byID := map[string]annot.Span{}
	for _, sp := range b.Spans {
		byID[sp.ID] = sp
	}
	linked := map[string]bool{}
	for _, r := range b.Relations {
		if r.Label == annot.RelSpeaker || r.Label == annot.RelClaimant {
			linked[r.From] = true
		}
		from, fok := byID[r.From]
		to, tok := byID[r.To]
		if !fok || !tok {
			continue
		}
		if err := annot.CheckRelationLayers(r.Label, from.Layer, to.Layer); err != nil {
			msg := err.Error()
			if e, ok := err.(*annot.Error); ok {
				msg = e.Msg
			}
			out = append(out, Finding{DocID: doc, SpanID: from.ID, RelationID: r.ID, Start: from.Start, End: from.End,
				Rule: RuleRelationLayer, Reason: fmt.Sprintf("%s from “%s” to “%s”: %s", r.Label, snippet(ix, from), snippet(ix, to), msg)})
		}
	}
	type lk struct {
		layer annot.Layer
		text  string
	}
	labels := map[lk]map[string]int{}
	for _, sp := range b.Spans {
		f := Finding{DocID: doc, SpanID: sp.ID, Start: sp.Start, End: sp.End}
		switch {
		case sp.Layer == annot.LayerQuote && !linked[sp.ID]:
			f.Rule, f.Reason = RuleNoSpeaker, fmt.Sprintf("quote “%s” has no SPEAKER", snippet(ix, sp))
			out = append(out, f)
		case sp.Layer == annot.LayerClaim && !linked[sp.ID]:
			f.Rule, f.Reason = RuleNoClaimant, fmt.Sprintf("claim “%s” has no CLAIMANT", snippet(ix, sp))
			out = append(out, f)
		}
		if p := EdgeProblem(ix, sp); p != "" {
			f.Rule, f.Reason = RuleEdges, fmt.Sprintf("%s “%s” %s", sp.Label, snippet(ix, sp), p)
			out = append(out, f)
		}
		// A pronoun or a description names whoever the sentence is about:
		// "they" may be people in one place and a company in another.
		if txt, ok := plainText(ix, sp); ok && !pronouns[strings.ToLower(txt)] && !describes(txt) {
			k := lk{sp.Layer, txt}
			if labels[k] == nil {
				labels[k] = map[string]int{}
			}
			labels[k][sp.Label]++
		}
	}
	for _, sp := range b.Spans {
		txt, ok := plainText(ix, sp)
		if !ok {
			continue
		}
		v := labels[lk{sp.Layer, txt}]
		if len(v) < 2 {
			continue
		}
		// In a tie majority picks the first label, so the others are flagged.
		if best := majority(v); sp.Label != best {
			var others []string
			for l := range v {
				if l != sp.Label {
					others = append(others, l)
				}
			}
			sort.Strings(others)
			out = append(out, Finding{DocID: doc, SpanID: sp.ID, Start: sp.Start, End: sp.End, Rule: RuleLabelConflict,
				Reason: fmt.Sprintf("“%s” is %s here but %s elsewhere in this document", snippet(ix, sp), sp.Label, strings.Join(others, ", "))})
		}
	}
	return byStart(out)
}

// byStart sorts findings by Start, those at one place in the order found.
// It sorts their indexes and moves each finding once: a stable sort of the
// findings themselves moves them O(n log² n) times (a quarter of a second
// for 100,000).
func byStart(fs []Finding) []Finding {
	idx := make([]int32, len(fs))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int {
		if c := cmp.Compare(fs[a].Start, fs[b].Start); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	out := make([]Finding, len(fs))
	for i, j := range idx {
		out[i] = fs[j]
	}
	return out
}

// EdgeProblem says what is wrong with the edges of a span, "" when nothing:
// "starts with whitespace", "ends with a quote mark", "ends with
// punctuation". Each piece of a discontinuous span is checked. A span may
// end with ?, !, …, a closing bracket it opens, or the full stop of an
// abbreviation ("U.S.").
func EdgeProblem(ix *annot.Index, sp annot.Span) string {
	for _, p := range sp.Pieces() {
		if p.Start < 0 || p.End > ix.Len() || p.Start >= p.End {
			continue
		}
		text := ix.Slice(p.Start, p.End)
		if c, _ := utf8.DecodeRuneInString(text); badLeading(c) {
			return "starts with " + edgeWhat(c)
		}
		// Only a few last characters depend on what comes before them (an
		// abbreviation's full stop, a bracket's opener, a possessive's
		// apostrophe): the piece is read whole only for those.
		last, _ := utf8.DecodeLastRuneInString(text)
		r := []rune{last}
		switch last {
		case '.', ')', ']', '}', '’', '\'':
			r = []rune(text)
		}
		if bad, what := badTrailing(r, 0, len(r)); bad {
			return "ends with " + what
		}
	}
	return ""
}

func edgeWhat(c rune) string {
	switch {
	case annot.IsSpace(c):
		return "whitespace"
	case isQuoteRune(c):
		return "a quote mark"
	case c == ')' || c == ']' || c == '}':
		return "a closing bracket"
	}
	return "punctuation"
}

// plainText returns the text of a one-piece span inside the text; false for a
// discontinuous span or one out of range.
func plainText(ix *annot.Index, sp annot.Span) (string, bool) {
	if len(sp.Fragments) > 1 || sp.Start < 0 || sp.Start > sp.End || sp.End > ix.Len() {
		return "", false
	}
	return ix.Slice(sp.Start, sp.End), true
}

// snippet returns a span's text cut to 40 characters, on one line (runs of
// whitespace as one space). It reads only as much of the text as it shows,
// so a finding on a long span costs no more than one on a short span.
func snippet(ix *annot.Index, sp annot.Span) string {
	const most = 40
	out := make([]rune, 0, most+1)
	space := false
	for _, c := range ix.Slice(sp.Start, sp.End) {
		if unicode.IsSpace(c) {
			space = len(out) > 0
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, c)
		if len(out) > most {
			return string(out[:most-1]) + "…"
		}
	}
	return string(out)
}
