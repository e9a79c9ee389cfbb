package app

import (
	"database/sql"
	"testing"

	"spanbench/annot"
)

// TestEditWaitsForABusyProject: another process holds the project's write
// lock (BEGIN IMMEDIATE from a second connection) while the coder labels a
// name. The key handler returns with the lock still held (the UI goroutine
// did not wait for it: the release comes only after), the status bar says
// the edit waits for the project, and the span lands, selected and drawn,
// once the lock is released.
func TestEditWaitsForABusyProject(t *testing.T) {
	h := newProject(t)
	other, err := sql.Open("sqlite3", h.w.st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(bg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(bg, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	// The key press alone, without the harness's wait for background jobs:
	// it returns while the lock is held.
	press := func(label string) {
		s := h.cpOf("Vedant Patel")
		h.w.selectSpan("", false)
		h.selectText(s, s+len("Vedant Patel"))
		l, _ := labelNamed(h.w.labels, label)
		if f := h.canvas().Focused(); f != nil {
			f.TypedRune(rune(l.Key[0]))
		} else {
			h.canvas().OnTypedRune()(rune(l.Key[0]))
		}
	}
	press("PERSON")
	if got := h.w.status.message.Text; got != waitingMessage {
		t.Errorf("status bar %q while the project is busy, want %q", got, waitingMessage)
	}
	if len(h.w.ses.Doc().Spans()) != 0 || h.w.ses.SelectedID() != "" {
		t.Fatal("the window shows an edit the project does not have yet")
	}
	press("ORG") // refused while the first one waits, not reordered
	if got := h.w.status.message.Text; got != waitingMessage {
		t.Errorf("status bar %q after a second key, want %q", got, waitingMessage)
	}
	if _, err := conn.ExecContext(bg, `COMMIT`); err != nil {
		t.Fatal(err)
	}
	h.wait()
	spans := h.spans()
	if len(spans) != 1 || spans[0].Label != "PERSON" {
		t.Fatalf("stored %+v, want the PERSON only", spans)
	}
	if h.w.ses.SelectedID() != spans[0].ID || len(h.w.ses.Doc().Spans()) != 1 {
		t.Errorf("after the wait the new span is not shown selected")
	}
	found := false
	for _, m := range h.w.view.Marks() {
		found = found || m.ID == spans[0].ID
	}
	if !found {
		t.Error("the span that waited is not drawn")
	}
	if got := h.w.status.message.Text; got == waitingMessage {
		t.Error("the status bar still says the edit waits")
	}
	// Undo waits the same way.
	if _, err := conn.ExecContext(bg, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	h.w.ed.undo() // Ctrl+Z's handler, without the harness's wait
	if got := h.w.status.message.Text; got != waitingMessage || len(h.w.ses.Doc().Spans()) != 1 {
		t.Errorf("undo under a held lock: status %q, %d spans shown; want waiting, the span still there", got, len(h.w.ses.Doc().Spans()))
	}
	if _, err := conn.ExecContext(bg, `COMMIT`); err != nil {
		t.Fatal(err)
	}
	h.wait()
	if len(h.spans()) != 0 || len(h.w.ses.Doc().Spans()) != 0 {
		t.Errorf("after the release the undo did not land: %d stored, %d shown", len(h.spans()), len(h.w.ses.Doc().Spans()))
	}
}

func labelNamed(labels []annot.Label, name string) (annot.Label, bool) {
	for _, l := range labels {
		if l.Name == name {
			return l, true
		}
	}
	return annot.Label{}, false
}
