package agree

import (
	"math"
	"testing"

	"spanbench/annot"
)

// The documents of the hand counts: ten one-letter words, so word t is the
// token [2t, 2t+1).
const (
	text1 = "a b c d e f g h i j"
	text2 = "k l m n o p q r s t"
)

func quote(id string, s, e int, kind string) annot.Span {
	return annot.Span{ID: id, Start: s, End: e, Layer: annot.LayerQuote, Label: "QUOTE", Attrs: map[string]string{annot.AttrKind: kind}}
}

func person(id string, s, e int) annot.Span {
	return annot.Span{ID: id, Start: s, End: e, Layer: annot.LayerEntity, Label: "PERSON"}
}

func speaker(from, to string) annot.Relation {
	return annot.Relation{ID: from + "-" + to, Label: annot.RelSpeaker, From: from, To: to}
}

// handDocs are two documents coded by ana and ben:
//
//	d1 ana: quotes [0,5) direct (a b c), [10,15) indirect (f g h);
//	        PERSON [18,19) (j), [6,7) (d); SPEAKER [0,5)->j, [10,15)->d
//	   ben: quotes [0,5) direct, [12,17) indirect (g h i);
//	        PERSON [18,19); SPEAKER [0,5)->j, [12,17)->j
//	d2 ana: quotes [0,3) direct (k l), [6,9) indirect (n o);
//	        PERSON [12,13), [16,17); SPEAKER [0,3)->[12,13), [6,9)->[16,17)
//	   ben: quotes [0,3) direct, [6,9) direct; the same PERSONs;
//	        SPEAKER [0,3)->[12,13), [6,9)->[12,13)
func handDocs() []Doc {
	return []Doc{
		{ID: "d1", Title: "one", Text: text1, Coders: []string{"ana", "ben"},
			Spans: map[string][]annot.Span{
				"ana": {quote("a1", 0, 5, "direct"), quote("a2", 10, 15, "indirect"), person("a3", 18, 19), person("a4", 6, 7)},
				"ben": {quote("b1", 0, 5, "direct"), quote("b2", 12, 17, "indirect"), person("b3", 18, 19)},
			},
			Relations: map[string][]annot.Relation{
				"ana": {speaker("a1", "a3"), speaker("a2", "a4")},
				"ben": {speaker("b1", "b3"), speaker("b2", "b3")},
			}},
		{ID: "d2", Title: "two", Text: text2, Coders: []string{"ana", "ben"},
			Spans: map[string][]annot.Span{
				"ana": {quote("c1", 0, 3, "direct"), quote("c2", 6, 9, "indirect"), person("c3", 12, 13), person("c4", 16, 17)},
				"ben": {quote("e1", 0, 3, "direct"), quote("e2", 6, 9, "direct"), person("e3", 12, 13), person("e4", 16, 17)},
			},
			Relations: map[string][]annot.Relation{
				"ana": {speaker("c1", "c3"), speaker("c2", "c4")},
				"ben": {speaker("e1", "e3"), speaker("e2", "e3")},
			}},
	}
}

func checkValue(t *testing.T, what string, got Value, want float64) {
	t.Helper()
	if math.IsNaN(want) {
		if got.Defined() {
			t.Errorf("%s = %v; want undefined", what, float64(got))
		}
		return
	}
	if !got.Defined() || math.Abs(float64(got)-want) > 1e-9 {
		t.Errorf("%s = %v; want %v", what, float64(got), want)
	}
}

