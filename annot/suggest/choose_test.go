package suggest

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"spanbench/annot"
	"spanbench/assets"
)

// TestSpeakerChoices orders the entities of the sample article offered as
// who said its first Patel quote. Offsets are code points into
// assets/state-dept-afghanistan.txt, counted by hand (Python's str.find):
// the quote “We are cooperating … as well,” is 573-835, "Patel said."
// starts at 837.
func TestSpeakerChoices(t *testing.T) {
	ix := annot.NewIndex(assets.SampleText())
	for _, c := range []struct {
		s, e int
		text string
	}{{151, 175, "U.S. Department of State"}, {387, 399, "Vedant Patel"}, {977, 1008, "Islamic State-Khorasan Province"},
		{957, 962, "Patel"}, {735, 746, "Afghanistan"}, {367, 375, "Thursday"}, {837, 842, "Patel"}, {1195, 1202, "Taliban"}} {
		if got := ix.Slice(c.s, c.e); got != c.text {
			t.Fatalf("hand count: %d-%d is %q, not %q", c.s, c.e, got, c.text)
		}
	}
	q := annot.Span{ID: "q", Start: 573, End: 835, Layer: annot.LayerQuote, Label: "QUOTE"}
	ent := func(id string, s, e int, label string) annot.Span {
		return annot.Span{ID: id, Start: s, End: e, Layer: annot.LayerEntity, Label: label}
	}
	dept := ent("dept", 151, 175, "ORG")                                                           // U.S. Department of State: 398 before
	vedant := ent("vedant", 387, 399, "PERSON")                                                    // Vedant Patel: 174 before
	iskp := ent("iskp", 977, 1008, "ORG")                                                          // Islamic State-Khorasan Province: 142 after
	mrPatel := ent("mr", 957, 962, "PERSON")                                                       // "Patel" of "Mr. Patel": 122 after
	afgh := ent("afgh", 735, 746, "GPE")                                                           // Afghanistan, inside the quote
	thursday := ent("thu", 367, 375, "EVENT")                                                      // Thursday: 198 before
	said := annot.Span{ID: "new", Start: 837, End: 842, Layer: annot.LayerEntity, Label: "PERSON"} // "Patel said": a span the suggester would make

	ids := func(ents []annot.Span, order []int) []string {
		var out []string
		for _, i := range order {
			out = append(out, ents[i].ID)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		ents []annot.Span
		hint *annot.Span
		want []string
	}{
		{"people before organisations, nearest first", []annot.Span{dept, vedant, iskp}, nil, []string{"vedant", "iskp", "dept"}},
		{"nearest person first", []annot.Span{dept, vedant, iskp, mrPatel}, nil, []string{"mr", "vedant", "iskp", "dept"}},
		{"a hint names a person by surname: the one nearest the hint", []annot.Span{dept, vedant, iskp}, &said, []string{"vedant", "iskp", "dept"}},
		{"a hint by extent beats the ranks", []annot.Span{dept, vedant, iskp, mrPatel}, &annot.Span{Start: 151, End: 175}, []string{"dept", "mr", "vedant", "iskp"}},
		{"a hint by id", []annot.Span{dept, vedant, iskp, mrPatel}, &annot.Span{ID: "iskp", Start: 1, End: 2}, []string{"iskp", "mr", "vedant", "dept"}},
		{"a hint naming nobody changes nothing", []annot.Span{dept, vedant, iskp}, &annot.Span{Start: 1195, End: 1202}, []string{"vedant", "iskp", "dept"}},
		{"entities inside the quote last in their group", []annot.Span{afgh, vedant, thursday}, nil, []string{"vedant", "thu", "afgh"}},
		{"no entities", nil, &said, nil},
	} {
		got := ids(tc.ents, SpeakerChoices(ix, q, tc.ents, tc.hint))
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestSuggestedSpeaker finds the speaker the quote suggester proposes for a
// quote the coder made: on the sample, the source of the first Patel quote
// is "Patel" of "Patel said" (837-842) and that of the second "he" of "he
// added"; both refer to the Vedant Patel the document has, which is what
// the window offers first.
func TestSuggestedSpeaker(t *testing.T) {
	text := assets.SampleText()
	b := annot.Bundle{Doc: annot.Document{ID: "d", Text: text}, Spans: []annot.Span{
		{ID: "q", DocID: "d", Start: 573, End: 835, Layer: annot.LayerQuote, Label: "QUOTE"},
		{ID: "vedant", DocID: "d", Start: 387, End: 399, Layer: annot.LayerEntity, Label: "PERSON"},
	}}
	sgs, err := Run(t.Context(), b, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	find := func(id string) (annot.Span, bool) {
		for _, sp := range b.Spans {
			if sp.ID == id {
				return sp, true
			}
		}
		return annot.Span{}, false
	}
	sp, ok := SuggestedSpeaker(sgs, "q", find)
	if !ok || sp.ID != "vedant" {
		t.Fatalf("suggested speaker %+v %v, want Vedant Patel", sp, ok)
	}
	var source annot.Span
	for _, sg := range sgs {
		for _, r := range sg.Relations {
			if r.Label == annot.RelSpeaker && r.From == "q" {
				source = sg.Spans[slices.IndexFunc(sg.Spans, func(s annot.Span) bool { return s.ID == r.To })]
			}
		}
	}
	if source.Start != 837 || source.End != 842 {
		t.Errorf("source mention %d-%d, want 837-842 (Patel said)", source.Start, source.End)
	}
	// "he added": the pronoun is new, the name it refers to is the document's.
	he := utf8.RuneCountInString(text[:strings.Index(text, "We are taking")])
	q2 := annot.Span{ID: "q2", DocID: "d", Start: he, End: he + 88, Layer: annot.LayerQuote, Label: "QUOTE"}
	b.Spans = append(b.Spans, q2)
	if sgs, err = Run(t.Context(), b, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	if sp, ok := SuggestedSpeaker(sgs, "q2", find); !ok || sp.ID != "vedant" {
		t.Errorf("suggested speaker of “…,” he added: %+v %v, want Vedant Patel", sp, ok)
	}
	if _, ok := SuggestedSpeaker(sgs, "vedant", find); ok {
		t.Error("an entity has no suggested speaker")
	}
}
