package suggest

import (
	"fmt"
	"sort"

	"spanbench/annot"
)

// EvalResult counts how predicted quotes and speakers compare with gold
// ones. Quotes match exactly (same pieces) or by overlap (intersection over
// union of their code points at least MinOverlap), one to one. A speaker is
// correct when the predicted SPEAKER end overlaps any mention of the gold
// speaker: the gold SPEAKER end or a span linked to it by SAME_AS.
type EvalResult struct {
	Docs            int
	Gold, Predicted int // quotes
	Exact           int // predicted quotes equal to a gold quote
	Overlap         int // predicted quotes matched to a gold quote by overlap
	SpeakerTotal    int // overlap-matched quotes whose gold quote has a speaker
	SpeakerCorrect  int
	KindTotal       int // overlap-matched quotes whose gold quote has a kind
	KindCorrect     int
	// Errors lists, per document, the quotes missed, the spurious ones and
	// the wrong speakers, for reading.
	Errors []string
}

// MinOverlap is the overlap at which a predicted quote counts as found.
const MinOverlap = 0.8

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// ExactPrecision and the other ratios are 0 when their denominator is.
func (e EvalResult) ExactPrecision() float64   { return ratio(e.Exact, e.Predicted) }
func (e EvalResult) ExactRecall() float64      { return ratio(e.Exact, e.Gold) }
func (e EvalResult) OverlapPrecision() float64 { return ratio(e.Overlap, e.Predicted) }
func (e EvalResult) OverlapRecall() float64    { return ratio(e.Overlap, e.Gold) }
func (e EvalResult) SpeakerAccuracy() float64  { return ratio(e.SpeakerCorrect, e.SpeakerTotal) }
func (e EvalResult) KindAccuracy() float64     { return ratio(e.KindCorrect, e.KindTotal) }

// Add sums another result into e.
func (e *EvalResult) Add(o EvalResult) {
	e.Docs += o.Docs
	e.Gold += o.Gold
	e.Predicted += o.Predicted
	e.Exact += o.Exact
	e.Overlap += o.Overlap
	e.SpeakerTotal += o.SpeakerTotal
	e.SpeakerCorrect += o.SpeakerCorrect
	e.KindTotal += o.KindTotal
	e.KindCorrect += o.KindCorrect
	e.Errors = append(e.Errors, o.Errors...)
}

// String is the summary line the evaluation test prints.
func (e EvalResult) String() string {
	return fmt.Sprintf("docs %d, gold quotes %d, predicted %d | exact P %.2f R %.2f | overlap≥%.0f%% P %.2f R %.2f | speaker accuracy %.2f (%d/%d) | kind accuracy %.2f",
		e.Docs, e.Gold, e.Predicted, e.ExactPrecision(), e.ExactRecall(), MinOverlap*100, e.OverlapPrecision(), e.OverlapRecall(),
		e.SpeakerAccuracy(), e.SpeakerCorrect, e.SpeakerTotal, e.KindAccuracy())
}

// Evaluate compares the quotes and speakers of pred with those of gold, two
// bundles of the same document text.
func Evaluate(gold, pred annot.Bundle) EvalResult {
	res := EvalResult{Docs: 1}
	ix := annot.NewIndex(gold.Doc.Text)
	quotes := func(b annot.Bundle) []annot.Span {
		var qs []annot.Span
		for _, sp := range b.Spans {
			if sp.Layer == annot.LayerQuote {
				qs = append(qs, sp)
			}
		}
		return qs
	}
	gq, pq := quotes(gold), quotes(pred)
	res.Gold, res.Predicted = len(gq), len(pq)
	name := gold.Doc.Title
	if name == "" {
		name = gold.Doc.ID
	}
	// Exact matches, one to one.
	used := make([]bool, len(gq))
	for _, p := range pq {
		for i, g := range gq {
			if !used[i] && Overlap(p.Pieces(), g.Pieces()) == 1 {
				used[i] = true
				res.Exact++
				break
			}
		}
	}
	// Overlap matches: best pairs first.
	type pair struct {
		p, g int
		o    float64
	}
	var pairs []pair
	for i, p := range pq {
		for j, g := range gq {
			if o := Overlap(p.Pieces(), g.Pieces()); o >= MinOverlap {
				pairs = append(pairs, pair{i, j, o})
			}
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].o > pairs[j].o })
	pm, gm := make([]int, len(pq)), make([]int, len(gq))
	for i := range pm {
		pm[i] = -1
	}
	for i := range gm {
		gm[i] = -1
	}
	for _, pr := range pairs {
		if pm[pr.p] < 0 && gm[pr.g] < 0 {
			pm[pr.p], gm[pr.g] = pr.g, pr.p
			res.Overlap++
		}
	}
	for j, g := range gq {
		if gm[j] < 0 {
			res.Errors = append(res.Errors, fmt.Sprintf("%s: missed quote %q", name, ix.SpanText(g)))
		}
	}
	goldSpans, predSpans := spansByID(gold), spansByID(pred)
	speakerOf := func(b annot.Bundle, id string) string {
		for _, r := range b.Relations {
			if r.Label == annot.RelSpeaker && r.From == id {
				return r.To
			}
		}
		return ""
	}
	for i, p := range pq {
		if pm[i] < 0 {
			res.Errors = append(res.Errors, fmt.Sprintf("%s: spurious quote %q", name, ix.SpanText(p)))
			continue
		}
		g := gq[pm[i]]
		if k := g.Attrs[annot.AttrKind]; k != "" {
			res.KindTotal++
			if p.Attrs[annot.AttrKind] == k {
				res.KindCorrect++
			}
		}
		gs := speakerOf(gold, g.ID)
		if gs == "" {
			continue
		}
		res.SpeakerTotal++
		ps := speakerOf(pred, p.ID)
		mentions := cluster(gold, gs)
		got, ok := predSpans[ps]
		if ok {
			for _, m := range mentions {
				if gsp, ok2 := goldSpans[m]; ok2 && Overlap(got.Pieces(), gsp.Pieces()) > 0 {
					res.SpeakerCorrect++
					ok = false
					break
				}
			}
			if ok {
				res.Errors = append(res.Errors, fmt.Sprintf("%s: quote %q: speaker %q, want %q", name, ix.SpanText(g), ix.SpanText(got), ix.SpanText(goldSpans[gs])))
			}
		} else {
			res.Errors = append(res.Errors, fmt.Sprintf("%s: quote %q: no speaker, want %q", name, ix.SpanText(g), ix.SpanText(goldSpans[gs])))
		}
	}
	return res
}

func spansByID(b annot.Bundle) map[string]annot.Span {
	m := make(map[string]annot.Span, len(b.Spans))
	for _, sp := range b.Spans {
		m[sp.ID] = sp
	}
	return m
}

// cluster returns the ids of the spans linked to id by SAME_AS, id included.
func cluster(b annot.Bundle, id string) []string {
	seen := map[string]bool{id: true}
	out := []string{id}
	for changed := true; changed; {
		changed = false
		for _, r := range b.Relations {
			if r.Label != annot.RelSameAs {
				continue
			}
			for _, e := range [][2]string{{r.From, r.To}, {r.To, r.From}} {
				if seen[e[0]] && !seen[e[1]] {
					seen[e[1]] = true
					out = append(out, e[1])
					changed = true
				}
			}
		}
	}
	return out
}
