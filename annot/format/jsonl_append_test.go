package format

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/synth"
)

// referenceJSONL is WriteJSONL as it was, through encoding/json: the
// output appendJSONL must match byte for byte.
func referenceJSONL(b annot.Bundle) []byte {
	ix := annot.NewIndex(b.Doc.Text)
	text := b.Doc.Text
	d := nativeDoc{ID: b.Doc.ID, Title: b.Doc.Title, Text: &text, Meta: b.Doc.Meta, Status: string(b.Doc.Status),
		Spans: make([]nativeSpan, len(b.Spans)), Relations: make([]nativeRel, len(b.Relations))}
	if d.Meta == nil {
		d.Meta = map[string]string{}
	}
	for i, s := range b.Spans {
		st, en, t := s.Start, s.End, ix.Slice(s.Start, s.End)
		attrs := s.Attrs
		if attrs == nil {
			attrs = map[string]string{}
		}
		d.Spans[i] = nativeSpan{ID: s.ID, Start: &st, End: &en, Text: &t, Layer: string(s.Layer), Label: s.Label,
			Attrs: attrs, Note: s.Note, Annotator: s.Annotator}
		if len(s.Fragments) > 1 {
			d.Spans[i].Fragments = s.Fragments
		}
	}
	for i, r := range b.Relations {
		d.Relations[i] = nativeRel{ID: r.ID, Label: r.Label, From: r.From, To: r.To}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(d)
	return buf.Bytes()
}

func TestAppendJSONLMatchesEncodingJSON(t *testing.T) {
	var all strings.Builder
	for c := 0; c < 0x80; c++ {
		all.WriteByte(byte(c))
	}
	nasty := all.String() + "<>&\u2028\u2029\xff\xfe\u00e9\U0001F469\u200d\U0001F469\u200d\U0001F467 \ufeff\x7f"
	bundles := []annot.Bundle{
		{Doc: annot.Document{Text: "x"}},
		{Doc: annot.Document{ID: "d", Title: nasty, Text: nasty, Meta: map[string]string{"z": nasty, "a": "", nasty: "k", "é": "<b>"}, Status: annot.StatusDone},
			Spans: []annot.Span{
				{ID: "", Start: 0, End: 5, Layer: "entity", Label: nasty, Attrs: map[string]string{}, Note: nasty, Annotator: "\u2028"},
				{ID: "q", Start: 2, End: 40, Fragments: []annot.Fragment{{Start: 2, End: 10}, {Start: 20, End: 40}}, Layer: "quote", Label: "QUOTE",
					Attrs: map[string]string{"kind": "direct", "b": "\"\\"}},
				{ID: "one", Start: 3, End: 9, Fragments: []annot.Fragment{{Start: 3, End: 9}}, Layer: "cue", Label: "CUE"},
				{ID: "out", Start: 120, End: 500, Layer: "claim", Label: "CLAIM"},
			},
			Relations: []annot.Relation{{ID: "", Label: "SAME_AS", From: "q", To: nasty}, {ID: "r", Label: nasty, From: "", To: "x"}}},
	}
	for seed := uint64(0); seed < 4; seed++ {
		for i := 0; i < 50; i++ {
			bundles = append(bundles, synth.Doc(i, synth.Options{Seed: seed, SpansPerDoc: int(seed) * 10, TextBytes: 500 + 700*int(seed)}))
		}
	}
	for i, b := range bundles {
		want := referenceJSONL(b)
		var got bytes.Buffer
		if err := WriteJSONL(&got, b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("bundle %d:\n got %s\nwant %s", i, got.Bytes(), want)
		}
	}
}

func BenchmarkWriteJSONL(b *testing.B) {
	docs := make([]annot.Bundle, 200)
	var n int64
	for i := range docs {
		docs[i] = synth.Doc(i, synth.Options{Seed: 1, SpansPerDoc: 20})
		var buf bytes.Buffer
		WriteJSONL(&buf, docs[i])
		n += int64(buf.Len())
	}
	b.Run("append", func(b *testing.B) {
		b.SetBytes(n)
		for b.Loop() {
			for _, d := range docs {
				WriteJSONL(discard{}, d)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(n)
		for b.Loop() {
			for _, d := range docs {
				discard{}.Write(referenceJSONL(d))
			}
		}
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
