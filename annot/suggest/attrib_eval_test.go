package suggest

import (
	"context"
	"strings"
	"testing"

	"spanbench/annot"
)

// attribEval runs the quote suggester on the texts of an attribution gold
// file and sums the figures.
func attribEval(t testing.TB, path string) *AttribReport {
	r := &AttribReport{}
	for _, g := range readAttribGold(t, path) {
		in := annot.Bundle{Doc: g.Doc}
		sgs, err := Run(context.Background(), in, annot.NewIndex(g.Doc.Text), Options{Suggesters: []string{SourceQuotes}})
		if err != nil {
			t.Fatal(err)
		}
		EvaluateAttribution(g, AsBundle(in, sgs), r)
	}
	return r
}

// TestAttributionEval prints the attribution figures on both parts of the
// evaluation set:
//
//	go test ./annot/suggest -run TestAttributionEval -v
func TestAttributionEval(t *testing.T) {
	for _, path := range []string{attribDevGold, attribHeldGold} {
		r := attribEval(t, path)
		var sb strings.Builder
		r.WriteTable(&sb)
		t.Logf("%s\n%s", path, sb.String())
		if testing.Verbose() && strings.Contains(path, "dev") {
			for _, e := range r.Errors {
				t.Log("  ", e)
			}
		}
	}
}
