package format_test

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/store"
)

// carry says what a format carries through an export and a re-import;
// everything else is stated as lost (docs/formats.md, and the format's
// card).
type carry struct {
	docID, title, meta   bool
	spanIDs, attrs, note bool
	layers               bool // false: the layer is read back from the label
	fragments            bool // false: each fragment comes back as a span
	relations            bool
}

// describe renders what a bundle holds that c carries, in a fixed order,
// so two bundles compare as strings.
func describe(b annot.Bundle, c carry) string {
	var sb strings.Builder
	ix := annot.NewIndex(b.Doc.Text)
	if c.docID {
		fmt.Fprintf(&sb, "doc %s\n", b.Doc.ID)
	}
	if c.title {
		fmt.Fprintf(&sb, "title %q\n", b.Doc.Title)
	}
	if c.meta {
		var keys []string
		for k := range b.Doc.Meta {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&sb, "meta %s=%q\n", k, b.Doc.Meta[k])
		}
	}
	fmt.Fprintf(&sb, "text %q\n", b.Doc.Text)
	key := map[string]string{} // span id -> descriptor of it (its first piece when split)
	var spans []string
	for _, sp := range b.Spans {
		layer := sp.Layer
		if !c.layers {
			layer = layerOfLabel(sp.Label)
		}
		pieces := [][]annot.Fragment{sp.Pieces()}
		if !c.fragments {
			pieces = nil
			for _, p := range sp.Pieces() {
				pieces = append(pieces, []annot.Fragment{p})
			}
		}
		for i, ps := range pieces {
			d := fmt.Sprintf("%s/%s %v %q", layer, sp.Label, ps, ix.Slice(ps[0].Start, ps[len(ps)-1].End))
			if i == 0 {
				key[sp.ID] = d
			}
			if c.spanIDs {
				d += " id=" + sp.ID
			}
			if c.attrs && i == 0 {
				d += fmt.Sprintf(" attrs=%v", sp.Attrs)
			}
			if c.note && i == 0 {
				d += fmt.Sprintf(" note=%q", sp.Note)
			}
			spans = append(spans, d)
		}
	}
	sort.Strings(spans)
	for _, s := range spans {
		fmt.Fprintf(&sb, "span %s\n", s)
	}
	if c.relations {
		var rels []string
		for _, r := range b.Relations {
			rels = append(rels, fmt.Sprintf("rel %s %s -> %s", r.Label, key[r.From], key[r.To]))
		}
		sort.Strings(rels)
		sb.WriteString(strings.Join(rels, "\n"))
	}
	return sb.String()
}

// layerOfLabel is the layer layer-less formats read a label back in.
func layerOfLabel(label string) annot.Layer {
	switch label {
	case "QUOTE":
		return annot.LayerQuote
	case "CLAIM":
		return annot.LayerClaim
	case "CUE":
		return annot.LayerCue
	}
	return annot.LayerEntity
}

