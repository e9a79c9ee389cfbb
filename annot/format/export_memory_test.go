package format_test

import (
	"context"
	"iter"
	"path/filepath"
	"runtime"
	"testing"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/annot/synth"
)

// TestExportDoesNotCopyLongText exports one document with a 4 MB text in
// each format that writes the text, and counts the bytes the export
// allocates. The bundle itself is made before counting, so what remains is
// the writer's own work: the offset index (an eighth of a byte per
// character), the spans' lines and buffers. A writer that builds the text a
// second time (a JSON line in memory, []byte(text)) allocates at least the
// text again, and more as a buffer grows by doubling. Issue #11: a 60 MB
// text must export in under four times its size.
func TestExportDoesNotCopyLongText(t *testing.T) {
	b := synth.Doc(0, synth.Options{Seed: 3, SpansPerDoc: 200, TextBytes: 4 << 20})
	if len(b.Doc.Text) < 4<<20 {
		t.Fatalf("text is %d bytes, want at least 4 MB", len(b.Doc.Text))
	}
	one := iter.Seq2[annot.Bundle, error](func(yield func(annot.Bundle, error) bool) { yield(b, nil) })
	// doccano writes a document without relations as a label line and
	// rewrites it when a later one has relations.
	plain := b
	plain.Relations = nil
	rel := synth.Doc(1, synth.Options{Seed: 3, SpansPerDoc: 20})
	if len(rel.Relations) == 0 {
		t.Fatal("the second document has no relations")
	}
	rewritten := iter.Seq2[annot.Bundle, error](func(yield func(annot.Bundle, error) bool) { _ = yield(plain, nil) && yield(rel, nil) })
	for _, f := range []string{"jsonl", "doccano", "labelstudio", "brat", "csv", "doccano-rewritten"} {
		t.Run(f, func(t *testing.T) {
			src := one
			if f == "doccano-rewritten" {
				f, src = "doccano", rewritten
			}
			out := filepath.Join(t.TempDir(), "out."+f)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			if _, err := format.Export(context.Background(), src, format.ExportOptions{Format: f, Out: out}); err != nil {
				t.Fatal(err)
			}
			runtime.ReadMemStats(&after)
			got, limit := after.TotalAlloc-before.TotalAlloc, uint64(len(b.Doc.Text)/2)
			t.Logf("%s: %d bytes allocated for a %d-byte text", f, got, len(b.Doc.Text))
			if got > limit {
				t.Errorf("exporting a %d-byte text allocated %d bytes, want at most %d (half the text)", len(b.Doc.Text), got, limit)
			}
		})
	}
}
