package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"spanbench/annot"
	"spanbench/annot/suggest"
	"spanbench/annot/synth"
)

// codedNews returns n short articles with every name labelled (synthetic
// documents label only some of their names, which teaches a tagger that
// names are mostly not entities): people, organisations and places from
// lists, in the sentence patterns of wire copy. Articles from first on
// use names from the other end of the lists.
func codedNews(first, n int) []annot.Bundle {
	people := []string{"Ana Ruiz", "Bo Lind", "Cai Wen", "Dara Okafor", "Eli Haddad", "Femi Adeyemi", "Gita Rao", "Hugo Brandt", "Ines Costa", "Jonas Berg", "Kemal Aydin", "Lena Vogel"}
	orgs := []string{"the Red Crescent", "Reuters", "the World Bank", "the Ministry of Finance", "Acme Corp", "the city council", "Interpol", "the African Union"}
	places := []string{"Oslo", "Lagos", "Quito", "Hanoi", "Tunis", "Perth", "Lyon", "Cusco", "Dakar", "Riga"}
	patterns := []string{
		"%P said on Monday that %O would open an office in %L.",
		"In %L, %P told reporters the talks with %O had stalled.",
		"%O confirmed that %P will travel to %L next week.",
		"The budget was approved, according to %P, a spokesperson for %O.",
		"Protesters gathered in %L on Sunday.",
		"Prices rose again last month.",
	}
	var out []annot.Bundle
	for i := first; i < first+n; i++ {
		var sb strings.Builder
		var spans []annot.Span
		cp := 0
		write := func(s string) { sb.WriteString(s); cp += len([]rune(s)) }
		write(fmt.Sprintf("Report %d. ", i))
		for k := 0; k < 6; k++ {
			p := patterns[(i+k)%len(patterns)]
			for p != "" {
				j := strings.IndexByte(p, '%')
				if j < 0 {
					write(p)
					break
				}
				write(p[:j])
				var name, label string
				switch p[j+1] {
				case 'P':
					name, label = people[(i*7+k)%len(people)], "PERSON"
				case 'O':
					name, label = orgs[(i*3+k)%len(orgs)], "ORG"
				case 'L':
					name, label = places[(i*5+k)%len(places)], "GPE"
				}
				spans = append(spans, annot.Span{Start: cp, End: cp + len([]rune(name)), Layer: annot.LayerEntity, Label: label})
				write(name)
				p = p[j+2:]
			}
			write(" ")
		}
		out = append(out, annot.Bundle{Doc: annot.Document{Title: "news", Text: sb.String()}, Spans: spans})
	}
	return out
}

// mustCoded imports articles as annotator, their spans made by them.
func mustCoded(tb testing.TB, s *Store, bs []annot.Bundle, annotator string) {
	tb.Helper()
	for _, b := range bs {
		for j := range b.Spans {
			b.Spans[j].Annotator = annotator
		}
	}
	if _, err := s.Import(ctx, annotator, seq(bs...), ImportOptions{}); err != nil {
		tb.Fatal(err)
	}
}

func TestTrainModel(t *testing.T) {
	s := mustOpen(t)
	// Nothing coded yet: a model that proposes nothing, and no hook.
	rep, err := s.TrainModel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Docs != 0 || len(rep.Labels) != 0 {
		t.Errorf("empty project: %+v", rep)
	}
	if hook, err := s.LearnedEntities(ctx); err != nil || hook != nil {
		t.Errorf("empty project: hook %v, err %v; want none", hook != nil, err)
	}

	news := codedNews(0, 35)
	mustCoded(t, s, news[:30], "ana")
	mustCoded(t, s, news[30:], SuggestAnnotator) // unreviewed machine spans: not coded
	rep, err = s.TrainModel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.UpToDate || rep.Docs != 30 || rep.Entities == 0 || len(rep.Labels) == 0 || rep.Bytes == 0 {
		t.Fatalf("after coding 30 documents: %+v", rep)
	}
	t.Logf("trained on %d documents, %d entities, labels %v, %d bytes, %s", rep.Docs, rep.Entities, rep.Labels, rep.Bytes, rep.Took)
	info, blob, err := s.LoadModel(ctx, EntityModel)
	if err != nil || info.DataVersion != rep.DataVersion || info.Docs != 30 || len(blob) != rep.Bytes {
		t.Fatalf("stored model %+v (%d bytes), err %v; want the one trained (%+v)", info, len(blob), err, rep.ModelInfo)
	}

	// Nothing edited: kept.
	again, err := s.TrainModel(ctx)
	if err != nil || !again.UpToDate || again.DataVersion != rep.DataVersion {
		t.Errorf("retrain without edits: %+v, %v; want up to date", again, err)
	}

	// An edit makes it train again, at the new version.
	doc := mustDoc(t, s, "Yesterday Olu Adebayo met the press in Lagos.")
	if _, err := s.Apply(ctx, "ana", doc, "label", Change{Create: []annot.Span{{Start: 10, End: 21, Layer: annot.LayerEntity, Label: "PERSON"}}}); err != nil {
		t.Fatal(err)
	}
	again, err = s.TrainModel(ctx)
	if err != nil || again.UpToDate || again.Docs != 31 || again.DataVersion <= rep.DataVersion {
		t.Errorf("retrain after an edit: %+v, %v; want 31 documents at a newer version", again, err)
	}

	// The hook proposes entities in a document it never saw, through
	// suggest.Run, with the model's reason.
	id := mustDoc(t, s, "Mira Sandoval said on Monday that the Coral Trust would open an office in Valdivia.")
	b, err := s.Bundle(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	opt, err := s.SuggestOptions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if opt.Names == nil { // the project's options carry the stored model
		t.Fatal("SuggestOptions has no learned model")
	}
	opt.Suggesters = []string{suggest.SourceEntities}
	sgs, err := suggest.Run(context.Background(), b, nil, opt)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, sg := range sgs {
		if sg.Reason == "learned from 31 documents" {
			got = append(got, annot.NewIndex(b.Doc.Text).Slice(sg.Start, sg.End)+"/"+sg.Label)
		}
	}
	// Names none of the coded articles has, in a pattern they have.
	if want := []string{"Mira Sandoval/PERSON", "the Coral Trust/ORG", "Valdivia/GPE"}; strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("learned suggestions %v, want %v", got, want)
	}
}

