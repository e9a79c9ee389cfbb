package annot

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateSpan(t *testing.T) {
	text := "“We are…,” he said, “and we 👩‍👩‍👧 go.”\r\nok"
	ix := NewIndex(text)
	fam := strings.Index(text, "👩")
	famCP := len([]rune(text[:fam]))
	tests := []struct {
		name  string
		span  Span
		field string // "" = valid
		msg   string
	}{
		{"plain", Span{Start: 1, End: 7, Layer: LayerQuote, Label: "QUOTE"}, "", ""},
		{"whole emoji", Span{Start: famCP, End: famCP + 5, Layer: LayerEntity, Label: "MISC"}, "", ""},
		{"discontinuous", Span{Start: 1, End: 34, Fragments: []Fragment{{1, 8}, {21, 34}}, Layer: LayerQuote, Label: "QUOTE"}, "", ""},
		{"single fragment normalised", Span{Start: 1, End: 7, Fragments: []Fragment{{1, 7}}, Layer: LayerQuote, Label: "QUOTE"}, "", ""},
		{"empty", Span{Start: 3, End: 3, Layer: LayerEntity, Label: "X"}, "start", "must be before"},
		{"negative", Span{Start: -1, End: 3, Layer: LayerEntity, Label: "X"}, "start", "negative"},
		{"past end", Span{Start: 0, End: 999, Layer: LayerEntity, Label: "X"}, "end", "past the end"},
		{"inside zwj", Span{Start: famCP + 2, End: famCP + 5, Layer: LayerEntity, Label: "X"}, "start", "splits the character"},
		{"inside crlf", Span{Start: 0, End: ix.Len() - 3, Layer: LayerEntity, Label: "X"}, "end", "splits"},
		{"bad layer", Span{Start: 0, End: 3, Layer: "topic", Label: "X"}, "layer", "unknown layer"},
		{"no label", Span{Start: 0, End: 3, Layer: LayerEntity}, "label", "empty"},
		{"fragments unsorted", Span{Start: 1, End: 34, Fragments: []Fragment{{21, 34}, {1, 8}}, Layer: LayerQuote, Label: "Q"}, "fragments", "must run from"},
		{"fragments overlap", Span{Start: 1, End: 34, Fragments: []Fragment{{1, 22}, {21, 34}}, Layer: LayerQuote, Label: "Q"}, "fragments[1][0]", "overlaps"},
		{"fragment wrong hull", Span{Start: 0, End: 34, Fragments: []Fragment{{1, 8}, {21, 34}}, Layer: LayerQuote, Label: "Q"}, "fragments", "must run from"},
		{"lone fragment differs", Span{Start: 1, End: 9, Fragments: []Fragment{{1, 7}}, Layer: LayerQuote, Label: "Q"}, "fragments", "single fragment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := tt.span
			err := ValidateSpan(ix, &sp)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if len(sp.Fragments) == 1 {
					t.Errorf("single fragment kept: %v", sp.Fragments)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Kind != KindInvalid {
				t.Fatalf("err = %v, want an invalid *Error", err)
			}
			if e.Field != tt.field || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("err = field %q msg %q; want field %q containing %q", e.Field, e.Msg, tt.field, tt.msg)
			}
		})
	}
}

func TestBundleValidate(t *testing.T) {
	base := func() Bundle {
		return Bundle{
			Doc: Document{ID: "d", Text: "Vedant Patel said “hi”."},
			Spans: []Span{
				{ID: "s1", Start: 0, End: 12, Layer: LayerEntity, Label: "PERSON"},
				{ID: "s2", Start: 19, End: 21, Layer: LayerQuote, Label: "QUOTE"},
			},
			Relations: []Relation{{ID: "r1", Label: RelSpeaker, From: "s2", To: "s1"}},
		}
	}
	labels := NewLabelSet(DefaultLabels())
	tests := []struct {
		name   string
		change func(b *Bundle)
		kind   Kind
		field  string
	}{
		{"valid", func(b *Bundle) {}, 0, ""},
		{"duplicate span id", func(b *Bundle) { b.Spans[1].ID = "s1" }, KindConflict, "spans[1].id"},
		{"relation to unknown span", func(b *Bundle) { b.Relations[0].To = "nope" }, KindNotFound, "relations[0].to"},
		{"self relation", func(b *Bundle) { b.Relations[0].To = "s2" }, KindInvalid, "relations[0].to"},
		{"unknown label", func(b *Bundle) { b.Spans[0].Label = "ANIMAL" }, KindNotFound, "spans[0].label"},
		{"unknown relation label", func(b *Bundle) { b.Relations[0].Label = "LOVES" }, KindNotFound, "relations[0].label"},
		{"bad status", func(b *Bundle) { b.Doc.Status = "finished" }, KindInvalid, "status"},
		{"span of other doc", func(b *Bundle) { b.Spans[0].DocID = "other" }, KindInvalid, "spans[0].doc_id"},
	}
	for _, tt := range tests {
		b := base()
		tt.change(&b)
		err := b.Validate(labels)
		if tt.kind == 0 {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Kind != tt.kind || e.Field != tt.field {
			t.Errorf("%s: err = %#v, want kind %v field %q", tt.name, err, tt.kind, tt.field)
		}
	}
}

func TestErrorsIs(t *testing.T) {
	err := InField("spans[2]", NotFoundf("label", "no such label"))
	if !errors.Is(err, ErrNotFound) || errors.Is(err, ErrInvalid) {
		t.Errorf("errors.Is wrong for %v", err)
	}
	if err.Error() != "spans[2].label: no such label" {
		t.Errorf("message = %q", err.Error())
	}
}

func TestCheckRelationLayers(t *testing.T) {
	tests := []struct {
		label    string
		from, to Layer
		ok       bool
	}{
		{RelSpeaker, LayerQuote, LayerEntity, true},
		{RelSpeaker, LayerClaim, LayerEntity, false},
		{RelClaimant, LayerClaim, LayerQuote, true},
		{RelClaimant, LayerClaim, LayerCue, false},
		{RelCue, LayerQuote, LayerCue, true},
		{RelSameAs, LayerEntity, LayerEntity, true},
		{RelSameAs, LayerEntity, LayerQuote, false},
		{"Located", LayerEntity, LayerEntity, true},
	}
	for _, tt := range tests {
		if err := CheckRelationLayers(tt.label, tt.from, tt.to); (err == nil) != tt.ok {
			t.Errorf("%s %s->%s: %v", tt.label, tt.from, tt.to, err)
		}
	}
}

func TestTitleFromText(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Photo: Department of State\n\nState Department: US and Allies\n\nBody", "State Department: US and Allies"},
		{"\ufeff  Headline here  \r\nbody", "Headline here"},
		{"\n\n", "Untitled"},
		{"Photo: only a credit", "Photo: only a credit"},
	}
	for _, tt := range tests {
		if got := TitleFromText(tt.text); got != tt.want {
			t.Errorf("TitleFromText(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
