package format_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"spanbench/annot"
	"spanbench/annot/format"
)

// The export benchmark: 10,000 news-like documents with 200,000 spans
// (20 a document: entities, quotes with their speakers, claims, cues),
// written in each format. Run:
//
//	go test ./annot/format -run '^$' -bench BenchmarkExport -benchtime 3x
//
// Figures are in BENCHMARKS.md.

const (
	benchDocs  = 10000
	benchSpans = 20
)

var (
	benchOnce    sync.Once
	benchCorpus  []annot.Bundle
	benchTextLen int64
)

var (
	benchNames  = []string{"Vedant Patel", "Antony Blinken", "Zoë Ångström", "Amina Yusuf", "王小明", "José Müller", "Li Wei", "Fatima al-Sayed"}
	benchOrgs   = []string{"State Department", "United Nations", "NATO", "the Taliban", "Reuters", "World Bank"}
	benchPlaces = []string{"Afghanistan", "Kabul", "Washington", "Doha", "الرياض", "Pakistan", "Geneva"}
	benchWords  = strings.Fields("the government said that its partners would continue to work closely with allies in the region " +
		"to counter emerging threats and support humanitarian aid while officials met on Tuesday to discuss security " +
		"cooperation funding elections refugees borders talks agreement report spokesman briefing press statement")
)

// benchBundles builds the corpus once: deterministic text, spans on token
// boundaries.
func benchBundles() []annot.Bundle {
	benchOnce.Do(func() {
		r := rand.New(rand.NewPCG(1, 2))
		benchCorpus = make([]annot.Bundle, benchDocs)
		for d := range benchCorpus {
			var sb strings.Builder
			cp := 0
			write := func(s string) (int, int) {
				start := cp
				sb.WriteString(s)
				cp += utf8.RuneCountInString(s)
				return start, cp
			}
			b := annot.Bundle{Doc: annot.Document{ID: annot.DerivedID("bench", fmt.Sprint(d)), Status: annot.StatusDone}}
			title := fmt.Sprintf("%s meets %s officials in %s", benchNames[r.IntN(len(benchNames))], benchOrgs[r.IntN(len(benchOrgs))], benchPlaces[r.IntN(len(benchPlaces))])
			b.Doc.Title = title
			write(title + "\n\n")
			span := func(layer annot.Layer, label string, s, e int) string {
				id := annot.DerivedID(b.Doc.ID, fmt.Sprint(len(b.Spans)))
				b.Spans = append(b.Spans, annot.Span{ID: id, Start: s, End: e, Layer: layer, Label: label, Annotator: "ana"})
				return id
			}
			for len(b.Spans) < benchSpans {
				// A paragraph: a quote, its cue and speaker, a claim, two entities.
				pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
				for i := 0; i < 90; i++ {
					w := pick(benchWords)
					if i%15 == 14 {
						w += "."
					}
					write(w + " ")
				}
				write("\n\n")
				for i := 0; i < 12; i++ {
					write(pick(benchWords) + " ")
				}
				ps, pe := write(pick(benchOrgs))
				write(" officials in ")
				gs, ge := write(pick(benchPlaces))
				write(". “")
				qs := cp
				for i := 0; i < 15; i++ {
					write(pick(benchWords) + " ")
				}
				_, qe := write("together")
				write(",” ")
				cs, ce := write("said")
				write(" ")
				ns, ne := write(pick(benchNames))
				write(". ")
				ls := cp
				for i := 0; i < 10; i++ {
					write(pick(benchWords) + " ")
				}
				_, le := write("again")
				write(".\n\n")
				org := span(annot.LayerEntity, "ORG", ps, pe)
				_ = org
				span(annot.LayerEntity, "GPE", gs, ge)
				q := span(annot.LayerQuote, "QUOTE", qs, qe)
				cue := span(annot.LayerCue, "CUE", cs, ce)
				who := span(annot.LayerEntity, "PERSON", ns, ne)
				claim := span(annot.LayerClaim, "CLAIM", ls, le)
				b.Relations = append(b.Relations,
					annot.Relation{ID: annot.DerivedID(q, "s"), Label: annot.RelSpeaker, From: q, To: who},
					annot.Relation{ID: annot.DerivedID(q, "c"), Label: annot.RelCue, From: q, To: cue},
					annot.Relation{ID: annot.DerivedID(claim, "c"), Label: annot.RelClaimant, From: claim, To: who})
			}
			b.Spans = b.Spans[:benchSpans]
			keep := map[string]bool{}
			for _, sp := range b.Spans {
				keep[sp.ID] = true
			}
			rels := b.Relations[:0]
			for _, rl := range b.Relations {
				if keep[rl.From] && keep[rl.To] {
					rels = append(rels, rl)
				}
			}
			b.Relations = rels
			b.Doc.Text = sb.String()
			benchTextLen += int64(len(b.Doc.Text))
			benchCorpus[d] = canonical(b)
		}
	})
	return benchCorpus
}