// TestRoundTrip exports the test documents (as they come from a project) in
// each format that has a reader, imports the result into a fresh project
// and compares what the format carries. What each format loses is what
// carry leaves out, and docs/formats.md says so.
func TestRoundTrip(t *testing.T) {
	all := carry{true, true, true, true, true, true, true, true, true}
	cases := []struct {
		format string
		c      carry
	}{
		{"jsonl", all},
		// spaCy: no status, attributes, notes or annotators.
		{"spacy", carry{docID: true, title: true, meta: true, spanIDs: true, layers: true, fragments: true, relations: true}},
		// doccano: the document id and title, spans by label and offsets;
		// fragments come back as spans, layers from the label.
		{"doccano", carry{docID: true, title: true, relations: true}},
		// brat: no document id, title, meta; spans keep layer (from the
		// conf), fragments, attributes and notes, but get ids from brat's.
		{"brat", carry{layers: true, fragments: true, attrs: true, note: true, relations: true}},
		// Label Studio: everything but annotators, status and relation ids.
		{"labelstudio", carry{docID: true, title: true, meta: true, spanIDs: true, attrs: true, note: true, layers: true, fragments: true, relations: true}},
	}
	for _, tc := range cases {
		t.Run(tc.format, func(t *testing.T) {
			// The source project.
			src := mustStore(t)
			if _, err := src.Import(ctx, "ana", seq(testBundles()...), store.ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			orig := projectBundles(t, src)
			dir := t.TempDir()
			sum := export(t, dir, tc.format, format.ExportOptions{}, orig...)
			dst := mustStore(t)
			importAll(t, dst, tc.format, format.ReadOptions{}, sum.Path)
			back := projectBundles(t, dst)
			if tc.format == "spacy" {
				// The tokens the export wrote come back in meta "spacy_tokens"
				// (TestSpacyTokensKept); the rest of the meta is the same.
				for _, b := range back {
					if !strings.HasPrefix(b.Doc.Meta[format.TokensMeta], "[[") {
						t.Errorf("%s: no meta tokens: %v", b.Doc.Title, b.Doc.Meta)
					}
					delete(b.Doc.Meta, format.TokensMeta)
				}
			}
			if len(back) != len(orig) {
				t.Fatalf("%d documents back, want %d", len(back), len(orig))
			}
			// A folder format reads documents in file name order.
			byText := func(bs []annot.Bundle) {
				sort.SliceStable(bs, func(i, j int) bool { return bs[i].Doc.Text < bs[j].Doc.Text })
			}
			byText(orig)
			byText(back)
			for i := range orig {
				want, got := describe(orig[i], tc.c), describe(back[i], tc.c)
				if want != got {
					t.Errorf("document %d differs after %s:\nwant:\n%s\ngot:\n%s", i, tc.format, want, got)
				}
			}
			if tc.format == "jsonl" {
				// Native JSONL is identical, byte for byte.
				var a, b bytes.Buffer
				for i := range orig {
					format.WriteJSONL(&a, orig[i])
					format.WriteJSONL(&b, back[i])
				}
				if a.String() != b.String() {
					t.Errorf("native JSONL differs:\n%s\n%s", a.String(), b.String())
				}
			}
		})
	}
}

// TestCoNLLRoundTripIsStable: CoNLL keeps tokens and tags only, so a
// project read back from CoNLL exports the same tokens and tags again, and
// every sentence break again. (The text read back has a space between
// tokens, so UAX #29 may find a break more: "café . ”" ends before the ”,
// and "Mr . Patel" after the stop, which no longer follows its abbreviation.)
func TestCoNLLRoundTripIsStable(t *testing.T) {
	dir := t.TempDir()
	sum := export(t, dir, "conll", format.ExportOptions{}, testBundles()...)
	first, _ := os.ReadFile(sum.Path)
	s := mustStore(t)
	importAll(t, s, "conll", format.ReadOptions{}, sum.Path)
	back := projectBundles(t, s)
	sum2 := export(t, t.TempDir(), "conll", format.ExportOptions{}, back...)
	second, _ := os.ReadFile(sum2.Path)
	tokens := func(b []byte) (lines []string, breaks map[int]bool) {
		breaks = map[int]bool{}
		for _, l := range strings.Split(string(b), "\n") {
			if l == "" {
				breaks[len(lines)] = true
				continue
			}
			lines = append(lines, l)
		}
		return lines, breaks
	}
	l1, b1 := tokens(first)
	l2, b2 := tokens(second)
	if strings.Join(l1, "\n") != strings.Join(l2, "\n") {
		t.Errorf("CoNLL tokens or tags changed on a round trip:\n%s\n---\n%s", first, second)
	}
	for at := range b1 {
		if !b2[at] {
			t.Errorf("sentence break before token line %d lost on a round trip", at)
		}
	}
	if sum2.ConflictCount != 0 || sum2.MisalignedCount != 0 {
		t.Errorf("a CoNLL re-export has %d conflicts, %d misaligned", sum2.ConflictCount, sum2.MisalignedCount)
	}
}

func TestDoccanoUnitsRoundTrip(t *testing.T) {
	for _, u := range []format.Unit{format.UnitUTF16, format.UnitCodePoint, format.UnitGrapheme} {
		t.Run(string(u), func(t *testing.T) {
			dir := t.TempDir()
			sum := export(t, dir, "doccano", format.ExportOptions{Unit: u}, testBundles()...)
			s := mustStore(t)
			importAll(t, s, "doccano", format.ReadOptions{Unit: u}, sum.Path)
			back := projectBundles(t, s)
			for i, b := range testBundles() {
				c := carry{docID: true, title: true, relations: true}
				if want, got := describe(b, c), describe(back[i], c); want != got {
					t.Errorf("doc %d:\nwant %s\ngot  %s", i, want, got)
				}
			}
		})
	}
}

// TestDoccanoVariantIsOneKind: when a document with relations follows
// documents without, the earlier lines are rewritten in the relation
// variant, so doccano reads the whole file one way.
func TestDoccanoVariantIsOneKind(t *testing.T) {
	dir := t.TempDir()
	e, m := emptyBundle(), canonical(mixedBundle())
	sum := export(t, dir, "doccano", format.ExportOptions{}, e, m)
	b, _ := os.ReadFile(sum.Path)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	for i, l := range lines {
		if !strings.Contains(l, `"entities":`) || !strings.Contains(l, `"relations":`) || strings.Contains(l, `"label":[`) {
			t.Errorf("line %d is not the relation variant: %s", i+1, l)
		}
	}
	// Without relations anywhere, the label variant.
	sum = export(t, t.TempDir(), "doccano", format.ExportOptions{}, e, canonical(plainBundleNoRel()))
	b, _ = os.ReadFile(sum.Path)
	if strings.Contains(string(b), `"entities"`) || strings.Count(string(b), `"label":[`) != 2 {
		t.Errorf("want the label variant:\n%s", b)
	}
}

func plainBundleNoRel() annot.Bundle {
	b := plainBundle()
	b.Relations = nil
	return b
}
