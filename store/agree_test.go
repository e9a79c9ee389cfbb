package store

import (
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"spanbench/annot"
	"spanbench/annot/agree"
	"spanbench/annot/synth"
)

func coderSpan(coder, id string, layer annot.Layer, label string, s, e int, attrs map[string]string) annot.Span {
	return annot.Span{ID: annot.DerivedID("test", coder+id), Start: s, End: e, Layer: layer, Label: label, Attrs: attrs, Annotator: coder}
}

func coderLink(coder, label, from, to string) annot.Relation {
	return annot.Relation{ID: annot.DerivedID("test", coder+from+to), Label: label,
		From: annot.DerivedID("test", coder+from), To: annot.DerivedID("test", coder+to), Annotator: coder}
}

// agreeProject imports two documents of ten one-letter words (word t is
// the token [2t, 2t+1)) coded by ana and ben, the data of annot/agree's
// TestProjectHandCount, written out again here:
//
//	d1 ana: QUOTE [0,5) [10,15), PERSON [18,19) [6,7), SPEAKER [0,5)->[18,19), [10,15)->[6,7)
//	   ben: QUOTE [0,5) [12,17), PERSON [18,19),       SPEAKER [0,5)->[18,19), [12,17)->[18,19)
//	d2 ana: QUOTE [0,3) [6,9), PERSON [12,13) [16,17), SPEAKER [0,3)->[12,13), [6,9)->[16,17)
//	   ben: the same spans,                             SPEAKER [0,3)->[12,13), [6,9)->[12,13)
//
// and, on d1, a gold QUOTE [0,5) and cy assigned without any span.
func agreeProject(t *testing.T) (*Store, [2]string) {
	t.Helper()
	s := mustOpen(t)
	q := func(c, id string, st, e int, kind string) annot.Span {
		return coderSpan(c, id, annot.LayerQuote, "QUOTE", st, e, map[string]string{annot.AttrKind: kind})
	}
	p := func(c, id string, st, e int) annot.Span {
		return coderSpan(c, id, annot.LayerEntity, "PERSON", st, e, nil)
	}
	sp := func(c, from, to string) annot.Relation { return coderLink(c, annot.RelSpeaker, from, to) }
	d1 := annot.Bundle{Doc: annot.Document{ID: annot.DerivedID("test", "d1"), Title: "one", Text: "a b c d e f g h i j"},
		Spans: []annot.Span{
			q("ana", "q1", 0, 5, "direct"), q("ana", "q2", 10, 15, "indirect"), p("ana", "p1", 18, 19), p("ana", "p2", 6, 7),
			q("ben", "q1", 0, 5, "direct"), q("ben", "q2", 12, 17, "indirect"), p("ben", "p1", 18, 19),
			q("gold", "q1", 0, 5, "direct"),
		},
		Relations: []annot.Relation{sp("ana", "q1", "p1"), sp("ana", "q2", "p2"), sp("ben", "q1", "p1"), sp("ben", "q2", "p1")}}
	d2 := annot.Bundle{Doc: annot.Document{ID: annot.DerivedID("test", "d2"), Title: "two", Text: "k l m n o p q r s t", Status: annot.StatusDone},
		Spans: []annot.Span{
			q("ana", "q3", 0, 3, "direct"), q("ana", "q4", 6, 9, "indirect"), p("ana", "p3", 12, 13), p("ana", "p4", 16, 17),
			q("ben", "q3", 0, 3, "direct"), q("ben", "q4", 6, 9, "direct"), p("ben", "p3", 12, 13), p("ben", "p4", 16, 17),
		},
		Relations: []annot.Relation{sp("ana", "q3", "p3"), sp("ana", "q4", "p4"), sp("ben", "q3", "p3"), sp("ben", "q4", "p3")}}
	if _, err := s.Import(ctx, "test", bundleSeq(d1, d2), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	// cy is assigned to d1 only: the only document still to do.
	todo := annot.StatusTodo
	if _, err := s.Assign(ctx, AssignFilter{Status: &todo}, []string{"cy"}, 1, 1); err != nil {
		t.Fatal(err)
	}
	return s, [2]string{d1.Doc.ID, d2.Doc.ID}
}

func TestCodedDocuments(t *testing.T) {
	s, ids := agreeProject(t)
	docs, err := s.CodedDocuments(ctx, AgreeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].ID != ids[0] || docs[1].ID != ids[1] {
		t.Fatalf("%d documents; want d1, d2", len(docs))
	}
	if got := docs[0].Coders; !slices.Equal(got, []string{"ana", "ben", "cy", "gold"}) {
		t.Errorf("d1 coders %v; want ana, ben, cy (assigned), gold", got)
	}
	if got := docs[1].Coders; !slices.Equal(got, []string{"ana", "ben"}) {
		t.Errorf("d2 coders %v; want ana, ben", got)
	}
	if n, m := len(docs[0].Spans["ana"]), len(docs[0].Relations["ben"]); n != 4 || m != 2 {
		t.Errorf("d1: ana has %d spans, ben %d relations; want 4, 2", n, m)
	}
	if got := AgreeCoders(docs); !slices.Equal(got, []string{"ana", "ben", "cy"}) {
		t.Errorf("AgreeCoders %v; want ana, ben, cy", got)
	}
	done := annot.StatusDone
	docs, err = s.CodedDocuments(ctx, AgreeFilter{Status: &done})
	if err != nil || len(docs) != 1 || docs[0].ID != ids[1] {
		t.Errorf("status done: %d documents, %v; want d2", len(docs), err)
	}
}

func TestAgreementHandCount(t *testing.T) {
	s, _ := agreeProject(t)
	r, err := s.Agreement(ctx, AgreeFilter{}, agree.Options{Layer: annot.LayerQuote, Coders: []string{"ana", "ben"}})
	if err != nil {
		t.Fatal(err)
	}
	// The hand counts of annot/agree's TestProjectHandCount, on the same
	// spans: 3 exact matches, 1 only in each; token κ .8; SPEAKER links 2
	// matched, 2 only in each (F1 .5), target κ .5 over 3 quotes.
	p := r.Pairs[0]
	if r.Documents != 2 || p.Matched != 3 || p.OnlyA != 1 || p.OnlyB != 1 {
		t.Errorf("%d documents, matched %d only %d/%d; want 2, 3, 1/1", r.Documents, p.Matched, p.OnlyA, p.OnlyB)
	}
	if math.Abs(float64(p.CohenKappa)-0.8) > 1e-9 {
		t.Errorf("kappa %v; want .8", float64(p.CohenKappa))
	}
	sp := r.Relations[annot.RelSpeaker]
	if sp.Matched != 2 || sp.OnlyA != 2 || sp.OnlyB != 2 || math.Abs(float64(sp.Kappa)-0.5) > 1e-9 {
		t.Errorf("SPEAKER %+v; want 2 matched, 2/2 only, kappa .5", sp)
	}
	// All coders but gold: cy coded d1 (assigned) and marked nothing there,
	// so ana/cy has ana's 2 quotes of d1 only in ana.
	r, err = s.Agreement(ctx, AgreeFilter{}, agree.Options{Layer: annot.LayerQuote})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Annotators, []string{"ana", "ben", "cy"}) || len(r.Pairs) != 3 {
		t.Fatalf("annotators %v, %d pairs; want ana, ben, cy and 3 pairs", r.Annotators, len(r.Pairs))
	}
	if ac := r.Pairs[1]; ac.A != "ana" || ac.B != "cy" || ac.Documents != 1 || ac.Matched != 0 || ac.OnlyA != 2 || ac.OnlyB != 0 {
		t.Errorf("ana/cy %+v; want 1 document, 2 quotes only in ana", ac)
	}
}

