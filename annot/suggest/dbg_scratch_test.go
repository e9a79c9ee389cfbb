package suggest

import (
	"context"
	"os"
	"testing"

	"spanbench/annot"
)

func TestDbgScratch(t *testing.T) {
	want := os.Getenv("DOC")
	for _, half := range sourceHalves {
		for _, g := range readSources(t, half) {
			if g.Doc.Title != want {
				continue
			}
			in := annot.Bundle{Doc: g.Doc}
			for _, sp := range g.Spans {
				if sp.Layer == annot.LayerQuote || sp.Attrs["given"] == "true" {
					in.Spans = append(in.Spans, sp)
				}
			}
			ix := annot.NewIndex(g.Doc.Text)
			sgs, _ := Run(context.Background(), in, ix, Options{MinConfidence: -1})
			for _, s := range sgs {
				t.Logf("%s %q", s, ix.Slice(s.Start, s.End))
				for _, sp := range s.Spans {
					t.Logf("    span %s %q", sp.Label, ix.Slice(sp.Start, sp.End))
				}
			}
		}
	}
}
