package cli

import (
	"context"
	"slices"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/edit"
	"spanbench/store"
)

// TestSessionAndCommandStoreTheSame: the same intents leave the same
// stored state whether the editing session does them, as the window does,
// or a command. The sequence: a coder labels "Vedant Patel" a PERSON, then
// every suggestion is accepted, by the session's Accept on one copy of the
// project and by spanbench suggest --apply on the other.
func TestSessionAndCommandStoreTheSame(t *testing.T) {
	ctx := context.Background()
	a := sampleProject(t)
	st, err := store.Open(a)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := st.ListDocuments(ctx, store.DocFilter{})
	if err != nil || len(docs) != 1 {
		t.Fatal(len(docs), err)
	}
	doc := docs[0].ID
	ses := edit.New(st, "ana", nil)
	if err := ses.Open(ctx, doc); err != nil {
		t.Fatal(err)
	}
	text := ses.Doc().Ix.Text()
	s, err := ses.Doc().Ix.FromByte(strings.Index(text, "Vedant Patel"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ses.ApplyLabel(ctx, annot.Label{Layer: annot.LayerEntity, Name: annot.LabelPerson}, s, s+len("Vedant Patel")); err != nil {
		t.Fatal(err)
	}
	st.Close()
	b := copyProject(t, a)

	if code, _, errs := run("suggest", "--db", a, "--apply"); code != 0 {
		t.Fatalf("suggest --apply: %d %s", code, errs)
	}

	st, err = store.Open(b)
	if err != nil {
		t.Fatal(err)
	}
	ses = edit.New(st, store.SuggestAnnotator, edit.Suggester{})
	if err := ses.Open(ctx, doc); err != nil {
		t.Fatal(err)
	}
	job, gen, ok := ses.SuggestJob()
	if !ok {
		t.Fatal("no suggestion run")
	}
	sgs, lints, err := job()
	if err != nil {
		t.Fatal(err)
	}
	ses.TakeSuggestions(gen, sgs, lints)
	if len(ses.Suggestions()) == 0 {
		t.Fatal("no suggestions on the sample article")
	}
	if _, err := ses.Accept(ctx, ses.Suggestions()...); err != nil {
		t.Fatal(err)
	}
	st.Close()

	fromCommand, fromSession := projectState(t, a), projectState(t, b)
	if !slices.Equal(fromCommand, fromSession) {
		t.Errorf("suggest --apply stored %d spans and relations, the session %d", len(fromCommand), len(fromSession))
		for _, l := range diff(fromSession, fromCommand) {
			t.Log(l)
		}
	}
	for _, db := range []string{a, b} {
		st, err := store.OpenReadOnly(db)
		if err != nil {
			t.Fatal(err)
		}
		info, err := st.DocInfo(ctx, doc)
		st.Close()
		if err != nil || info.Status != annot.StatusInProgress {
			t.Errorf("%s: status %q, %v; want in progress (the status rule)", db, info.Status, err)
		}
	}
}
