package synth

import (
	"reflect"
	"testing"
	"unicode/utf8"

	"spanbench/annot"
	"spanbench/annot/suggest"
)

func TestDocsAreValidAndDeterministic(t *testing.T) {
	labels := annot.NewLabelSet(annot.DefaultLabels())
	for _, o := range []Options{{Seed: 1, SpansPerDoc: 20}, {Seed: 2}, {Seed: 3, SpansPerDoc: 200, TextBytes: 2000}, {Seed: 4, SpansPerDoc: 1}} {
		hashes := map[string]bool{}
		nonASCII, frags := 0, 0
		for i := 0; i < 200; i++ {
			b := Doc(i, o)
			if !reflect.DeepEqual(b, Doc(i, o)) {
				t.Fatalf("%+v doc %d: not deterministic", o, i)
			}
			if err := b.Validate(labels); err != nil {
				t.Fatalf("%+v doc %d: %v", o, i, err)
			}
			if len(b.Spans) != o.SpansPerDoc {
				t.Errorf("%+v doc %d: %d spans", o, i, len(b.Spans))
			}
			if n := len(b.Doc.Text); n < o.textBytes() || (o.SpansPerDoc <= 20 && n > o.textBytes()*2) {
				t.Errorf("%+v doc %d: %d bytes", o, i, n)
			}
			h := annot.HashText(b.Doc.Text)
			if hashes[h] {
				t.Errorf("%+v doc %d: same text as an earlier one", o, i)
			}
			hashes[h] = true
			if utf8.RuneCountInString(b.Doc.Text) != len(b.Doc.Text) {
				nonASCII++
			}
			layer := map[string]annot.Layer{}
			for _, s := range b.Spans {
				layer[s.ID] = s.Layer
				if len(s.Fragments) > 1 {
					frags++
				}
			}
			for _, r := range b.Relations {
				if err := annot.CheckRelationLayers(r.Label, layer[r.From], layer[r.To]); err != nil {
					t.Errorf("%+v doc %d: %v", o, i, err)
				}
			}
		}
		if nonASCII < 150 {
			t.Errorf("%+v: only %d of 200 texts have non-ASCII characters", o, nonASCII)
		}
		if o.SpansPerDoc >= 20 && frags == 0 {
			t.Errorf("%+v: no discontinuous quotes", o)
		}
	}
}

// TestSpanEdgesAreClean: generated spans pass the edges lint (no comma or
// full stop inside a quote), as a careful coder's would.
func TestSpanEdgesAreClean(t *testing.T) {
	for _, o := range []Options{{Seed: 1, SpansPerDoc: 20}, {Seed: 3, SpansPerDoc: 200, TextBytes: 2000}} {
		for i := 0; i < 20; i++ {
			b := Doc(i, o)
			for _, f := range suggest.Lint(b, nil) {
				if f.Rule == suggest.RuleEdges {
					t.Errorf("%+v doc %d: %s", o, i, f)
				}
			}
		}
	}
}

func TestSeedsDiffer(t *testing.T) {
	if Doc(0, Options{Seed: 1}).Doc.Text == Doc(0, Options{Seed: 2}).Doc.Text {
		t.Error("seeds 1 and 2 give the same first document")
	}
}

func BenchmarkDoc(b *testing.B) {
	o := Options{Seed: 1, SpansPerDoc: 20}
	for i := 0; b.Loop(); i++ {
		d := Doc(i, o)
		b.SetBytes(int64(len(d.Doc.Text)))
	}
}
