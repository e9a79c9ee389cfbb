package suggest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"spanbench/annot"
)

// sourceScore counts, per kind of source mention (name, pronoun,
// description) and per failure class, the attributions whose source the
// suggesters got right.
type sourceScore struct {
	right, total map[string]int
	errors       []string
}

func (s *sourceScore) add(key string, ok bool) {
	if s.right == nil {
		s.right, s.total = map[string]int{}, map[string]int{}
	}
	s.total[key]++
	if ok {
		s.right[key]++
	}
}

func (s *sourceScore) rate(key string) float64 { return ratio(s.right[key], s.total[key]) }

func (s *sourceScore) String() string {
	var keys []string
	for k := range s.total {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&sb, "  %-22s %.2f (%d/%d)\n", k, s.rate(k), s.right[k], s.total[k])
	}
	return sb.String()
}

// iou is the overlap of two spans' extents.
func iou(a, b annot.Span) float64 { return Overlap(a.Pieces(), b.Pieces()) }

// clusterOf returns the spans linked to id by SAME_AS in rels, either way,
// id included.
func clusterOf(rels []annot.Relation, id string) map[string]bool {
	seen := map[string]bool{id: true}
	for changed := true; changed; {
		changed = false
		for _, r := range rels {
			if r.Label == annot.RelSameAs && seen[r.From] != seen[r.To] {
				seen[r.From], seen[r.To], changed = true, true, true
			}
		}
	}
	return seen
}

// scoreSources runs the quote suggester on each gold document given its
// gold quotes (and the entities marked given), and scores the source each
// quote gets. A source is right when the SPEAKER target overlaps the gold
// source mention by at least half (intersection over union), and its
// SAME_AS links (followed on) reach a mention of the gold antecedent; when
// the gold source has no antecedent, SAME_AS links may only reach mentions
// of the source itself.
//
// With found set, the gold quotes are not given: the direct ones are
// matched to the quotes the suggester pairs (overlap at least MinOverlap),
// the others left out, and a direct quote not found counts under
// "not found".
func scoreSources(t testing.TB, half string, found bool) *sourceScore {
	sc := &sourceScore{}
	for _, g := range readSources(t, half) {
		in := annot.Bundle{Doc: g.Doc}
		gold := map[string]annot.Span{}
		for _, sp := range g.Spans {
			gold[sp.ID] = sp
			if sp.Layer == annot.LayerQuote && !found || sp.Attrs["given"] == "true" {
				in.Spans = append(in.Spans, sp)
			}
		}
		var opt Options
		opt.Suggesters = []string{SourceQuotes}
		for _, l := range strings.Split(g.Doc.Meta["gazetteer"], "\n") {
			if name, label, ok := strings.Cut(l, "="); ok {
				opt.Gazetteer = append(opt.Gazetteer, GazetteerEntry{Text: name, Label: label})
			}
		}
		sgs, err := Run(context.Background(), in, annot.NewIndex(g.Doc.Text), opt)
		if err != nil {
			t.Fatal(err)
		}
		pred := AsBundle(in, sgs)
		ps := map[string]annot.Span{}
		for _, sp := range pred.Spans {
			ps[sp.ID] = sp
		}
		for _, sp := range in.Spans {
			ps[sp.ID] = sp
		}
		for _, r := range g.Relations {
			if r.Label != annot.RelSpeaker {
				continue
			}
			from := r.From
			if found {
				if gold[r.From].Attrs[annot.AttrKind] != "direct" {
					continue
				}
				from = ""
				for _, sp := range pred.Spans {
					if sp.Layer == annot.LayerQuote && Overlap(sp.Pieces(), gold[r.From].Pieces()) >= MinOverlap {
						from = sp.ID
					}
				}
				if from == "" {
					sc.add("not found", true)
					continue
				}
			}
			src := gold[r.To]
			typ := src.Attrs["mention"]
			var ante []annot.Span // the gold antecedent's mentions
			for id := range clusterOf(g.Relations, src.ID) {
				if id != src.ID {
					ante = append(ante, gold[id])
				}
			}
			hasAnte := false
			for _, gr := range g.Relations {
				hasAnte = hasAnte || gr.Label == annot.RelSameAs && gr.From == src.ID
			}
			ok, why := false, "no speaker"
			for _, pr := range pred.Relations {
				if pr.Label != annot.RelSpeaker || pr.From != from {
					continue
				}
				got := ps[pr.To]
				if iou(got, src) < 0.5 {
					why = fmt.Sprintf("source %q", g.Doc.Text[byteOff(g.Doc.Text, got.Start):byteOff(g.Doc.Text, got.End)])
					break
				}
				reached := clusterOf(pred.Relations, pr.To)
				delete(reached, pr.To)
				hit, stray := false, ""
				for id := range reached {
					sp := ps[id]
					in := false
					for _, a := range ante {
						in = in || iou(sp, a) >= 0.5
					}
					if in {
						hit = true
					} else if iou(sp, src) < 0.5 {
						stray = annot.NewIndex(g.Doc.Text).Slice(sp.Start, sp.End)
					}
				}
				switch {
				case hasAnte && !hit:
					why = "no SAME_AS to the antecedent"
					if stray != "" {
						why = fmt.Sprintf("SAME_AS to %q", stray)
					}
				case !hasAnte && stray != "":
					why = fmt.Sprintf("SAME_AS to %q", stray)
				default:
					ok = true
				}
				break
			}
			sc.add(typ, ok)
			sc.add("class "+g.Doc.Meta["class"], ok)
			sc.add("all", ok)
			if !ok {
				ix := annot.NewIndex(g.Doc.Text)
				sc.errors = append(sc.errors, fmt.Sprintf("%s %s %q: %s", g.Doc.Title, typ, ix.Slice(src.Start, src.End), why))
			}
		}
	}
	return sc
}

func byteOff(s string, cp int) int { return len(string([]rune(s)[:cp])) }

// TestSourceAttribution prints how often the suggested SPEAKER is the
// source mention of the attribution with the right SAME_AS antecedent, on
// both halves of testdata/sources, and holds the tuned half to the goals
// of issue 15 (named sources 0.92, pronoun sources 0.85):
//
//	go test ./annot/suggest -run TestSourceAttribution -v
func TestSourceAttribution(t *testing.T) {
	for _, half := range sourceHalves {
		sc := scoreSources(t, half, false)
		t.Logf("%s:\n%s", half, sc)
		for _, e := range sc.errors {
			t.Logf("  %s: %s", half, e)
		}
		if sc.rate("name") < 0.92 || sc.rate("pronoun") < 0.85 {
			t.Errorf("%s: speaker right for named sources %.2f (goal 0.92), pronoun sources %.2f (goal 0.85)", half, sc.rate("name"), sc.rate("pronoun"))
		}
	}
}

// TestSourceAttributionFound prints the same for the direct quotes the
// suggester finds by itself, end to end, and holds them to the same goals:
//
//	go test ./annot/suggest -run TestSourceAttributionFound -v
func TestSourceAttributionFound(t *testing.T) {
	for _, half := range sourceHalves {
		sc := scoreSources(t, half, true)
		t.Logf("%s, direct quotes found by the suggester:\n%s", half, sc)
		for _, e := range sc.errors {
			t.Logf("  %s: %s", half, e)
		}
		if sc.rate("name") < 0.92 || sc.rate("pronoun") < 0.85 {
			t.Errorf("%s, found quotes: speaker right for named sources %.2f (goal 0.92), pronoun sources %.2f (goal 0.85)", half, sc.rate("name"), sc.rate("pronoun"))
		}
	}
}
