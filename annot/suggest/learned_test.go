package suggest

import (
	"context"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"spanbench/annot"
	"spanbench/annot/learn"
	"spanbench/annot/synth"
)

// fixedModel proposes the given texts (first occurrence) with a label,
// standing in for a learned model.
func fixedModel(props map[string]string) func(ix *annot.Index) []Name {
	return func(ix *annot.Index) []Name {
		var out []Name
		for name, label := range props {
			i := strings.Index(ix.Text(), name)
			if i < 0 {
				continue
			}
			s := len([]rune(ix.Text()[:i]))
			out = append(out, Name{Start: s, End: s + len([]rune(name)), Label: label, Confidence: 0.8, Reason: "learned from 12 documents"})
		}
		return out
	}
}

// A learned model adds the names the dictionaries do not know; where an
// entity span or a dictionary suggestion is, the model is not asked twice.
func TestLearnedEntities(t *testing.T) {
	text := "Ana Ruiz met Bo Lind and Cai Wen in Oslo."
	b := annot.Bundle{Doc: annot.Document{ID: "d", Text: text}, Spans: []annot.Span{
		{ID: "ana", Start: 0, End: 8, Layer: annot.LayerEntity, Label: "PERSON"},
	}}
	opt := Options{
		Gazetteer: []GazetteerEntry{{Text: "Oslo", Label: "GPE"}},
		Names:     fixedModel(map[string]string{"Ana Ruiz": "PERSON", "Bo Lind": "PERSON", "Cai Wen": "PERSON", "in Oslo": "ORG"}),
	}
	got := entityTexts(t, b, SourceEntities, opt)
	want := []string{"Bo Lind/PERSON", "Cai Wen/PERSON", "Oslo/GPE"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	_, sgs, _ := runOne(t, b, SourceEntities, opt)
	for _, sg := range sgs {
		if sg.Label == "PERSON" && (sg.Confidence != 0.72 || sg.Reason != "learned from 12 documents") {
			t.Errorf("%v: want confidence 0.72 (0.8 × %.1f) and the model's reason", sg, learnedShare)
		}
	}
	// Rejecting a learned suggestion works as for any other.
	opt.Rejected = map[string]bool{SpanKey(annot.LayerEntity, "PERSON", []annot.Fragment{{Start: 13, End: 20}}): true}
	if got := entityTexts(t, b, SourceEntities, opt); !reflect.DeepEqual(got, []string{"Cai Wen/PERSON", "Oslo/GPE"}) {
		t.Errorf("after rejecting Bo Lind: %v", got)
	}
}

// A name in a script without capitals, which the rules cannot see, is
// the quote's speaker once the learned model proposes it (issue 15's
// example sentence).
func TestLearnedEntityIsSpeaker(t *testing.T) {
	text := "外交部发言人 王毅 said the talks in 北京 were “constructive and frank, on all questions”."
	b := annot.Bundle{Doc: annot.Document{ID: "d", Text: text}}
	speaker := func(opt Options) string {
		ix, sgs, spans := runOne(t, b, SourceQuotes, opt)
		for _, sg := range sgs {
			for _, r := range sg.Relations {
				if r.Label == annot.RelSpeaker {
					return ix.SpanText(spans[r.To])
				}
			}
		}
		return ""
	}
	t.Logf("without a model: speaker %q", speaker(Options{}))
	if got := speaker(Options{Names: fixedModel(map[string]string{"王毅": "PERSON", "北京": "GPE"})}); got != "王毅" {
		t.Errorf("with the learned names: speaker %q, want 王毅", got)
	}
}

// BenchmarkRun1MBLearned is BenchmarkRun1MB's plain case with a learned
// model (trained on 100 synthetic articles) in Options.Names, and
// without it, one after the other: what the model adds to a 1 MB run.
//
//	go test ./annot/suggest -run '^$' -bench Run1MBLearned -benchmem -count 3
func BenchmarkRun1MBLearned(b *testing.B) {
	text := bigArticle(b, 1<<20)
	bundle := annot.Bundle{Doc: annot.Document{ID: "big", Text: text}}
	var docs []learn.Document
	for sb := range synth.Bundles(100, synth.Options{Seed: 1, SpansPerDoc: 20}) {
		docs = append(docs, learn.Document{Index: annot.NewIndex(sb.Doc.Text), Spans: sb.Spans})
	}
	m := learn.Train(docs, learn.Options{})
	hook := func(ix *annot.Index) []Name {
		var out []Name
		for _, e := range m.Predict(ix, nil) {
			out = append(out, Name{Start: e.Start, End: e.End, Label: e.Label, Confidence: e.Confidence, Reason: "learned from 100 documents"})
		}
		return out
	}
	for _, tc := range []struct {
		name string
		opt  Options
	}{{"without", Options{}}, {"learned", Options{Names: hook}}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			var n int
			var ru0, ru1 syscall.Rusage
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
			for b.Loop() {
				sgs, err := Run(context.Background(), bundle, annot.NewIndex(text), tc.opt)
				if err != nil {
					b.Fatal(err)
				}
				n = len(sgs)
			}
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
			cpu := ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano()
			b.ReportMetric(float64(cpu)/1e6/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(n), "suggestions")
		})
	}
}