func TestProjectHandCount(t *testing.T) {
	r, err := Project(handDocs(), Options{Layer: annot.LayerQuote})
	if err != nil {
		t.Fatal(err)
	}
	if r.Documents != 2 || len(r.Pairs) != 1 || r.Tokens != 20 || r.TokensLabelled != 11 {
		t.Fatalf("documents %d, pairs %d, tokens %d/%d; want 2, 1, 20/11", r.Documents, len(r.Pairs), r.Tokens, r.TokensLabelled)
	}
	p := r.Pairs[0]
	// Exact: d1 [0,5) matches, [10,15) and [12,17) do not; d2 both match.
	// 3 matched, 1 only in ana, 1 only in ben: F1 = 2·3/(4+4).
	if p.A != "ana" || p.B != "ben" || p.Matched != 3 || p.OnlyA != 1 || p.OnlyB != 1 {
		t.Errorf("pair %s/%s matched %d only %d/%d; want ana/ben 3 1/1", p.A, p.B, p.Matched, p.OnlyA, p.OnlyB)
	}
	checkValue(t, "span_f1_exact", p.SpanF1Exact, 0.75)
	// Overlap: [10,15) and [12,17) share [12,15): all 4 pairs match.
	checkValue(t, "span_f1_overlap", p.SpanF1Overlap, 1)
	// Tokens (ana rows, ben columns) over 20 tokens: QUOTE/QUOTE 9 (a b c g h;
	// k l n o), QUOTE/none 1 (f), none/QUOTE 1 (i), none/none 9.
	// p_o = 18/20, p_e = .5·.5 + .5·.5: κ = (.9-.5)/.5 = .8.
	checkValue(t, "cohen_kappa", p.CohenKappa, 0.8)
	// Only the 11 tokens either labelled: p_o = 9/11, p_e = (10/11)² +
	// (1/11)² = 101/121: κ = (99-101)/(121-101) = -.1.
	checkValue(t, "cohen_kappa_labelled", p.CohenKappaLabelled, -0.1)
	// α nominal over 20 tokens: n = 40 values, 20 QUOTE and 20 none; the two
	// disagreeing tokens add 2 each to Do: α = 1 - 39·4/(1600-400-400).
	checkValue(t, "krippendorff_alpha", r.KrippendorffAlpha, 1-39.0*4/800)
	// Labelled only: n = 22, 20 QUOTE and 2 none: 1 - 21·4/(484-400-4).
	checkValue(t, "krippendorff_alpha_labelled", r.KrippendorffAlphaLabelled, 1-21.0*4/80)
	// Fleiss with 2 raters: P̄ = 18/20, p_QUOTE = .5: (.9-.5)/.5; labelled:
	// P̄ = 9/11, P̄e = (400+4)/484: (396-404)/(484-404).
	checkValue(t, "fleiss_kappa", r.FleissKappa, 0.8)
	checkValue(t, "fleiss_kappa_labelled", r.FleissKappaLabelled, -8.0/80)
	// αU on the two texts laid end to end (38 code points). ana's units:
	// [0,5) [10,15) [19,22) [25,28), gaps 5 4 3 10; ben's: [0,5) [12,17)
	// [19,22) [25,28), gaps 7 2 3 10. Only [10,15)/[12,17) differ:
	// 2²+2² = 8, both orders 16: Do = 16/(2·1·38²). De = (2/38)·Σ over the
	// 8 units of [7(2l³-3l²+l)/3 + l²·Σ_{G≥l}(G-l+1)] / (76·75 - Σ l(l-1)):
	// l=5: 7·60 + 25·16 = 820 (four units); l=3: 7·10 + 9·28 = 322 (four);
	// Σ l(l-1) = 4·20 + 4·6 = 104.
	wantU := 1 - (16.0/2888)/((2.0/38)*(4*820+4*322)/(5700-104))
	checkValue(t, "pair alpha_u", p.AlphaU, wantU)
	checkValue(t, "alpha_u", r.AlphaU, wantU)
	q := r.PerLabel["QUOTE"]
	if q == nil || len(r.PerLabel) != 1 {
		t.Fatalf("per_label %v; want QUOTE only", r.PerLabel)
	}
	if q.Matched != 3 || q.OnlyA != 1 || q.OnlyB != 1 {
		t.Errorf("QUOTE matched %d only %d/%d; want 3 1/1", q.Matched, q.OnlyA, q.OnlyB)
	}
	checkValue(t, "QUOTE alpha_u", q.AlphaU, wantU)
	// One label against none: the same α as all tokens.
	checkValue(t, "QUOTE krippendorff_alpha", q.KrippendorffAlpha, 1-39.0*4/800)
	// kind of the 3 exactly matched quotes: direct/direct twice,
	// indirect/direct once. p_o = 2/3, p_e = 2/3·1: κ 0. α: n = 6, 5 direct
	// and 1 indirect, Do = 2: 1 - 5·2/(36-25-1) = 0.
	a := r.Attributes["kind"]
	if a == nil || a.Units != 3 || a.AlphaUnits != 3 || len(a.Pairs) != 1 || a.Pairs[0].Units != 3 {
		t.Fatalf("attributes %+v; want kind over 3 matched quotes", a)
	}
	checkValue(t, "kind kappa", a.CohenKappa, 0)
	checkValue(t, "kind alpha", a.KrippendorffAlpha, 0)
	// SPEAKER links: ana's 4, ben's 4; d1 [0,5)->j and d2 [0,3)->[12,13)
	// agree: 2 matched, 2 only in each: F1 = 4/8. Target choice for the 3
	// quotes both tagged: (j, j), ([12,13), [12,13)), ([16,17), [12,13)):
	// p_o = 2/3, p_e = (1·1 + 1·2 + 1·0)/9 = 1/3: κ = (1/3)/(2/3) = .5.
	s := r.Relations[annot.RelSpeaker]
	if s == nil || s.Matched != 2 || s.OnlyA != 2 || s.OnlyB != 2 || s.Units != 3 {
		t.Fatalf("SPEAKER %+v; want 2 matched, 2/2 only, 3 units", s)
	}
	checkValue(t, "SPEAKER f1", s.F1, 0.5)
	checkValue(t, "SPEAKER kappa", s.Kappa, 0.5)
	// CUE: no links by either coder, the 3 quotes untagged by both.
	if c := r.Relations[annot.RelCue]; c == nil || c.Matched+c.OnlyA+c.OnlyB != 0 || c.F1.Defined() || c.Units != 3 {
		t.Errorf("CUE %+v; want no links, F1 undefined, 3 units", c)
	}
	// Document d1: 1 matched, 2 unmatched; α over its 10 tokens: n = 20,
	// 12 QUOTE and 8 none, Do = 4: 1 - 19·4/(400-144-64).
	d := r.PerDocument[0]
	if d.ID != "d1" || d.Matched != 1 || d.Unmatched != 2 {
		t.Errorf("d1: %+v; want 1 matched, 2 unmatched", d)
	}
	checkValue(t, "d1 f1 exact", d.SpanF1Exact, 0.5)
	checkValue(t, "d1 f1 overlap", d.SpanF1Overlap, 1)
	checkValue(t, "d1 alpha", d.KrippendorffAlpha, 1-19.0*4/192)
	if !r.GammaParameters.Computed || r.GammaParameters.Convention != "paper" || r.GammaParameters.Documents != 2 || !r.Gamma.Defined() || r.Gamma > 1 {
		t.Errorf("gamma %v %+v; want computed on 2 documents", float64(r.Gamma), r.GammaParameters)
	}
}

