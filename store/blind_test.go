package store

import (
	"testing"

	"spanbench/annot"
)

// TestBlindViewerSeesOwnWork: in a blind project, a reader named ana sees
// only the documents assigned to her and only her spans (and the relations
// between them), in the list, the counts, the progress, a bundle and the
// concordance; a reader without a viewer, or the same reader once the
// project is no longer blind, sees everything.
func TestBlindViewerSeesOwnWork(t *testing.T) {
	s := mustOpen(t)
	d1 := mustDoc(t, s, sample)
	d2 := mustDoc(t, s, "Another article, said the U.S.")
	if err := s.AddCoders(ctx, []string{"ana", "ben"}); err != nil {
		t.Fatal(err)
	}
	// d1 is ana's and ben's; d2 only ben's.
	if _, err := s.db.Exec(`INSERT INTO assignments (doc_id, coder, created) VALUES (?, 'ana', 'x'), (?, 'ben', 'x'), (?, 'ben', 'x')`, d1, d1, d2); err != nil {
		t.Fatal(err)
	}
	// ana: one quote and one PERSON linked by SPEAKER; ben: one PERSON.
	res, err := s.Apply(ctx, "ana", d1, "ana", Change{Create: []annot.Span{
		{Start: 44, End: 88, Layer: annot.LayerQuote, Label: "QUOTE"},
		{Start: 25, End: 37, Layer: annot.LayerEntity, Label: "PERSON"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(ctx, "ana", d1, "link", Change{Link: []annot.Relation{{Label: annot.RelSpeaker, From: res.Spans[0].ID, To: res.Spans[1].ID}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(ctx, "ben", d1, "ben", Change{Create: []annot.Span{{Start: 25, End: 37, Layer: annot.LayerEntity, Label: "PERSON"}}}); err != nil {
		t.Fatal(err)
	}
	see := func(what string, wantDocs, wantSpans, wantRels, wantEntity int) {
		t.Helper()
		docs, err := s.ListDocuments(ctx, DocFilter{})
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.CountDocuments(ctx, DocFilter{})
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.Progress(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.Bundle(ctx, d1)
		if err != nil {
			t.Fatal(err)
		}
		spans, err := s.Spans(ctx, d1)
		if err != nil {
			t.Fatal(err)
		}
		rels, err := s.Relations(ctx, d1)
		if err != nil {
			t.Fatal(err)
		}
		hits, err := s.SearchSpans(ctx, SpanFilter{Layer: annot.LayerEntity})
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != wantDocs || n != wantDocs || p.Total != wantDocs {
			t.Errorf("%s: %d documents listed, %d counted, progress %d; want %d", what, len(docs), n, p.Total, wantDocs)
		}
		if len(docs) > 0 && docs[0].Counts.Entity != wantEntity {
			t.Errorf("%s: list counts %d entities, want %d", what, docs[0].Counts.Entity, wantEntity)
		}
		if len(b.Spans) != wantSpans || len(spans) != wantSpans || len(b.Relations) != wantRels || len(rels) != wantRels {
			t.Errorf("%s: bundle %d spans %d relations, Spans %d, Relations %d; want %d and %d", what, len(b.Spans), len(b.Relations), len(spans), len(rels), wantSpans, wantRels)
		}
		if len(hits) != wantEntity {
			t.Errorf("%s: concordance finds %d entities, want %d", what, len(hits), wantEntity)
		}
	}
	see("no viewer, not blind", 2, 3, 1, 2)
	if err := s.SetBlind(ctx, true); err != nil {
		t.Fatal(err)
	}
	see("no viewer, blind", 2, 3, 1, 2)
	s.SetViewer("ana")
	see("ana, blind", 1, 2, 1, 1)
	s.SetViewer("ben")
	b, err := s.Bundle(ctx, d1)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Spans) != 1 || b.Spans[0].Annotator != "ben" || len(b.Relations) != 0 {
		t.Errorf("ben sees %+v", b)
	}
	if err := s.SetBlind(ctx, false); err != nil {
		t.Fatal(err)
	}
	see("ben, blind off", 2, 3, 1, 2)
}

// TestNewProjectHasID: a new project gets a project id at creation.
func TestNewProjectHasID(t *testing.T) {
	s := mustOpen(t)
	id, err := s.ProjectID(ctx)
	if err != nil || !annot.IsUUID(id) {
		t.Fatalf("project id %q, %v", id, err)
	}
}
