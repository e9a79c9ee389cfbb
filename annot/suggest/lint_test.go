package suggest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/assets"
)

func TestLint(t *testing.T) {
	text := "“We will win,” Ana Ruiz said. Ana Ruiz left the U.S. Ruiz claims taxes will fall."
	//       0          12     15      23     30      38        48   53
	span := func(id string, s, e int, layer annot.Layer, label string) annot.Span {
		return annot.Span{ID: id, Start: s, End: e, Layer: layer, Label: label}
	}
	tests := []struct {
		name  string
		spans []annot.Span
		rels  []annot.Relation
		want  []string // rule/span
	}{
		{"clean", []annot.Span{span("q", 1, 12, annot.LayerQuote, "QUOTE"), span("a", 15, 23, annot.LayerEntity, "PERSON"), span("u", 48, 52, annot.LayerEntity, "GPE")},
			[]annot.Relation{{ID: "r", Label: annot.RelSpeaker, From: "q", To: "a"}}, nil},
		{"quote without speaker", []annot.Span{span("q", 1, 12, annot.LayerQuote, "QUOTE")}, nil, []string{"no-speaker/q"}},
		{"claim without claimant", []annot.Span{span("c", 65, 80, annot.LayerClaim, "CLAIM")}, nil, []string{"no-claimant/c"}},
		{"trailing comma and quote marks", []annot.Span{span("q", 0, 13, annot.LayerQuote, "QUOTE"), span("a", 15, 23, annot.LayerEntity, "PERSON")},
			[]annot.Relation{{ID: "r", Label: annot.RelSpeaker, From: "q", To: "a"}}, []string{"edges/q"}},
		{"leading space", []annot.Span{span("a", 14, 23, annot.LayerEntity, "PERSON")}, nil, []string{"edges/a"}},
		{"full stop", []annot.Span{span("a", 38, 47, annot.LayerEntity, "PERSON")}, nil, []string{"edges/a"}},
		{"one string two labels", []annot.Span{span("a", 15, 23, annot.LayerEntity, "PERSON"), span("b", 30, 38, annot.LayerEntity, "PERSON"), span("c", 30, 38, annot.LayerEntity, "ORG")},
			nil, []string{"label-conflict/c"}},
		{"relation in the wrong layers", []annot.Span{span("q", 1, 12, annot.LayerQuote, "QUOTE"), span("a", 15, 23, annot.LayerEntity, "PERSON")},
			[]annot.Relation{{ID: "r", Label: annot.RelSpeaker, From: "a", To: "q"}}, []string{"no-speaker/q", "relation-layer/a"}},
		{"fragments checked each", []annot.Span{{ID: "q", Start: 1, End: 23, Fragments: []annot.Fragment{{Start: 1, End: 12}, {Start: 14, End: 23}}, Layer: annot.LayerQuote, Label: "QUOTE"}, span("a", 15, 23, annot.LayerEntity, "PERSON")},
			[]annot.Relation{{ID: "r", Label: annot.RelSpeaker, From: "q", To: "a"}}, []string{"edges/q"}},
	}
	// Source mentions that are pronouns or descriptions may take either label.
	text2 := "They said it. They said no. The company said yes. The company left."
	//        0             14            28                    50
	tests = append(tests, struct {
		name  string
		spans []annot.Span
		rels  []annot.Relation
		want  []string
	}{"pronouns and descriptions take either label", []annot.Span{span("t1", 0, 4, annot.LayerEntity, "PERSON"), span("t2", 14, 18, annot.LayerEntity, "ORG"),
		span("c1", 28, 39, annot.LayerEntity, "ORG"), span("c2", 50, 61, annot.LayerEntity, "PERSON")}, nil, nil})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			txt := text
			if strings.HasPrefix(tt.name, "pronouns") {
				txt = text2
			}
			b := annot.Bundle{Doc: annot.Document{ID: "d", Text: txt}, Spans: tt.spans, Relations: tt.rels}
			var got []string
			for _, f := range Lint(b, nil) {
				id := f.SpanID
				got = append(got, f.Rule+"/"+id)
				if f.DocID != "d" || f.Reason == "" {
					t.Errorf("finding %+v lacks document or reason", f)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEdgeProblem(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Vedant Patel", ""},
		{" Vedant", "starts with whitespace"},
		{"Vedant ", "ends with whitespace"},
		{"“Vedant", "starts with a quote mark"},
		{"Vedant”", "ends with a quote mark"},
		{"Vedant,", "ends with punctuation"},
		{"the U.S.", ""},
		{"Mr.", ""},
		{"Who pays?", ""},
		{"(ISW)", "starts with punctuation"},
		{"Institute (ISW)", ""},
		{"ISW)", "ends with an unmatched bracket"},
	}
	for _, tt := range tests {
		ix := annot.NewIndex(tt.text)
		if got := EdgeProblem(ix, annot.Span{Start: 0, End: ix.Len()}); got != tt.want {
			t.Errorf("EdgeProblem(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestLintOutOfRange: spans outside the text (a bundle not yet validated)
// are reported where they can be, never a panic.
func TestLintOutOfRange(t *testing.T) {
	b := annot.Bundle{Doc: annot.Document{ID: "d", Text: "Ana Ruiz left."}, Spans: []annot.Span{
		{ID: "neg", Start: -1, End: 3, Layer: annot.LayerEntity, Label: "PERSON"},
		{ID: "back", Start: 5, End: 2, Layer: annot.LayerEntity, Label: "PERSON"},
		{ID: "past", Start: 4, End: 99, Layer: annot.LayerEntity, Label: "ORG"},
		{ID: "ok", Start: 0, End: 8, Layer: annot.LayerEntity, Label: "PERSON"},
	}}
	for _, f := range Lint(b, nil) {
		t.Errorf("unexpected finding %s on %s", f, f.SpanID)
	}
}

// lintBundle returns an article of about 40 bytes per span with n spans as
// a coder might leave them half done: every sentence a QUOTE, half of them
// with a SPEAKER; every third word an entity, the same word labelled
// PERSON and ORG in turn (label conflicts), every seventh with the space
// after it (edges).
func lintBundle(tb testing.TB, n int) annot.Bundle {
	text := bigArticle(tb, 40*n)
	ix := annot.NewIndex(text)
	b := annot.Bundle{Doc: annot.Document{ID: "big", Text: text}}
	id := 0
	add := func(sp annot.Span) string {
		id++
		sp.ID = fmt.Sprintf("s%d", id)
		b.Spans = append(b.Spans, sp)
		return sp.ID
	}
	var ents []string
	for i, tok := range ix.Tokens() {
		if len(b.Spans) >= n*3/4 {
			break
		}
		if i%3 != 0 || tok.End-tok.Start < 2 {
			continue
		}
		label := []string{"PERSON", "ORG"}[i/3%2]
		end := tok.End
		if i%7 == 0 && end < ix.Len() {
			end++
		}
		ents = append(ents, add(annot.Span{Start: tok.Start, End: end, Layer: annot.LayerEntity, Label: label}))
	}
	for i, s := range ix.Sentences() {
		if len(b.Spans) >= n {
			break
		}
		q := add(annot.Span{Start: s.Start, End: s.End, Layer: annot.LayerQuote, Label: annot.LabelQuote})
		if i%2 == 0 {
			b.Relations = append(b.Relations, annot.Relation{ID: "r" + q, Label: annot.RelSpeaker, From: q, To: ents[i%len(ents)]})
		}
	}
	if len(b.Spans) < n {
		tb.Fatalf("%d spans, want %d", len(b.Spans), n)
	}
	return b
}

// wideBundle returns an article of about 40 bytes per span with n QUOTE
// spans, none with a SPEAKER, each in two pieces eight sentences apart (a
// quote interrupted by a long aside): findings on spans whose extent is
// long.
func wideBundle(tb testing.TB, n int) annot.Bundle {
	text := bigArticle(tb, 40*n)
	ix := annot.NewIndex(text)
	b := annot.Bundle{Doc: annot.Document{ID: "big", Text: text}}
	sents := ix.Sentences()
	for i := 0; len(b.Spans) < n; i++ {
		a, z := sents[i%(len(sents)-8)], sents[i%(len(sents)-8)+8]
		b.Spans = append(b.Spans, annot.Span{ID: fmt.Sprintf("s%d", i), Start: a.Start, End: z.End,
			Fragments: []annot.Fragment{{Start: a.Start, End: a.End}, {Start: z.Start, End: z.End}}, Layer: annot.LayerQuote, Label: annot.LabelQuote})
	}
	return b
}

// BenchmarkLint lints one article with 12,500 to 50,000 spans, index
// included: spans as a coder might leave them half done (lintBundle), and
// long interrupted quotes without speakers (wideBundle):
//
//	go test ./annot/suggest -run '^$' -bench Lint -benchmem
func BenchmarkLint(b *testing.B) {
	for _, shape := range []struct {
		name string
		make func(testing.TB, int) annot.Bundle
	}{{"coded", lintBundle}, {"wide", wideBundle}} {
		for _, n := range []int{12500, 25000, 50000} {
			bundle := shape.make(b, n)
			b.Run(fmt.Sprintf("%s/spans=%d", shape.name, n), func(b *testing.B) {
				var found int
				for b.Loop() {
					found = len(Lint(bundle, nil))
				}
				b.ReportMetric(float64(found), "findings")
			})
		}
	}
}

// TestLintTextsReadLittle checks snippet and EdgeProblem, which read only
// the characters they need, against their first definitions, which read
// every span whole: on the sample article with its whitespace runs, a span
// from every token to the tokens after it, one character either side.
func TestLintTextsReadLittle(t *testing.T) {
	snippetWhole := func(ix *annot.Index, sp annot.Span) string {
		s := strings.Join(strings.Fields(ix.Slice(sp.Start, sp.End)), " ")
		if r := []rune(s); len(r) > 40 {
			s = string(r[:39]) + "…"
		}
		return s
	}
	edgeWhole := func(ix *annot.Index, sp annot.Span) string {
		for _, p := range sp.Pieces() {
			if p.Start < 0 || p.End > ix.Len() || p.Start >= p.End {
				continue
			}
			r := []rune(ix.Slice(p.Start, p.End))
			if c := r[0]; badLeading(c) {
				return "starts with " + edgeWhat(c)
			}
			if bad, what := badTrailing(r, 0, len(r)); bad {
				return "ends with " + what
			}
		}
		return ""
	}
	text := assets.SampleText() + "\n\n  ‘The Joneses’ (the U.S. one)   said\t\tso’ [sic]…  “It's done.”\n"
	ix := annot.NewIndex(text)
	toks := ix.Tokens()
	n := 0
	for i, a := range toks {
		for j := i; j < len(toks) && j < i+12; j++ {
			for _, ds := range []int{-1, 0, 1} {
				for _, de := range []int{-1, 0, 1} {
					s, e := a.Start+ds, toks[j].End+de
					if s < 0 || e > ix.Len() || s >= e {
						continue
					}
					sp := annot.Span{Start: s, End: e}
					if j > i+2 { // and as two pieces, the tokens between left out
						sp2 := annot.Span{Start: s, End: e, Fragments: []annot.Fragment{{Start: s, End: toks[i].End}, {Start: toks[j].Start, End: e}}}
						if toks[i].End < toks[j].Start && s < toks[i].End && toks[j].Start < e {
							if got, want := EdgeProblem(ix, sp2), edgeWhole(ix, sp2); got != want {
								t.Fatalf("EdgeProblem(%v) = %q, want %q", sp2.Fragments, got, want)
							}
						}
					}
					if got, want := snippet(ix, sp), snippetWhole(ix, sp); got != want {
						t.Fatalf("snippet %d-%d = %q, want %q", s, e, got, want)
					}
					if got, want := EdgeProblem(ix, sp), edgeWhole(ix, sp); got != want {
						t.Fatalf("EdgeProblem %d-%d %q = %q, want %q", s, e, ix.Slice(s, e), got, want)
					}
					n++
				}
			}
		}
	}
	if n < 10000 {
		t.Fatalf("only %d spans checked", n)
	}
}