// The window retrains as the coder works, in the background and at most
// once a period: the first call trains, a second within the period does
// not start another.
func TestTrainInBackground(t *testing.T) {
	s := mustOpen(t)
	mustCoded(t, s, codedNews(0, 20), "ana")
	s.TrainInBackground(time.Hour)
	deadline := time.Now().Add(time.Minute)
	var info ModelInfo
	for {
		var err error
		info, _, err = s.LoadModel(ctx, EntityModel)
		if err == nil {
			break
		}
		if !errors.Is(err, annot.ErrNotFound) || time.Now().After(deadline) {
			t.Fatalf("no model trained in the background: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if info.Docs != 20 {
		t.Errorf("the model learned from %d documents, want 20", info.Docs)
	}
	// More coding, but within the hour: no new training starts; with a
	// period of zero one does, and learns the new documents.
	mustCoded(t, s, codedNews(20, 5), "ana")
	started := func() time.Time {
		trainers.Lock()
		defer trainers.Unlock()
		return trainers.m[s.path].started
	}
	first := started()
	s.TrainInBackground(time.Hour)
	if started() != first {
		t.Error("a second training started within the period")
	}
	s.TrainInBackground(0)
	for info.Docs != 25 {
		if time.Now().After(deadline) {
			t.Fatalf("the retrained model learned from %d documents, want 25", info.Docs)
		}
		time.Sleep(20 * time.Millisecond)
		info, _, _ = s.LoadModel(ctx, EntityModel)
	}
}

// A model this build cannot read is one line that says what to do.
func TestLearnedEntitiesDamagedModel(t *testing.T) {
	s := mustOpen(t)
	if err := s.SaveModel(ctx, EntityModel, 1, 0, 1, []byte("SBLM\x01not deflate")); err != nil {
		t.Fatal(err)
	}
	_, err := s.LearnedEntities(ctx)
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "spanbench learn") {
		t.Errorf("damaged model: %v; want one line naming spanbench learn", err)
	}
	// TrainModel does not keep a model it cannot read, even at the same version.
	if rep, err := s.TrainModel(ctx); err != nil || rep.UpToDate {
		t.Errorf("train over a damaged model: %+v, %v", rep, err)
	}
	if _, err := s.LearnedEntities(ctx); err != nil {
		t.Errorf("after training again: %v", err)
	}
}

// A call while a training runs does not wait: it asks for one more round.
func TestTrainModelQueued(t *testing.T) {
	s := mustOpen(t)
	trainers.Lock()
	trainers.m[s.path] = &trainer{running: true}
	trainers.Unlock()
	rep, err := s.TrainModel(ctx)
	trainers.Lock()
	again := trainers.m[s.path].again
	delete(trainers.m, s.path)
	trainers.Unlock()
	if err != nil || !rep.Queued || !again {
		t.Errorf("during a training: %+v, %v, again %v; want queued", rep, err, again)
	}
}

// BenchmarkTrainModel100 is TrainModel on a project of 100 coded
// synthetic articles (5 KB each): reading them in a snapshot, training,
// writing the model.
//
//	go test ./store -run '^$' -bench TrainModel100 -benchmem -count 3
func BenchmarkTrainModel100(b *testing.B) {
	s := mustOpen(b)
	var bs []annot.Bundle
	for i := 0; i < 100; i++ {
		bs = append(bs, synth.Doc(i, synth.Options{Seed: 1, SpansPerDoc: 20}))
	}
	mustCoded(b, s, bs, "ana")
	b.ResetTimer()
	cpu := startCPU(b)
	for b.Loop() {
		b.StopTimer()
		// An older version, so that TrainModel trains again.
		if err := s.SaveModel(ctx, EntityModel, 1, -1, 0, []byte("stale")); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rep, err := s.TrainModel(ctx)
		if err != nil || rep.UpToDate || rep.Docs != 100 {
			b.Fatalf("%+v, %v", rep, err)
		}
	}
	cpu.report(b)
}
