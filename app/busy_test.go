package app

import (
	"database/sql"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"spanbench/annot"
	"spanbench/store"
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

// lockProject holds the project's write lock from a second connection
// (BEGIN IMMEDIATE), as another process writing to it would; release
// commits.
func lockProject(t *testing.T, h *harness) (release func()) {
	t.Helper()
	other, err := sql.Open("sqlite3", h.w.st.Path())
	if err != nil {
		t.Fatal(err)
	}
	conn, err := other.Conn(bg)
	if err != nil {
		other.Close()
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(bg, `BEGIN IMMEDIATE`); err != nil {
		conn.Close()
		other.Close()
		t.Fatal(err)
	}
	done := false
	release = func() {
		if done {
			return
		}
		done = true
		if _, err := conn.ExecContext(bg, `COMMIT`); err != nil {
			t.Error(err)
		}
		conn.Close()
		other.Close()
	}
	t.Cleanup(release)
	return release
}

// TestLabelEditWaitsForABusyProject: Settings' Save of a renamed label
// while another process holds the write lock returns with the lock still
// held (the release comes only after), the dialog and the status bar say
// the labels wait, and once the lock is released the label is stored,
// the label bar shows it and the dialog closes.
func TestLabelEditWaitsForABusyProject(t *testing.T) {
	h := newProject(t)
	s := h.w.files.showSettings()
	person := s.item(t, annot.LayerEntity, "PERSON")
	person.name.SetText("HUMAN")
	release := lockProject(t, h)
	test.Tap(s.saveBtn) // the handler alone, without the harness's wait
	if got := h.w.status.message.Text; got != waitingMessage {
		t.Errorf("status bar %q while the project is busy, want %q", got, waitingMessage)
	}
	if s.message.Text != labelsWaiting || !s.saveBtn.Disabled() || !dialogShown(h) {
		t.Errorf("dialog while waiting: message %q, Save disabled %v, shown %v", s.message.Text, s.saveBtn.Disabled(), dialogShown(h))
	}
	if _, ok := labelNamed(h.w.labels, "HUMAN"); ok {
		t.Fatal("the window shows a label the project does not have yet")
	}
	release()
	h.wait()
	ls := storedLabels(h)
	if annot.IndexLabel(ls, annot.LayerEntity, "HUMAN") < 0 || annot.IndexLabel(ls, annot.LayerEntity, "PERSON") >= 0 {
		t.Fatalf("stored labels %v, want PERSON renamed HUMAN", ls)
	}
	if !strings.Contains(labelBarText(h), "HUMAN") || dialogShown(h) {
		t.Errorf("after the wait: label bar %s, dialog shown %v", labelBarText(h), dialogShown(h))
	}
	if got := h.w.status.message.Text; got == waitingMessage {
		t.Error("the status bar still says the labels wait")
	}
}

// TestGuidelinesSaveWaitsForABusyProject: the guidelines' Save under a
// held write lock returns with the lock held, says it waits and keeps the
// entry; the text is stored and shown once the lock is released.
func TestGuidelinesSaveWaitsForABusyProject(t *testing.T) {
	h := newProject(t)
	h.shortcut(ctrlKey(fyne.KeyG))
	g := h.w.guide
	g.edit.OnTapped()
	g.entry.SetText("Use PERSON for people.")
	release := lockProject(t, h)
	g.save.OnTapped() // the handler alone, without the harness's wait
	if got := h.w.status.message.Text; got != waitingMessage {
		t.Errorf("status bar %q while the project is busy, want %q", got, waitingMessage)
	}
	if !g.editing || !g.save.Disabled() {
		t.Errorf("while waiting: editing %v, Save disabled %v; want the entry kept, Save off", g.editing, g.save.Disabled())
	}
	release()
	h.wait()
	if got, err := h.w.st.Setting(bg, store.GuidelinesKey, ""); err != nil || got != "Use PERSON for people." {
		t.Fatalf("after the release, stored %q (%v)", got, err)
	}
	if g.editing || g.view.String() != "Use PERSON for people." || h.w.status.message.Text != "Guidelines saved." {
		t.Errorf("after the release: editing %v, view %q, status %q", g.editing, g.view.String(), h.w.status.message.Text)
	}
}

// TestStatusEditWaitsForABusyProject: the header's write (its status
// choice; the title is not editable in the window) waits the same way.
func TestStatusEditWaitsForABusyProject(t *testing.T) {
	h := newProject(t)
	id := h.w.ses.Doc().Info.ID
	release := lockProject(t, h)
	h.w.header.status.SetSelected(statusNames[annot.StatusDone])
	if got := h.w.status.message.Text; got != waitingMessage {
		t.Errorf("status bar %q while the project is busy, want %q", got, waitingMessage)
	}
	release()
	h.wait()
	if info, err := h.w.st.DocInfo(bg, id); err != nil || info.Status != annot.StatusDone {
		t.Fatalf("after the release: stored status %q (%v), want done", info.Status, err)
	}
	if h.w.ses.Doc().Info.Status != annot.StatusDone || h.w.header.status.Selected != statusNames[annot.StatusDone] {
		t.Errorf("after the release the header shows %q", h.w.header.status.Selected)
	}
}

// TestAdjudicationWaitsForABusyProject: a decision (1: take ana's version)
// under a held write lock returns with the lock held and leaves gold as it
// was; once released, ana's span is gold and the disagreement is gone.
func TestAdjudicationWaitsForABusyProject(t *testing.T) {
	h, id := adjHarness(t)
	a := h.w.adj
	gold := goldSpans(t, h, id)
	release := lockProject(t, h)
	if f := h.canvas().Focused(); f != nil { // the key alone, without the harness's wait
		f.TypedRune('1')
	} else {
		h.canvas().OnTypedRune()('1')
	}
	if got := h.w.status.message.Text; got != waitingMessage {
		t.Errorf("status bar %q while the project is busy, want %q", got, waitingMessage)
	}
	if a.list.Length() != 2 {
		t.Errorf("while waiting %d disagreements listed, want both still", a.list.Length())
	}
	release()
	h.wait()
	// adjText: both coders' PERSON 0-9 was pre-merged; ana's Ben Smith is 14-23.
	if g := goldSpans(t, h, id); len(g) != len(gold)+1 || g[len(g)-1] != "PERSON 14-23 ana" {
		t.Fatalf("gold after the release: %q, want ana's PERSON 14-23 added to %q", g, gold)
	}
	if h.w.adj != a || a.list.Length() != 1 {
		t.Errorf("after the release %d disagreements listed, want 1", a.list.Length())
	}
}
