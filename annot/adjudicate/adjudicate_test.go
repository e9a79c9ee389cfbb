package adjudicate

import (
	"slices"
	"testing"

	"spanbench/annot"
	"spanbench/annot/agree"
)

func q(id string, s, e int, kind string) annot.Span {
	return annot.Span{ID: id, Start: s, End: e, Layer: annot.LayerQuote, Label: "QUOTE", Attrs: map[string]string{annot.AttrKind: kind}}
}

func ent(id, label string, s, e int) annot.Span {
	return annot.Span{ID: id, Start: s, End: e, Layer: annot.LayerEntity, Label: label}
}

func said(from, to string) annot.Relation {
	return annot.Relation{ID: from + ">" + to, Label: annot.RelSpeaker, From: from, To: to}
}

// doc1 is the first document of annot/agree's hand count (text "a b c d e
// f g h i j"):
//
//	ana: QUOTE [0,5) direct, [10,15) indirect; PERSON [18,19), [6,7);
//	     SPEAKER [0,5)->[18,19), [10,15)->[6,7)
//	ben: QUOTE [0,5) direct, [12,17) indirect; PERSON [18,19);
//	     SPEAKER [0,5)->[18,19), [12,17)->[18,19)
func doc1() agree.Doc {
	return agree.Doc{ID: "d1", Text: "a b c d e f g h i j", Coders: []string{"ana", "ben"},
		Spans: map[string][]annot.Span{
			"ana": {q("a1", 0, 5, "direct"), q("a2", 10, 15, "indirect"), ent("a3", "PERSON", 18, 19), ent("a4", "PERSON", 6, 7)},
			"ben": {q("b1", 0, 5, "direct"), q("b2", 12, 17, "indirect"), ent("b3", "PERSON", 18, 19)},
		},
		Relations: map[string][]annot.Relation{
			"ana": {said("a1", "a3"), said("a2", "a4")},
			"ben": {said("b1", "b3"), said("b2", "b3")},
		}}
}

// apply writes an edit into d as the store would: gold spans and links
// added, dropped keys collected.
func apply(d *agree.Doc, e Edit, dropped map[string]bool) {
	d.Spans[Gold] = append(d.Spans[Gold], e.Create...)
	d.Relations[Gold] = append(d.Relations[Gold], e.Link...)
	for _, k := range e.Drop {
		dropped[k] = true
	}
	if !slices.Contains(d.Coders, Gold) {
		d.Coders = append(d.Coders, Gold)
	}
}

type want struct {
	kind       Kind
	layer      annot.Layer
	start, end int
	versions   [][]string // coders of each version
}

func check(t *testing.T, a *Analysis, ws []want) {
	t.Helper()
	if len(a.Disagreements) != len(ws) {
		t.Fatalf("%d disagreements %+v; want %d", len(a.Disagreements), a.Disagreements, len(ws))
	}
	for i, w := range ws {
		d := a.Disagreements[i]
		var vs [][]string
		for _, v := range d.Versions {
			vs = append(vs, v.Coders)
		}
		if d.Kind != w.kind || d.Layer != w.layer || d.Start != w.start || d.End != w.end || !slices.EqualFunc(vs, w.versions, slices.Equal) {
			t.Errorf("disagreement %d: %s %s [%d,%d) %v; want %s %s [%d,%d) %v", i, d.Kind, d.Layer, d.Start, d.End, vs, w.kind, w.layer, w.start, w.end, w.versions)
		}
	}
}

func keys(spans []annot.Span) []string {
	var out []string
	for _, sp := range spans {
		out = append(out, agree.SpanKey(sp)+" from "+sp.Attrs[AttrFrom])
	}
	return out
}

