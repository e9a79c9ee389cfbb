package suggest

import (
	"flag"
	"strings"
	"testing"

	"spanbench/annot"
)

var update = flag.Bool("update", false, "rewrite testdata/eval/gold.jsonl from testdata/eval/source.txt")

const (
	evalSource = "testdata/eval/source.txt"
	evalGold   = "testdata/eval/gold.jsonl"
)

// parseEvalSource reads the evaluation set's markup (see the head of
// source.txt) into gold bundles: quotes with their kind and SPEAKER, entity
// mentions linked to the first labelled mention by SAME_AS.
func parseEvalSource(src string) ([]annot.Bundle, error) {
	return splitGoldDocs(src, func(head string, lines []string) (annot.Bundle, error) {
		return markupGold(markupDoc{set: "eval", name: head}, strings.Trim(strings.Join(lines, "\n"), "\n"))
	})
}

func goldJSONL(t testing.TB) []byte { return goldFile(t, evalSource, parseEvalSource) }

// TestEvalGoldUpToDate checks gold.jsonl is what source.txt says; run with
// -update after editing source.txt.
func TestEvalGoldUpToDate(t *testing.T) {
	goldUpToDate(t, evalGold, goldJSONL(t), *update, "-update")
}

func readGold(t testing.TB) []annot.Bundle { return readGoldJSONL(t, evalGold) }

// TestGoldFollowsTheGuidelines checks the gold quotes have clean edges, as
// the edges lint wants of every span.
func TestGoldFollowsTheGuidelines(t *testing.T) {
	gold := readGold(t)
	if len(gold) < 20 {
		t.Fatalf("%d documents in the evaluation set, want at least 20", len(gold))
	}
	for _, b := range gold {
		for _, f := range Lint(b, nil) {
			if f.Rule == RuleEdges {
				t.Errorf("%s: %s", b.Doc.Title, f)
			}
		}
	}
}

// marked keeps of a bundle's quotes those of kind direct: this set
// annotates the passages between quotation marks only (its mixed quotes are
// the quoted fragment alone), while the suggesters also propose reported
// speech, whose mixed quote is the whole reported clause. The attribution
// set (testdata/attrib, TestAttributionGoals) measures those.
func marked(b annot.Bundle) annot.Bundle {
	out := b
	out.Spans = nil
	for _, sp := range b.Spans {
		if sp.Layer == annot.LayerQuote && isIndirect(sp.Attrs[annot.AttrKind]) {
			continue
		}
		out.Spans = append(out.Spans, sp)
	}
	return out
}

// evaluate runs the suggesters on the gold texts and compares.
// Documents named e… are part 1, written with the rules; h… are part 2,
// written after the rules were frozen.
func evaluate(t testing.TB) (total EvalResult, parts map[string]*EvalResult) {
	parts = map[string]*EvalResult{"e": {}, "h": {}}
	for _, g := range readGold(t) {
		res := Evaluate(marked(g), marked(suggestQuotesOn(t, g)))
		total.Add(res)
		if p := parts[g.Doc.Title[:1]]; p != nil {
			p.Add(res)
		}
	}
	return total, parts
}

// TestQuoteAttributionEval prints quote precision and recall and speaker
// accuracy on the held-out evaluation set, and holds them to the targets:
//
//	go test ./annot/suggest -run TestQuoteAttributionEval -v
func TestQuoteAttributionEval(t *testing.T) {
	res, parts := evaluate(t)
	t.Log("all:    ", res)
	t.Log("part 1: ", parts["e"])
	t.Log("part 2: ", parts["h"])
	for _, e := range res.Errors {
		t.Log("  ", e)
	}
	if res.OverlapPrecision() < 0.9 || res.OverlapRecall() < 0.9 || res.SpeakerAccuracy() < 0.8 {
		t.Errorf("below target (overlap P and R ≥ 0.90, speaker accuracy ≥ 0.80): %s", res)
	}
}