func bundleSeq(bs ...annot.Bundle) iter.Seq2[annot.Bundle, error] {
	return func(yield func(annot.Bundle, error) bool) {
		for _, b := range bs {
			if !yield(b, nil) {
				return
			}
		}
	}
}

// coded turns a synthetic document into three coders' versions of it:
// each coder leaves out a span with probability 1/10, starts it one token
// later with 1/10 (when it has more than one token) and gives an entity
// another label with 1/20; relations follow their spans.
func coded(b annot.Bundle, i int) annot.Bundle {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	toks := annot.NewIndex(b.Doc.Text).Tokens()
	out := annot.Bundle{Doc: b.Doc}
	for _, c := range []string{"ana", "ben", "cy"} {
		kept := map[string]string{}
		for _, sp := range b.Spans {
			if r.IntN(10) == 0 {
				continue
			}
			sp.Annotator = c
			old := sp.ID
			sp.ID = annot.DerivedID("agree-bench/"+c, old)
			if len(sp.Fragments) == 0 && r.IntN(10) == 0 {
				for _, t := range toks {
					if t.Start > sp.Start && t.Start < sp.End {
						sp.Start = t.Start
						break
					}
				}
			}
			if sp.Layer == annot.LayerEntity && r.IntN(20) == 0 {
				sp.Label = map[bool]string{true: annot.LabelOrg, false: annot.LabelPerson}[sp.Label == annot.LabelPerson]
			}
			kept[old] = sp.ID
			out.Spans = append(out.Spans, sp)
		}
		for _, rel := range b.Relations {
			from, ok1 := kept[rel.From]
			to, ok2 := kept[rel.To]
			if ok1 && ok2 {
				rel.ID = annot.DerivedID("agree-bench/"+c, rel.ID)
				rel.From, rel.To, rel.Annotator = from, to, c
				out.Relations = append(out.Relations, rel)
			}
		}
	}
	return out
}

// agreeFixture is a project of n synthetic documents (20 spans each)
// coded by three coders (coded), built once and kept in the temp folder.
func agreeFixture(b *testing.B, n int) *Store {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("spanbench-agree-bench-v1-s%d-%d.db", SchemaVersion(), n))
	if _, err := os.Stat(path); err != nil {
		tmp := path + ".building"
		os.Remove(tmp)
		s, err := Open(tmp)
		if err != nil {
			b.Fatal(err)
		}
		src := func(yield func(annot.Bundle, error) bool) {
			i := 0
			for d := range synth.Bundles(n, synth.Options{Seed: 1, SpansPerDoc: 20}) {
				if !yield(coded(d, i), nil) {
					return
				}
				i++
			}
		}
		if _, err := s.Import(ctx, "bench", src, ImportOptions{}); err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
	}
	s, err := OpenReadOnly(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkAgreement is "spanbench agree" on 1,000 documents coded by
// three coders: reading every coder's spans and all the measures, γ
// included. BENCHMARKS.md has the figures.
func BenchmarkAgreement(b *testing.B) {
	s := agreeFixture(b, 1000)
	for _, layer := range []annot.Layer{annot.LayerQuote, annot.LayerEntity} {
		b.Run(string(layer), func(b *testing.B) {
			for b.Loop() {
				r, err := s.Agreement(ctx, AgreeFilter{}, agree.Options{Layer: layer})
				if err != nil {
					b.Fatal(err)
				}
				if r.Documents != 1000 || len(r.Pairs) != 3 {
					b.Fatalf("%d documents, %d pairs; want 1000, 3", r.Documents, len(r.Pairs))
				}
			}
		})
	}
}