func TestAdjudicateWalkthrough(t *testing.T) {
	d := doc1()
	dropped := map[string]bool{}
	a := Analyse(d, nil, Options{Dropped: dropped})
	// Complete agreement: QUOTE [0,5) and PERSON [18,19) are everyone's, so
	// merged; so is SPEAKER between them (both coders link it). Left: the
	// quote [10,15)/[12,17) (boundary) and ana's PERSON [6,7) (missing).
	if got := keys(a.Merge.Create); !slices.Equal(got, []string{"quote|QUOTE|0-5 from ana,ben", "entity|PERSON|18-19 from ana,ben"}) {
		t.Errorf("pre-merge spans %v", got)
	}
	if len(a.Merge.Link) != 1 || a.Merge.Link[0].From != a.Merge.Create[0].ID || a.Merge.Link[0].To != a.Merge.Create[1].ID {
		t.Errorf("pre-merge links %+v; want SPEAKER from the gold quote to the gold PERSON", a.Merge.Link)
	}
	if a.Merge.Create[0].Annotator != Gold || a.Merge.Create[0].Attrs[annot.AttrKind] != "direct" {
		t.Errorf("merged span %+v; want gold with kind direct", a.Merge.Create[0])
	}
	progress := []want{
		{Boundary, annot.LayerQuote, 10, 17, [][]string{{"ana"}, {"ben"}}},
		{Missing, annot.LayerEntity, 6, 7, [][]string{{"ana"}, {"ben"}}},
	}
	check(t, a, progress)
	apply(&d, a.Merge, dropped)

	a = Analyse(d, nil, Options{Dropped: dropped})
	if !a.Merge.Empty() || a.Settled != 0 {
		t.Errorf("after the pre-merge: merge %+v, settled %d; want nothing to merge, none settled", a.Merge, a.Settled)
	}
	check(t, a, progress)
	// Take ben's quote: a gold [12,17) from ben.
	e, err := a.Decide(a.Disagreements[0], Take, "ben")
	if err != nil {
		t.Fatal(err)
	}
	if got := keys(e.Create); len(e.Link) != 0 || !slices.Equal(got, []string{"quote|QUOTE|12-17 from ben"}) {
		t.Errorf("take ben: %v %+v", got, e.Link)
	}
	apply(&d, e, dropped)
	// Only ben has [12,17): his SPEAKER link to [18,19) is agreed by all
	// who have the span, and [18,19) is gold: merged.
	a = Analyse(d, nil, Options{Dropped: dropped})
	if len(a.Merge.Create) != 0 || len(a.Merge.Link) != 1 || a.Merge.Link[0].From != e.Create[0].ID || a.Settled != 1 {
		t.Errorf("after taking ben's: merge %+v, settled %d; want ben's link, 1 settled", a.Merge, a.Settled)
	}
	check(t, a, progress[1:])
	// ben marked nothing at [6,7): taking his version drops the stretch.
	e, err = a.Decide(a.Disagreements[0], Take, "ben")
	if err != nil || len(e.Create) != 0 || len(e.Drop) != 1 || e.Drop[0] != a.Disagreements[0].Key {
		t.Fatalf("take ben's nothing: %+v %v; want a drop of the key", e, err)
	}
	apply(&d, e, dropped)
	a = Analyse(d, nil, Options{Dropped: dropped})
	check(t, a, nil)
	if a.Settled != 2 {
		t.Errorf("settled %d; want 2", a.Settled)
	}
}

func TestAdjudicateKinds(t *testing.T) {
	for _, c := range []struct {
		name     string
		ana, ben []annot.Span
		want     Kind
	}{
		{"label", []annot.Span{ent("a", "PERSON", 0, 3)}, []annot.Span{ent("b", "ORG", 0, 3)}, Label},
		{"attribute", []annot.Span{q("a", 0, 5, "direct")}, []annot.Span{q("b", 0, 5, "indirect")}, Attribute},
		{"boundary and label", []annot.Span{ent("a", "PERSON", 0, 3)}, []annot.Span{ent("b", "ORG", 0, 5)}, Boundary},
		{"split", []annot.Span{q("a", 0, 9, "direct")}, []annot.Span{q("b", 0, 3, "direct"), q("b2", 6, 9, "direct")}, Boundary},
		{"missing", []annot.Span{q("a", 0, 9, "direct")}, nil, Missing},
	} {
		d := agree.Doc{Text: "a b c d e f g h i j", Coders: []string{"ana", "ben"}, Spans: map[string][]annot.Span{"ana": c.ana, "ben": c.ben}}
		a := Analyse(d, nil, Options{})
		if len(a.Disagreements) != 1 || a.Disagreements[0].Kind != c.want || !a.Merge.Empty() {
			t.Errorf("%s: %+v, merge %+v; want one %s disagreement", c.name, a.Disagreements, a.Merge, c.want)
		}
	}
}