// Three coders, ana and cy identical: pairs come in the coders' order and
// the identical pair agrees perfectly; γ of identical annotations is 1.
func TestProjectThreeCoders(t *testing.T) {
	d := handDocs()[0]
	d.Coders = []string{"ana", "ben", "cy"}
	d.Spans["cy"] = d.Spans["ana"]
	d.Relations["cy"] = d.Relations["ana"]
	r, err := Project([]Doc{d}, Options{Layer: annot.LayerQuote})
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]string{{"ana", "ben"}, {"ana", "cy"}, {"ben", "cy"}}
	if len(r.Pairs) != 3 {
		t.Fatalf("%d pairs; want 3", len(r.Pairs))
	}
	for i, p := range r.Pairs {
		if p.A != want[i][0] || p.B != want[i][1] {
			t.Errorf("pair %d is %s/%s; want %v", i, p.A, p.B, want[i])
		}
	}
	ac := r.Pairs[1]
	checkValue(t, "ana/cy f1", ac.SpanF1Exact, 1)
	checkValue(t, "ana/cy kappa", ac.CohenKappa, 1)
	checkValue(t, "ana/cy alpha_u", ac.AlphaU, 1)
	checkValue(t, "ana/cy SPEAKER f1", ac.Relations[annot.RelSpeaker].F1, 1)
	// kind: exact pairs ana/ben 1 ([0,5)), ana/cy 2, ben/cy 1: 4 pairs of
	// spans; α's units are the spans two or more marked: [0,5) (all
	// three) and [10,15) (ana, cy).
	if a := r.Attributes["kind"]; a.Units != 4 || a.AlphaUnits != 2 || len(a.Pairs) != 3 {
		t.Errorf("kind: %d pairs of spans, %d alpha units, %d pairs; want 4, 2, 3", a.Units, a.AlphaUnits, len(a.Pairs))
	}
	if r.FleissCoders != 3 || r.FleissDocuments != 1 {
		t.Errorf("fleiss over %d coders, %d documents; want 3, 1", r.FleissCoders, r.FleissDocuments)
	}
	// Tokens by (ana, ben, cy): f = (Q, none, Q), i = (none, Q, none), the
	// other 8 unanimous (5 Q, 3 none). Fleiss: P_i = 1 for 8, 1/3 for 2:
	// P̄ = (8 + 2/3)/10; p_Q = (5·3 + 2 + 1)/30 = .6: P̄e = .36+.16 = .52.
	checkValue(t, "fleiss", r.FleissKappa, ((8+2.0/3)/10-0.52)/(1-0.52))

	same, err := Project([]Doc{{ID: "x", Text: text1, Coders: []string{"ana", "cy"}, Spans: map[string][]annot.Span{"ana": d.Spans["ana"], "cy": d.Spans["ana"]}}}, Options{Layer: annot.LayerQuote})
	if err != nil {
		t.Fatal(err)
	}
	checkValue(t, "identical gamma", same.Gamma, 1)
	checkValue(t, "identical alpha_u", same.AlphaU, 1)
}

// The accumulators give what the slice functions give on the published
// tables (their own tests check those against the sources).
func TestAccumulatorsMatch(t *testing.T) {
	data := reliability(t, canonical...)
	acc := newNominalAcc()
	for u := range data[0] {
		var vs []int
		for _, row := range data {
			if !IsMissing(row[u]) {
				vs = append(vs, int(row[u]))
			}
		}
		acc.unit(vs)
	}
	want, _ := Alpha(data, Nominal)
	checkValue(t, "nominal accumulator", acc.alpha(), want)

	rows := [][]float64{{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1}, {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}}
	fa := newFleissAcc(14)
	for _, r := range rows {
		var vs []int
		for c, n := range r {
			for range int(n) {
				vs = append(vs, c)
			}
		}
		fa.subject(vs)
	}
	wantF, _ := FleissKappa(rows)
	checkValue(t, "fleiss accumulator", fa.kappa(), wantF)
}
