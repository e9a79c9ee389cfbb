package edit

import (
	"fmt"
	"slices"
	"testing"

	"spanbench/annot"
	"spanbench/store"
)

// TestImportOntoMatchesTheSession: adding spans to a document already in
// the project by import (store.ImportOptions.Onto) follows the rules of an
// edit, so it stores what the same intents in the session store: a span
// already there is not doubled (the speaker link goes to the stored one),
// a claim's attribute leaves a quote, and the document goes in progress.
func TestImportOntoMatchesTheSession(t *testing.T) {
	ps, pe := at("Ann Lee", 0)
	qs, qe := at(`"We will come back soon,"`, 0)

	// By the session's intents.
	f := newFixture(t, nil)
	person := f.add("PERSON", "Ann Lee", 0)
	f.s.Select("")
	quote := mustOK(f.s.ApplyLabel(ctx, label("QUOTE"), qs, qe)).Result.Spans[0]
	mustOK(f.s.SetAttr(ctx, quote.ID, annot.AttrKind, "direct"))
	mustOK(f.s.SetSpeaker(ctx, quote.ID, person.ID))
	want := shape(f.stored())

	// By import onto the document: its PERSON is there already (imported
	// with the text); the file brings it again, the quote with a kind and
	// a check-worthiness it cannot have, and the speaker link.
	g := newFixture(t, nil)
	if _, err := g.st.Apply(ctx, "ana", g.doc, "add", store.Change{Create: []annot.Span{{Start: ps, End: pe, Layer: annot.LayerEntity, Label: "PERSON"}}, Status: annot.StatusTodo}); err != nil {
		t.Fatal(err)
	}
	file := annot.Bundle{Doc: annot.Document{Title: "again", Text: text},
		Spans: []annot.Span{
			{ID: "T1", Start: ps, End: pe, Layer: annot.LayerEntity, Label: "PERSON"},
			{ID: "T2", Start: qs, End: qe, Layer: annot.LayerQuote, Label: "QUOTE", Attrs: map[string]string{annot.AttrKind: "direct", annot.AttrCheckworthy: "yes"}},
		},
		Relations: []annot.Relation{{ID: "R1", Label: annot.RelSpeaker, From: "T2", To: "T1"}},
	}
	src := func(yield func(annot.Bundle, error) bool) { yield(file, nil) }
	rep, err := g.st.Import(ctx, "ana", src, store.ImportOptions{})
	if err != nil || len(rep.Skipped) != 1 {
		t.Fatalf("plain import: %+v, %v; want the document skipped", rep, err)
	}
	rep, err = g.st.Import(ctx, "ana", src, store.ImportOptions{Onto: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Onto != 1 || rep.Documents != 0 || rep.Spans != 1 || rep.Relations != 1 {
		t.Errorf("report %+v; want one document added to: 1 span, 1 relation", rep)
	}
	if got := shape(g.stored()); !slices.Equal(got, want) {
		t.Errorf("import onto stored\n%v\nthe session\n%v", got, want)
	}
	// Again: nothing new, nothing doubled.
	if rep, err = g.st.Import(ctx, "ana", src, store.ImportOptions{Onto: true}); err != nil || rep.Spans != 0 || rep.Relations != 0 {
		t.Errorf("second import onto: %+v, %v; want nothing added", rep, err)
	}
}

// shape is a document's annotations without ids and times: spans by
// extent, layer, label and attributes, relations by their ends' extents,
// and the status.
func shape(b annot.Bundle) []string {
	ext := map[string]string{}
	var out []string
	for _, sp := range b.Spans {
		ext[sp.ID] = fmt.Sprint(sp.Pieces())
		out = append(out, fmt.Sprintf("span %v %s/%s %s", sp.Pieces(), sp.Layer, sp.Label, fmtAttrs(sp.Attrs)))
	}
	for _, r := range b.Relations {
		out = append(out, fmt.Sprintf("rel %s %s>%s", r.Label, ext[r.From], ext[r.To]))
	}
	out = append(out, "status "+string(b.Doc.Status))
	slices.Sort(out)
	return out
}