func BenchmarkExport(b *testing.B) {
	corpus := benchBundles()
	for _, f := range format.ExportFormats() {
		b.Run(f, func(b *testing.B) {
			var out int64
			for i := 0; i < b.N; i++ {
				dir := b.TempDir()
				p := filepath.Join(dir, "data"+formatExt(f))
				sum, err := format.Export(ctx, seq(corpus...), format.ExportOptions{Format: f, Out: p, Labels: annot.DefaultLabels()})
				if err != nil {
					b.Fatal(err)
				}
				if sum.Documents != benchDocs || sum.Spans == 0 {
					b.Fatalf("exported %d documents, %d spans", sum.Documents, sum.Spans)
				}
				out = sum.Bytes
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(benchDocs)/sec, "docs/s")
			b.ReportMetric(float64(out)/sec/1e6, "MB/s")
			b.ReportMetric(float64(out)/1e6, "MB")
		})
	}
	rels := 0
	for _, d := range corpus {
		rels += len(d.Relations)
	}
	b.Logf("corpus: %d documents, %d spans, %d relations, %.1f MB of text", benchDocs, benchDocs*benchSpans, rels, float64(benchTextLen)/1e6)
}

// BenchmarkExportCSVOverlap: one document with n overlapping spans (ten
// start at each place, each three words or clusters long), written as CSV.
// "news" is Latin text; "combining" has clusters of 200 combining accents,
// where every context boundary falls inside a cluster. Time per op should
// grow linearly with n. Run:
//
//	go test ./annot/format -run '^$' -bench ExportCSVOverlap -benchtime 3x
func BenchmarkExportCSVOverlap(b *testing.B) {
	units := map[string]string{
		"news":      "Zoë Ångström said ",
		"combining": "ab" + strings.Repeat("\u0301", 200) + " ",
	}
	for _, shape := range []string{"news", "combining"} {
		for _, n := range []int{12500, 25000, 50000} {
			unit := units[shape]
			ulen := utf8.RuneCountInString(unit)
			doc := annot.Bundle{Doc: annot.Document{ID: "d", Title: "overlap", Text: strings.Repeat(unit, n/10+4)}}
			for i := 0; i < n; i++ {
				s := (i/10 + 1) * ulen
				doc.Spans = append(doc.Spans, annot.Span{ID: fmt.Sprint(i), Start: s, End: s + (1+i%3)*ulen - 1,
					Layer: annot.LayerEntity, Label: "PERSON"})
			}
			doc = canonical(doc)
			b.Run(fmt.Sprintf("%s/spans=%d", shape, n), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					p := filepath.Join(b.TempDir(), "x.csv")
					if _, err := format.Export(ctx, seq(doc), format.ExportOptions{Format: "csv", Out: p}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/span")
			})
		}
	}
}
