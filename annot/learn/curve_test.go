package learn_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/learn"
	"spanbench/annot/suggest"
)

// conllDirs are where the CoNLL-2002 brat sample is found: the copy the
// repository carries for the brat format tests (licence and README beside
// it), else the shared corpora folder of a checkout next to it.
var conllDirs = []string{
	"../format/testdata/brat-corpus/CoNLL-ST_2002",
	"../../../shared/corpora/brat/CoNLL-ST_2002",
}

// corpusDoc is one brat document of the sample.
type corpusDoc struct {
	name string
	text string
	ents []annot.Span
}

// readConll reads every .txt/.ann pair of the sample (T lines only: the
// sample has nothing else), or skips the test when it is absent.
func readConll(t testing.TB) []corpusDoc {
	t.Helper()
	var dir string
	for _, d := range conllDirs {
		if _, err := os.Stat(filepath.Join(d, "annotation.conf")); err == nil {
			dir = d
			break
		}
	}
	if dir == "" {
		t.Skipf("the CoNLL-2002 brat sample is not in %s: nothing to measure", strings.Join(conllDirs, " or "))
	}
	txts, err := filepath.Glob(filepath.Join(dir, "*", "*.txt"))
	if err != nil || len(txts) == 0 {
		t.Fatalf("no documents in %s", dir)
	}
	sort.Strings(txts)
	var out []corpusDoc
	for _, p := range txts {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		d := corpusDoc{name: filepath.Base(p), text: string(b)}
		f, err := os.Open(strings.TrimSuffix(p, ".txt") + ".ann")
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fs := strings.SplitN(sc.Text(), "\t", 3)
			if len(fs) < 2 || !strings.HasPrefix(fs[0], "T") {
				continue
			}
			tf := strings.Fields(fs[1])
			if len(tf) != 3 {
				t.Fatalf("%s: unexpected T line %q", p, sc.Text())
			}
			s, _ := strconv.Atoi(tf[1])
			e, _ := strconv.Atoi(tf[2])
			d.ents = append(d.ents, annot.Span{Start: s, End: e, Layer: annot.LayerEntity, Label: tf[0]})
		}
		f.Close()
		out = append(out, d)
	}
	return out
}

// sentenceDocs cuts a corpus document into its sentences, each a document
// of its own with the entities inside it (offsets moved).
func sentenceDocs(d corpusDoc) []learn.Document {
	ix := annot.NewIndex(d.text)
	var out []learn.Document
	for _, s := range ix.Sentences() {
		sub := learn.Document{Index: annot.NewIndex(ix.Slice(s.Start, s.End))}
		for _, e := range d.ents {
			if e.Start >= s.Start && e.End <= s.End {
				e.Start -= s.Start
				e.End -= s.Start
				sub.Spans = append(sub.Spans, e)
			}
		}
		out = append(out, sub)
	}
	return out
}

// conllSplit splits the sample deterministically: every fifth source
// document (in name order) is held out whole, so no article is in both
// parts; the rest are cut into sentence documents and shuffled with seed.
func conllSplit(docs []corpusDoc, seed uint64) (train, held []learn.Document, heldNames []string) {
	for i, d := range docs {
		if i%5 == 4 {
			held = append(held, sentenceDocs(d)...)
			heldNames = append(heldNames, d.name)
		} else {
			train = append(train, sentenceDocs(d)...)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 2002))
	rng.Shuffle(len(train), func(i, j int) { train[i], train[j] = train[j], train[i] })
	return train, held, heldNames
}

// scores are exact-match counts, as conlleval counts them: a predicted
// entity is right when its start, end and label are those of a gold one.
type scores struct{ tp, fp, fn int }

func (s scores) f1() float64 {
	if s.tp == 0 {
		return 0
	}
	p := float64(s.tp) / float64(s.tp+s.fp)
	r := float64(s.tp) / float64(s.tp+s.fn)
	return 2 * p * r / (p + r)
}

// score adds to sc how the predicted (start, end, label) triples of one
// document compare with its gold entities.
func (sc *scores) score(d learn.Document, predicted func(yield func(start, end int, label string))) {
	gold := map[string]bool{}
	for _, e := range d.Spans {
		gold[fmt.Sprintf("%d-%d-%s", e.Start, e.End, e.Label)] = true
	}
	predicted(func(start, end int, label string) {
		if k := fmt.Sprintf("%d-%d-%s", start, end, label); gold[k] {
			sc.tp++
			delete(gold, k)
		} else {
			sc.fp++
		}
	})
	sc.fn += len(gold)
}

