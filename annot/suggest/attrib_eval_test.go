package suggest

import (
	"strings"
	"testing"
)

// attribEval runs the quote suggester on the texts of an attribution gold
// file and sums the figures.
func attribEval(t testing.TB, path string) *AttribReport {
	r := &AttribReport{}
	for _, g := range readAttribGold(t, path) {
		EvaluateAttribution(g, suggestQuotesOn(t, g), r)
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

// TestAttributionGoals holds the held-out part to the goals of the
// attribution work: direct quotes found ≥ 0.97 at precision ≥ 0.95,
// reported speech found ≥ 0.65 at precision ≥ 0.80, and its source right
// ≥ 0.85 when the source is a name.
func TestAttributionGoals(t *testing.T) {
	f := attribEval(t, attribHeldGold).All.Figures()
	for _, g := range []struct {
		name string
		got  Figure
		min  float64
	}{
		{"direct found", f.DirectFound, 0.97},
		{"quote precision", f.QuotePrecision, 0.95},
		{"indirect found", f.IndirectFound, 0.65},
		{"indirect precision", f.IndirectPrecision, 0.80},
		{"source right, named", f.IndirectSourceNamed, 0.85},
	} {
		if g.got.Value < g.min {
			t.Errorf("%s %.2f (%d/%d), goal %.2f", g.name, g.got.Value, g.got.Right, g.got.Total, g.min)
		}
	}
}