func TestAdjudicateThreshold(t *testing.T) {
	d := agree.Doc{Text: "a b c d e f g h i j", Coders: []string{"ana", "ben", "cy"}, Spans: map[string][]annot.Span{
		"ana": {q("a", 0, 5, "direct")}, "ben": {q("b", 0, 5, "direct")}, "cy": {q("c", 0, 3, "direct")},
	}}
	// Complete agreement: 2 of 3 is not enough.
	a := Analyse(d, nil, Options{})
	if a.Threshold != 3 || len(a.Disagreements) != 1 || !a.Merge.Empty() {
		t.Errorf("complete: threshold %d, %d disagreements, merge %+v", a.Threshold, len(a.Disagreements), a.Merge)
	}
	// 2 of 3: ana's and ben's [0,5) goes to gold, from both.
	a = Analyse(d, nil, Options{Threshold: 2})
	if got := keys(a.Merge.Create); len(a.Disagreements) != 0 || !slices.Equal(got, []string{"quote|QUOTE|0-5 from ana,ben"}) {
		t.Errorf("2 of 3: %d disagreements, merge %v", len(a.Disagreements), got)
	}
	// Take both of a boundary disagreement: both spans, each with its coder.
	a = Analyse(d, []string{"ana", "cy"}, Options{})
	e, err := a.Decide(a.Disagreements[0], TakeAll, "")
	if got := keys(e.Create); err != nil || !slices.Equal(got, []string{"quote|QUOTE|0-5 from ana", "quote|QUOTE|0-3 from cy"}) {
		t.Errorf("take all: %v %v", got, err)
	}
	if _, err := a.Decide(a.Disagreements[0], Take, "ben"); err == nil {
		t.Error("take ben's, who is not compared: no error")
	}
}

// Links: in the second document of the hand count every span agrees (gold
// has them); SPEAKER from [0,3) agrees, from [6,9) ana says [16,17) and
// ben [12,13).
func TestAdjudicateLinks(t *testing.T) {
	gold := []annot.Span{q("g1", 0, 3, "direct"), q("g2", 6, 9, "direct"), ent("g3", "PERSON", 12, 13), ent("g4", "PERSON", 16, 17)}
	for i := range gold {
		gold[i].Annotator = Gold
	}
	d := agree.Doc{Text: "k l m n o p q r s t", Coders: []string{"ana", "ben", Gold}, Spans: map[string][]annot.Span{
		"ana": {q("a1", 0, 3, "direct"), q("a2", 6, 9, "direct"), ent("a3", "PERSON", 12, 13), ent("a4", "PERSON", 16, 17)},
		"ben": {q("b1", 0, 3, "direct"), q("b2", 6, 9, "direct"), ent("b3", "PERSON", 12, 13), ent("b4", "PERSON", 16, 17)},
		Gold:  gold,
	}, Relations: map[string][]annot.Relation{
		"ana": {said("a1", "a3"), said("a2", "a4")},
		"ben": {said("b1", "b3"), said("b2", "b3")},
	}}
	a := Analyse(d, nil, Options{})
	if len(a.Merge.Create) != 0 || len(a.Merge.Link) != 1 || a.Merge.Link[0].From != "g1" || a.Merge.Link[0].To != "g3" {
		t.Errorf("merge %+v; want SPEAKER g1->g3", a.Merge)
	}
	check(t, a, []want{{Link, annot.LayerQuote, 6, 9, [][]string{{"ana"}, {"ben"}}}})
	e, err := a.Decide(a.Disagreements[0], Take, "ana")
	if err != nil || len(e.Create) != 0 || len(e.Link) != 1 || e.Link[0].From != "g2" || e.Link[0].To != "g4" || e.Link[0].Label != annot.RelSpeaker {
		t.Errorf("take ana's link: %+v %v; want SPEAKER g2->g4", e, err)
	}
	// Once gold has a SPEAKER from g2, the disagreement is settled.
	apply(&d, e, map[string]bool{})
	a = Analyse(d, nil, Options{})
	if len(a.Disagreements) != 0 || a.Settled != 1 {
		t.Errorf("after: %d disagreements, %d settled; want 0, 1", len(a.Disagreements), a.Settled)
	}
}