func evaluate(m *learn.Model, held []learn.Document) scores {
	var sc scores
	for _, d := range held {
		sc.score(d, func(yield func(int, int, string)) {
			for _, e := range m.Predict(d.Index, nil) {
				yield(e.Start, e.End, e.Label)
			}
		})
	}
	return sc
}

// evaluateSuggested scores the model's proposals as the coder sees them:
// through suggest.Run's Names hook, which drops those under the
// default minimum confidence.
func evaluateSuggested(t testing.TB, m *learn.Model, held []learn.Document) scores {
	var sc scores
	hook := func(ix *annot.Index) []suggest.Name {
		var out []suggest.Name
		for _, e := range m.Predict(ix, nil) {
			out = append(out, suggest.Name{Start: e.Start, End: e.End, Label: e.Label, Confidence: e.Confidence, Reason: "learned"})
		}
		return out
	}
	for _, d := range held {
		b := annot.Bundle{Doc: annot.Document{ID: "held", Text: d.Index.Text()}}
		sgs, err := suggest.Run(context.Background(), b, d.Index, suggest.Options{Names: hook, Suggesters: []string{suggest.SourceEntities}})
		if err != nil {
			t.Fatal(err)
		}
		sc.score(d, func(yield func(int, int, string)) {
			for _, sg := range sgs {
				yield(sg.Start, sg.End, sg.Label)
			}
		})
	}
	return sc
}

// curveSizes are the numbers of coded documents the curve is measured at.
var curveSizes = []int{10, 50, 200}

// curveSeeds are the shuffles the curve is averaged over: with 10
// sentences, which 10 matters.
var curveSeeds = []uint64{1, 2, 3}

// TestLearningCurve trains on 10, 50 and 200 coded sentence-documents of
// the CoNLL-2002 sample and prints the exact-match F1 of the model's
// entity proposals on the held-out documents; F1 must grow with the data.
//
//	go test ./annot/learn -run TestLearningCurve -v
func TestLearningCurve(t *testing.T) {
	docs := readConll(t)
	f1, f1s := map[int]float64{}, map[int]float64{}
	var heldN, heldEnts, pool int
	for _, seed := range curveSeeds {
		train, held, names := conllSplit(docs, seed)
		if seed == curveSeeds[0] {
			heldN, pool = len(held), len(train)
			for _, d := range held {
				heldEnts += len(d.Spans)
			}
			t.Logf("held out: %s (%d sentences, %d entities); training pool %d sentences", strings.Join(names, ", "), heldN, heldEnts, pool)
		}
		for _, n := range curveSizes {
			if n > len(train) {
				t.Fatalf("only %d training sentences, need %d", len(train), n)
			}
			m := learn.Train(train[:n], learn.Options{Seed: seed})
			sc := evaluate(m, held)
			t.Logf("seed %d, %3d documents: P %.3f R %.3f F1 %.3f (%d right, %d wrong, %d missed)", seed, n,
				float64(sc.tp)/float64(max(1, sc.tp+sc.fp)), float64(sc.tp)/float64(max(1, sc.tp+sc.fn)), sc.f1(), sc.tp, sc.fp, sc.fn)
			f1[n] += sc.f1() / float64(len(curveSeeds))
			ss := evaluateSuggested(t, m, held)
			t.Logf("        as suggestions (confidence ≥ %.2f): P %.3f R %.3f F1 %.3f", suggest.DefaultMinConfidence,
				float64(ss.tp)/float64(max(1, ss.tp+ss.fp)), float64(ss.tp)/float64(max(1, ss.tp+ss.fn)), ss.f1())
			f1s[n] += ss.f1() / float64(len(curveSeeds))
		}
	}
	for _, n := range curveSizes {
		t.Logf("learning curve: %3d documents: F1 %.3f of all proposals, %.3f of the suggestions shown (mean of %d shuffles)", n, f1[n], f1s[n], len(curveSeeds))
	}
	if !(f1[200] > f1[10]) || !(f1s[200] > f1s[10]) {
		t.Errorf("F1 after 200 documents (%.3f, suggested %.3f) is not above F1 after 10 (%.3f, %.3f)", f1[200], f1s[200], f1[10], f1s[10])
	}
}
