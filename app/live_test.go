package app

import (
	"fmt"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/assets"
	"spanbench/store"
)

// otherProcess opens the harness's project on a connection of its own, as
// a CLI import or a second window in another process would.
func otherProcess(t *testing.T, h *harness) *store.Store {
	t.Helper()
	st, err := store.Open(h.w.path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestImportByAnotherProcessShows: a document imported through another
// connection shows in the list, the counts and the status bar at the next
// poll, with the span selection kept.
func TestImportByAnotherProcessShows(t *testing.T) {
	h := newProject(t) // the sample article: 1 document
	h.selectText(387, 399)
	h.typeText("3")
	sel := h.w.ses.SelectedID()
	if sel == "" {
		t.Fatal("no span selected after labelling")
	}
	// The window's own edit moves the data version too; it is not news.
	h.poll()
	if msg := h.w.status.message.Text; !strings.HasPrefix(msg, "Saved:") {
		t.Fatalf("after the window's own edit the message is %q, want the Saved: one kept", msg)
	}
	other := otherProcess(t, h)
	rep, err := other.Import(bg, "cli", bundlesOf("Budget talks\n\nThe finance minister presented the budget."), store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h.poll()
	if len(h.w.list.docs) != 2 || h.w.list.indexOf(rep.DocIDs[0]) < 0 {
		t.Fatalf("list has %d documents, want the sample and the imported one", len(h.w.list.docs))
	}
	if got := h.w.list.count.Text; got != "2 documents" {
		t.Errorf("count %q, want \"2 documents\"", got)
	}
	// The sample article is in progress since its span, the import to do.
	if got := h.w.status.progress.Text; got != "0 of 2 done" {
		t.Errorf("progress %q, want \"0 of 2 done\"", got)
	}
	if msg := h.w.status.message.Text; msg != "Another process imported 1 document." {
		t.Errorf("message %q", msg)
	}
	if h.w.ses.SelectedID() != sel || h.w.ses.Doc().Info.Title != assets.SampleTitle {
		t.Errorf("selection %q in %q; want span %s kept in the sample article", h.w.ses.SelectedID(), h.w.ses.Doc().Info.Title, sel)
	}
}

// TestOpenDocumentChangedElsewhereShows: another process adds a span to
// the open document; the window shows it, keeps its own selected span and
// says so.
func TestOpenDocumentChangedElsewhereShows(t *testing.T) {
	h := newProject(t)
	h.selectText(387, 399) // "Vedant Patel"
	h.typeText("3")
	sel := h.w.ses.SelectedID()
	other := otherProcess(t, h)
	// "State Department" starts the sample article's title line (a hand count).
	sp := annot.Span{Start: 0, End: 5, Layer: annot.LayerEntity, Label: "ORG"}
	res, err := other.Apply(bg, "cli", h.w.ses.Doc().Info.ID, "add ORG", store.Change{Create: []annot.Span{sp}})
	if err != nil {
		t.Fatal(err)
	}
	h.poll()
	if _, _, ok := h.w.ses.Doc().Find(res.Spans[0].ID); !ok || len(h.w.ses.Doc().Spans()) != 2 {
		t.Fatalf("open document has %d spans, want the other process's span too", len(h.w.ses.Doc().Spans()))
	}
	if h.w.ses.SelectedID() != sel {
		t.Errorf("selected span %q, want %q kept", h.w.ses.SelectedID(), sel)
	}
	if got := h.w.status.spans.Text; got != "2 spans" {
		t.Errorf("status spans %q", got)
	}
	if msg := h.w.status.message.Text; msg != "The open document changed elsewhere." {
		t.Errorf("message %q", msg)
	}
}

// TestImportOntoOpenDocumentShows: another process imports a span onto
// the open document (spanbench import --onto, the same text); the next
// poll shows it in the document, as after any other change elsewhere.
func TestImportOntoOpenDocumentShows(t *testing.T) {
	h := newProject(t)
	other := otherProcess(t, h)
	// "State Department" starts the sample article's title line (a hand count).
	sp := annot.Span{Start: 0, End: 5, Layer: annot.LayerEntity, Label: "ORG"}
	src := func(yield func(annot.Bundle, error) bool) {
		yield(annot.Bundle{Doc: annot.Document{Text: assets.SampleText()}, Spans: []annot.Span{sp}}, nil)
	}
	rep, err := other.Import(bg, "cli", src, store.ImportOptions{Onto: true})
	if err != nil || rep.Onto != 1 || rep.Spans != 1 {
		t.Fatalf("import onto the sample article: %+v, %v", rep, err)
	}
	h.poll()
	if spans := h.w.ses.Doc().Spans(); len(spans) != 1 || spans[0].Start != 0 || spans[0].End != 5 {
		t.Fatalf("open document has %v, want the imported ORG 0-5", spans)
	}
	if msg := h.w.status.message.Text; msg != "The open document changed elsewhere." {
		t.Errorf("message %q", msg)
	}
}

// TestCountsStayConsistent: a filter run after another process imported
// counts the list and the project in the same state ("6 of 5 documents"
// was the bug), even before the poller noticed.
func TestCountsStayConsistent(t *testing.T) {
	h := newProject(t)
	other := otherProcess(t, h)
	if _, err := other.Import(bg, "cli", bundlesOf("Weather\n\nRain is expected in Kabul."), store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	h.w.list.filter.SetText("Kabul")
	h.wait()
	if got := h.w.list.count.Text; got != "1 of 2 documents" {
		t.Errorf("filtered count %q, want \"1 of 2 documents\"", got)
	}
	h.w.list.filter.SetText("")
	h.wait()
	if got := h.w.list.count.Text; got != "2 documents" {
		t.Errorf("count %q, want \"2 documents\"", got)
	}
	if got := h.w.status.progress.Text; got != "0 of 2 done" {
		t.Errorf("progress %q, want \"0 of 2 done\"", got)
	}
}

// TestStatusSelectionFollowsTrim: labelling " Vedant Patel," trims the
// leading space (387-400, TestSelectionIsTrimmedAndNotDoubled); the status
// bar then shows the trimmed selection, not the dragged one.
func TestStatusSelectionFollowsTrim(t *testing.T) {
	h := newProject(t)
	h.selectText(386, 400)
	h.typeText("3")
	if s, e := h.w.view.Selection(); s != 387 || e != 400 {
		t.Errorf("selection %d-%d, want the span's 387-400", s, e)
	}
	if got, want := h.w.status.selection.Text, fmt.Sprintf("selected %d–%d (%d)", 387, 400, 13); got != want {
		t.Errorf("status %q, want %q", got, want)
	}
}
