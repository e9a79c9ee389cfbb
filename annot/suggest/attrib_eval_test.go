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

// TestAttributionGoals prints the attribution figures on both parts of the
// evaluation set (with -v, the development part's errors too) and holds the
// held-out part to the goals of the attribution work: direct quotes found
// ≥ 0.97 at precision ≥ 0.95, their speaker right ≥ 0.92 when named and
// ≥ 0.85 when a pronoun, reported speech found ≥ 0.65 at precision ≥ 0.80,
// and its source right ≥ 0.85 when the source is a name.
//
//	go test ./annot/suggest -run TestAttributionGoals -v
func TestAttributionGoals(t *testing.T) {
	var held *AttribReport
	for _, path := range []string{attribDevGold, attribHeldGold} {
		r := attribEval(t, path)
		var sb strings.Builder
		r.WriteTable(&sb)
		t.Logf("%s\n%s", path, sb.String())
		if testing.Verbose() && path == attribDevGold {
			for _, e := range r.Errors {
				t.Log("  ", e)
			}
		}
		held = r
	}
	f := held.All.Figures()
	for _, g := range []struct {
		name string
		got  Figure
		min  float64
	}{
		{"direct found", f.DirectFound, 0.97},
		{"quote precision", f.QuotePrecision, 0.95},
		{"speaker right, named", f.SpeakerNamed, 0.92},
		{"speaker right, pronoun", f.SpeakerPronoun, 0.85},
		{"indirect found", f.IndirectFound, 0.65},
		{"indirect precision", f.IndirectPrecision, 0.80},
		{"source right, named", f.IndirectSourceNamed, 0.85},
	} {
		if g.got.Value < g.min {
			t.Errorf("%s %.2f (%d/%d), goal %.2f", g.name, g.got.Value, g.got.Right, g.got.Total, g.min)
		}
	}
}
