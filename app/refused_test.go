package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"spanbench/annot"
	"spanbench/store"
)

// TestNoteSurvivesRelabel: a note typed and, before its save delay, a new
// label picked in the panel: both are stored.
func TestNoteSurvivesRelabel(t *testing.T) {
	h := newProject(t)
	id := h.addSpanAt("Vedant Patel", "PERSON")
	h.canvas().Focus(h.w.panel.note)
	h.typeText("the deputy spokesperson")
	h.w.panel.label.SetSelected("ORG")
	h.wait()
	sp, err := h.w.st.Span(bg, id)
	if err != nil || sp.Label != "ORG" || sp.Note != "the deputy spokesperson" {
		t.Fatalf("stored %s with note %q (%v), want ORG with the note typed", sp.Label, sp.Note, err)
	}
}

// TestRefusedEditKeepsWorkAndShowsTheTruth: while an import writes, edits
// are refused; the panel and header go back to what is stored, and a note
// being typed stays in its entry and is saved once the import is over.
func TestRefusedEditKeepsWorkAndShowsTheTruth(t *testing.T) {
	h := newProject(t)
	id := h.addSpanAt("Vedant Patel", "PERSON")
	h.w.busy = "an import is running"

	h.canvas().Focus(h.w.panel.note)
	h.typeText("typed during the import")
	h.key(fyne.KeyReturn) // saves the note at once: refused
	if sp, _ := h.w.st.Span(bg, id); sp.Note != "" {
		t.Fatalf("note %q saved during the import", sp.Note)
	}
	if got := h.w.panel.note.Text; got != "typed during the import" {
		t.Fatalf("note entry %q after the refused save, want the text typed", got)
	}
	if !strings.Contains(h.w.status.message.Text, "Not saved: an import is running") {
		t.Errorf("status message %q", h.w.status.message.Text)
	}

	h.w.header.status.SetSelected(statusNames[annot.StatusDone])
	h.wait()
	if info, _ := h.w.st.DocInfo(bg, h.w.ses.Doc().Info.ID); info.Status == annot.StatusDone {
		t.Fatal("status saved during the import")
	}
	if got, want := h.w.header.status.Selected, statusNames[h.w.ses.Doc().Info.Status]; got != want {
		t.Fatalf("header shows %q after the refused change, want the stored %q", got, want)
	}

	h.w.busy = ""
	h.canvas().Focus(h.w.panel.note)
	h.key(fyne.KeyReturn)
	if sp, _ := h.w.st.Span(bg, id); sp.Note != "typed during the import" {
		t.Fatalf("note %q after the import, want the text kept in the entry", sp.Note)
	}
}

// TestBigDocumentKeepsItsCount: a document of more than bigDoc spans shows
// its text first and reads its spans in the background; its row in the
// list counts them all along.
func TestBigDocumentKeepsItsCount(t *testing.T) {
	h := newProject(t)
	const n = bigDoc + 10
	text := strings.Repeat("Patel said. ", n)
	b := annot.Bundle{Doc: annot.Document{Text: text}}
	for i := range n {
		b.Spans = append(b.Spans, annot.Span{Start: i * 12, End: i*12 + 5, Layer: annot.LayerEntity, Label: "PERSON"})
	}
	rep, err := h.w.st.Import(bg, "test", func(yield func(annot.Bundle, error) bool) { yield(b, nil) }, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h.w.list.reload()
	h.wait()
	id := rep.DocIDs[0]
	row := func() int {
		i := h.w.list.indexOf(id)
		if i < 0 {
			t.Fatal("the big document is not in the list")
		}
		return h.w.list.docs[i].Counts.Total()
	}
	h.w.openDoc(id)
	if got := row(); got != n {
		t.Errorf("list row counts %d spans while they are read, want %d", got, n)
	}
	h.wait()
	if h.w.ses.Doc().Loading || len(h.w.ses.Doc().Spans()) != n {
		t.Fatalf("spans not read: loading %v, %d spans", h.w.ses.Doc().Loading, len(h.w.ses.Doc().Spans()))
	}
	if got := row(); got != n {
		t.Errorf("list row counts %d spans once they are read, want %d", got, n)
	}
}
