package app

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
	"spanbench/assets"
	"spanbench/store"
)

func TestNewProjectGetsTheSampleArticle(t *testing.T) {
	h := newProject(t)
	if _, err := os.Stat(h.path); err != nil {
		t.Fatalf("project file not created: %v", err)
	}
	if h.w.ses.Doc() == nil {
		t.Fatal("no document open")
	}
	b, err := h.w.st.Bundle(bg, h.w.ses.Doc().Info.ID)
	if err != nil {
		t.Fatal(err)
	}
	if b.Doc.Title != assets.SampleTitle {
		t.Errorf("title %q, want %q", b.Doc.Title, assets.SampleTitle)
	}
	if b.Doc.Text != assets.SampleText() {
		t.Error("sample text is not byte for byte the shipped article")
	}
	title := h.win.Title()
	if !strings.Contains(title, "p.db") || !strings.Contains(title, "State Department") {
		t.Errorf("window title %q should name the project file and the document", title)
	}
	if got := h.w.status.position.Text; got != "Document 1 of 1" {
		t.Errorf("status bar position %q", got)
	}
	if got := h.w.status.save.Text; got != "saved" {
		t.Errorf("save state %q", got)
	}
	if !strings.HasPrefix(h.w.status.annotator.Text, "Annotator: ") || h.w.annotator == "" {
		t.Errorf("annotator %q", h.w.status.annotator.Text)
	}
}

func TestExistingEmptyProjectGetsNoSample(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	h := newHarness(t, path)
	if h.w.ses.Doc() != nil || len(h.w.list.docs) != 0 {
		t.Fatal("an existing project must not get the sample article")
	}
	if h.w.status.position.Text != "No document" {
		t.Errorf("status %q", h.w.status.position.Text)
	}
	h.typeText("3") // no document: nothing happens, nothing breaks
}

func TestFindThenLabelKey(t *testing.T) {
	h := newProject(t)
	h.find("Vedant Patel")
	if s, e := h.w.view.Selection(); s != 387 || e != 399 {
		t.Fatalf("find selected %d-%d, want 387-399", s, e)
	}
	if h.w.find.isOpen() {
		t.Error("Escape should close the find bar")
	}
	h.typeText("3")
	sp := h.spans()
	if len(sp) != 1 || sp[0].Label != "PERSON" || sp[0].Layer != annot.LayerEntity || sp[0].Start != 387 || sp[0].End != 399 {
		t.Fatalf("spans %+v, want one PERSON 387-399", sp)
	}
	if h.w.ses.SelectedID() != sp[0].ID {
		t.Error("the new span should be selected")
	}
	if h.w.status.spans.Text != "1 span" || h.w.status.save.Text != "saved" {
		t.Errorf("status bar %q / %q", h.w.status.spans.Text, h.w.status.save.Text)
	}
	if h.w.ses.Doc().Info.Status != annot.StatusInProgress {
		t.Errorf("first edit should mark the document in progress, got %s", h.w.ses.Doc().Info.Status)
	}
	if i := h.w.panel.rowOf(sp[0].ID); i < 0 {
		t.Error("panel does not list the span")
	}
}

func TestFindIgnoresCaseWrapsAndCounts(t *testing.T) {
	h := newProject(t)
	h.shortcut(ctrlKey(fyne.KeyF))
	h.typeText("afghanistan")
	if !strings.Contains(h.w.find.count.Text, "matches") {
		t.Errorf("count %q", h.w.find.count.Text)
	}
	h.key(fyne.KeyReturn)
	s1, _ := h.w.view.Selection()
	h.key(fyne.KeyReturn)
	s2, _ := h.w.view.Selection()
	if s2 <= s1 {
		t.Errorf("second Enter should go forward: %d then %d", s1, s2)
	}
	h.key(fyne.KeyReturn, fyne.KeyModifierShift)
	if s3, _ := h.w.view.Selection(); s3 != s1 {
		t.Errorf("Shift+Enter should go back to %d, got %d", s1, s3)
	}
	text := h.w.ses.Doc().Ix.Text()
	if got := h.w.ses.Doc().Ix.Slice(s1, s1+11); !strings.EqualFold(got, "afghanistan") {
		t.Errorf("match %q", got)
	}
	_ = text
	h.w.find.entry.SetText("no such words")
	h.key(fyne.KeyReturn)
	if h.w.find.count.Text != "no match" {
		t.Errorf("count %q", h.w.find.count.Text)
	}
}

func TestDigitKeysApplyLabelsInBarOrder(t *testing.T) {
	h := newProject(t)
	want := []string{"QUOTE", "CLAIM", "PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "MISC"}
	words := []string{"Photo", "Department", "State", "Allies", "Work", "Counter", "Emerging", "Terrorist", "Threats"}
	for i, word := range words {
		s := strings.Index(h.w.ses.Doc().Ix.Text(), word)
		h.selectText(s, s+len(word))
		h.typeText(string(rune('1' + i)))
		sp, ok := h.w.ses.Selected()
		if !ok || sp.Label != want[i] || sp.Start != s {
			t.Fatalf("key %d: selected %+v, want %s at %d", i+1, sp, want[i], s)
		}
	}
	if n := len(h.spans()); n != 9 {
		t.Fatalf("%d spans, want 9", n)
	}
	// The label bar's buttons are in the same order and do the same.
	for i, l := range h.w.bar.labels[:9] {
		if l.Name != want[i] || !strings.HasPrefix(h.w.bar.buttons[i].button.Text, string(rune('1'+i))+" ") {
			t.Errorf("label bar button %d: %s %q", i, l.Name, h.w.bar.buttons[i].button.Text)
		}
	}
	s := strings.Index(h.w.ses.Doc().Ix.Text(), "Washington")
	h.selectText(s, s+len("Washington"))
	test.Tap(h.w.bar.buttons[4].button)
	if sp, _ := h.w.ses.Selected(); sp.Label != "GPE" || sp.Start != s {
		t.Errorf("label bar GPE button made %+v", sp)
	}
}

func TestLabelKeyOnSelectedSpanChangesItsLabel(t *testing.T) {
	h := newProject(t)
	h.find("Vedant Patel")
	h.typeText("3")
	id := h.w.ses.SelectedID()
	h.typeText("4")
	sp := h.spans()
	if len(sp) != 1 || sp[0].ID != id || sp[0].Label != "ORG" {
		t.Fatalf("spans %+v: want the same span relabelled ORG", sp)
	}
	// Across layers: a quote with a speaker that becomes a claim keeps its
	// attribution as CLAIMANT.
	q := h.addSpanAt("We are cooperating", "QUOTE")
	h.w.linker.setSpeaker(q, id)
	h.w.selectSpan(q, true)
	h.typeText("2")
	rs := h.rels()
	if len(rs) != 1 || rs[0].Label != annot.RelClaimant || rs[0].From != q {
		t.Fatalf("relations %+v, want the SPEAKER turned CLAIMANT", rs)
	}
	// An entity cannot have a speaker: making the claim a PERSON drops it.
	h.typeText("3")
	if rs := h.rels(); len(rs) != 0 {
		t.Fatalf("relations %+v, want none", rs)
	}
	h.shortcut(&fyne.ShortcutUndo{})
	if rs := h.rels(); len(rs) != 1 {
		t.Fatalf("undo should bring the link back, got %+v", rs)
	}
}

// addSpanAt labels the first occurrence of text with label through the keys.
func (h *harness) addSpanAt(text, label string) string {
	h.t.Helper()
	s := strings.Index(h.w.ses.Doc().Ix.Text(), text)
	if s < 0 {
		h.t.Fatalf("%q not in the document", text)
	}
	cs := len([]rune(h.w.ses.Doc().Ix.Text()[:s]))
	h.w.selectSpan("", false)
	h.selectText(cs, cs+len([]rune(text)))
	for _, l := range h.w.labels {
		if l.Name == label {
			h.typeText(l.Key)
			return h.w.ses.SelectedID()
		}
	}
	h.t.Fatalf("no label %s", label)
	return ""
}

func TestSelectionIsTrimmedAndNotDoubled(t *testing.T) {
	h := newProject(t)
	h.selectText(386, 400) // " Vedant Patel,"
	h.typeText("3")
	sp := h.spans()
	if len(sp) != 1 || sp[0].Start != 387 || sp[0].End != 400 {
		t.Fatalf("spans %+v, want 387-400 (leading space trimmed)", sp)
	}
	h.w.selectSpan("", false)
	h.selectText(387, 400)
	h.typeText("3")
	if n := len(h.spans()); n != 1 {
		t.Fatalf("%d spans: the same span and label must not be added twice", n)
	}
	h.w.selectSpan("", false)
	h.selectText(10, 10)
	h.typeText("3")
	if !strings.Contains(h.w.status.message.Text, "Select some text") {
		t.Errorf("message %q", h.w.status.message.Text)
	}
}

func TestTabShiftTabDelete(t *testing.T) {
	h := newProject(t)
	a := h.addSpanAt("Vedant Patel", "PERSON")
	b := h.addSpanAt("Afghanistan", "GPE") // first mention, before Patel
	c := h.addSpanAt("Thursday", "EVENT")
	h.w.selectSpan("", false)
	h.selectText(0, 0)
	var order []string
	for range 4 {
		h.key(fyne.KeyTab)
		order = append(order, h.w.ses.SelectedID())
	}
	if order[0] != b || order[1] != c || order[2] != a || order[3] != b {
		t.Fatalf("Tab order %v, want %v (document order, wrapping)", order, []string{b, c, a, b})
	}
	if s, e := h.w.view.Selection(); s >= e {
		t.Error("Tab should select the span's text")
	}
	h.key(fyne.KeyTab, fyne.KeyModifierShift)
	if h.w.ses.SelectedID() != a {
		t.Fatalf("Shift+Tab went to %s, want %s", h.w.ses.SelectedID(), a)
	}
	h.key(fyne.KeyDelete)
	for _, sp := range h.spans() {
		if sp.ID == a {
			t.Fatal("Delete did not remove the span")
		}
	}
	if h.w.ses.SelectedID() != "" || len(h.spans()) != 2 {
		t.Fatalf("after Delete: selected %q, %d spans", h.w.ses.SelectedID(), len(h.spans()))
	}
	h.key(fyne.KeyDelete) // nothing selected: a hint, no change
	if len(h.spans()) != 2 {
		t.Fatal("Delete with nothing selected removed something")
	}
	h.key(fyne.KeyTab)
	h.key(fyne.KeyEscape)
	if h.w.ses.SelectedID() != "" {
		t.Error("Escape should clear the span selection")
	}
}

func TestUndoRedoAcrossDocuments(t *testing.T) {
	h := newProject(t)
	first := h.w.ses.Doc().Info.ID
	ids := h.addDocs("Second article\n\nThe minister said the talks went well.")
	a := h.addSpanAt("Vedant Patel", "PERSON")
	h.shortcut(altKey(fyne.KeyDown))
	if h.w.ses.Doc().Info.ID != ids[0] {
		t.Fatalf("Alt+Down opened %s, want the second document", h.w.ses.Doc().Info.ID)
	}
	b := h.addSpanAt("minister", "PERSON")
	h.shortcut(altKey(fyne.KeyUp))
	if h.w.ses.Doc().Info.ID != first {
		t.Fatal("Alt+Up did not go back")
	}

	h.shortcut(&fyne.ShortcutUndo{}) // undoes b, in the second document
	if h.w.ses.Doc().Info.ID != ids[0] {
		t.Fatal("undo should show the document it changed")
	}
	if len(h.spans()) != 0 {
		t.Fatal("undo did not remove the span in the second document")
	}
	h.shortcut(&fyne.ShortcutUndo{}) // undoes a, back in the first
	if h.w.ses.Doc().Info.ID != first || len(h.spans()) != 0 {
		t.Fatalf("second undo: doc %s, %d spans", h.w.ses.Doc().Info.ID, len(h.spans()))
	}
	h.shortcut(ctrlShiftKey(fyne.KeyZ)) // redo a
	if h.w.ses.Doc().Info.ID != first || len(h.spans()) != 1 || h.spans()[0].ID != a {
		t.Fatal("Ctrl+Shift+Z did not redo the first span")
	}
	h.shortcut(&fyne.ShortcutRedo{}) // Ctrl+Y redoes b
	if h.w.ses.Doc().Info.ID != ids[0] || len(h.spans()) != 1 || h.spans()[0].ID != b {
		t.Fatal("Ctrl+Y did not redo the second span in its document")
	}
	h.shortcut(&fyne.ShortcutRedo{})
	if !strings.Contains(strings.ToLower(h.w.status.message.Text), "nothing to redo") {
		t.Errorf("message %q", h.w.status.message.Text)
	}
}

func TestLinkModeWithTabAndEnterOrClick(t *testing.T) {
	h := newProject(t)
	dept := h.addSpanAt("Department of State", "ORG")
	patel := h.addSpanAt("Vedant Patel", "PERSON")
	q := h.addSpanAt("We are cooperating with partners", "QUOTE")
	h.typeText("L")
	if h.w.link == nil {
		t.Fatal("L did not start link mode")
	}
	h.key(fyne.KeyTab) // nearest entity first: Patel
	if got := h.w.link.cands[h.w.link.cur]; got != patel {
		t.Fatalf("first Tab picked %s, want Vedant Patel", got)
	}
	h.key(fyne.KeyReturn)
	rs := h.rels()
	if len(rs) != 1 || rs[0].Label != annot.RelSpeaker || rs[0].From != q || rs[0].To != patel {
		t.Fatalf("relations %+v", rs)
	}
	if h.w.link != nil || h.w.ses.SelectedID() != q {
		t.Error("after linking, the quote should be selected again")
	}
	if row := h.w.panel.rowOf(q); row < 0 || !strings.Contains(h.w.ses.Doc().SpeakerText(h.w.ses.Doc().Spans()[0])+h.w.ses.Doc().SpeakerText(mustSpan(h, q)), "Vedant Patel") {
		t.Error("panel should show the speaker")
	}
	// A click on another entity in link mode replaces the speaker.
	h.typeText("l")
	h.w.view.OnMarkTapped(dept)
	rs = h.rels()
	if len(rs) != 1 || rs[0].To != dept {
		t.Fatalf("relations after click %+v", rs)
	}
	// The panel's speaker picker does the same.
	for opt, id := range h.w.panel.speakerID {
		if id == patel {
			h.w.panel.speaker.SetSelected(opt)
		}
	}
	if rs = h.rels(); len(rs) != 1 || rs[0].To != patel {
		t.Fatalf("relations after picker %+v", rs)
	}
	h.w.panel.speaker.SetSelected(noSpeaker)
	if rs = h.rels(); len(rs) != 0 {
		t.Fatalf("relations after clearing %+v", rs)
	}
	// Escape cancels; L on an entity only explains.
	h.typeText("L")
	h.key(fyne.KeyEscape)
	if h.w.link != nil {
		t.Error("Escape should cancel link mode")
	}
	h.w.selectSpan(patel, true)
	h.typeText("L")
	if h.w.link != nil || !strings.Contains(h.w.status.message.Text, "quote or claim") {
		t.Errorf("L on an entity: link %v, message %q", h.w.link, h.w.status.message.Text)
	}
}

func mustSpan(h *harness, id string) annot.Span {
	sp, _, ok := h.w.ses.Doc().Find(id)
	if !ok {
		h.t.Fatalf("no span %s", id)
	}
	return sp
}

func TestPlusAddsFragment(t *testing.T) {
	h := newProject(t)
	text := h.w.ses.Doc().Ix.Text()
	q := h.addSpanAt("We are cooperating", "QUOTE")
	s := len([]rune(text[:strings.Index(text, "counteract terrorist recruitment")]))
	h.selectText(s, s+len("counteract terrorist recruitment"))
	h.typeText("+")
	sp := mustSpan(h, q)
	if len(sp.Fragments) != 2 || sp.Fragments[1].Start != s {
		t.Fatalf("span %+v, want two fragments", sp)
	}
	stored := h.spans()
	if len(stored) != 1 || len(stored[0].Fragments) != 2 {
		t.Fatalf("stored %+v", stored)
	}
	// Ctrl+drag in the view reports the same through OnAddFragment.
	h.w.view.OnAddFragment(0, 5)
	if sp := mustSpan(h, q); len(sp.Fragments) != 3 || sp.Start != 0 {
		t.Fatalf("after OnAddFragment %+v", sp)
	}
}

func TestDocumentNavigationAndDoneAndNext(t *testing.T) {
	h := newProject(t)
	ids := h.addDocs("Doc two\n\nText two.", "Doc three\n\nText three.", "Doc four\n\nText four.")
	first := h.w.ses.Doc().Info.ID
	if len(h.w.list.docs) != 4 {
		t.Fatalf("list has %d documents", len(h.w.list.docs))
	}
	h.shortcut(altKey(fyne.KeyDown))
	h.shortcut(altKey(fyne.KeyDown))
	if h.w.ses.Doc().Info.ID != ids[1] || h.w.status.position.Text != "Document 3 of 4" {
		t.Fatalf("after two Alt+Down: %s, %q", h.w.ses.Doc().Info.Title, h.w.status.position.Text)
	}
	h.shortcut(altKey(fyne.KeyDown))
	h.shortcut(altKey(fyne.KeyDown)) // already last
	if h.w.ses.Doc().Info.ID != ids[2] || !strings.Contains(h.w.status.message.Text, "last") {
		t.Fatalf("past the end: %s, %q", h.w.ses.Doc().Info.Title, h.w.status.message.Text)
	}
	// Ctrl+Enter: done, then the next not done, wrapping to the first.
	h.shortcut(ctrlKey(fyne.KeyReturn))
	if h.w.ses.Doc().Info.ID != first {
		t.Fatalf("Ctrl+Enter opened %s, want the first document", h.w.ses.Doc().Info.Title)
	}
	if info, _ := h.w.st.DocInfo(bg, ids[2]); info.Status != annot.StatusDone {
		t.Fatalf("status %s, want done", info.Status)
	}
	if h.w.progress.Done != 1 || !strings.Contains(h.w.status.progress.Text, "1 of 4 done") {
		t.Errorf("progress %q", h.w.status.progress.Text)
	}
	h.shortcut(ctrlKey(fyne.KeyReturn)) // first done -> second
	if h.w.ses.Doc().Info.ID != ids[0] {
		t.Fatalf("opened %s, want doc two", h.w.ses.Doc().Info.Title)
	}
	// The list follows, and its rows show the status.
	if i := h.w.list.indexOf(ids[2]); h.w.list.docs[i].Status != annot.StatusDone {
		t.Error("list row status not updated")
	}
	// The header's status choice changes it too.
	h.w.header.status.SetSelected(statusNames[annot.StatusInProgress])
	if info, _ := h.w.st.DocInfo(bg, ids[0]); info.Status != annot.StatusInProgress {
		t.Errorf("status %s after header choice", info.Status)
	}
	h.shortcut(&fyne.ShortcutUndo{})
	if info, _ := h.w.st.DocInfo(bg, ids[0]); info.Status != annot.StatusTodo {
		t.Errorf("undo of a status change: %s", info.Status)
	}
}

func TestDocumentListKeysFilterAndStatus(t *testing.T) {
	h := newProject(t)
	ids := h.addDocs("Budget talks\n\nThe finance minister presented the budget.",
		"Weather\n\nRain is expected over the weekend in Kabul.")
	// Clicking a row opens the document and leaves the keyboard in the list.
	h.w.list.list.Select(1)
	h.wait()
	if h.w.ses.Doc().Info.ID != ids[0] || h.canvas().Focused() != h.w.list.list {
		t.Fatalf("click: doc %s, focus %T", h.w.ses.Doc().Info.Title, h.canvas().Focused())
	}
	h.key(fyne.KeyDown)
	if h.w.ses.Doc().Info.ID != ids[1] {
		t.Fatal("Down in the list should open the next document")
	}
	h.key(fyne.KeyUp)
	if h.w.ses.Doc().Info.ID != ids[0] {
		t.Fatal("Up in the list should open the previous document")
	}
	// Label keys work while the list has the focus.
	h.w.selectSpan("", false)
	h.selectText(4, 15) // "the finance"? any range
	h.typeText("4")
	if len(h.spans()) != 1 {
		t.Fatal("a label key in the list did not label the selection")
	}
	// Filter on words of the text (full-text search), not only titles.
	h.canvas().Focus(h.w.list.filter)
	h.typeText("Kabul")
	if len(h.w.list.docs) != 1 || h.w.list.docs[0].ID != ids[1] {
		t.Fatalf("filter Kabul: %d docs", len(h.w.list.docs))
	}
	if len(h.spans()) != 1 {
		t.Fatal("typing in the filter box must not label anything")
	}
	h.w.list.filter.SetText("2")
	h.wait()
	if h.w.list.filter.Text != "2" || len(h.spans()) != 1 {
		t.Fatal("digits belong to the filter box while it has the focus")
	}
	h.w.list.filter.SetText("")
	h.wait()
	h.w.list.status.SetSelected(statusNames[annot.StatusInProgress])
	h.wait()
	if len(h.w.list.docs) != 1 || h.w.list.docs[0].ID != ids[0] {
		t.Fatalf("status filter: %d docs", len(h.w.list.docs))
	}
	if !strings.Contains(h.w.list.count.Text, "1 of 3") {
		t.Errorf("count %q", h.w.list.count.Text)
	}
}

func TestShortcutsWorkWhateverHasFocus(t *testing.T) {
	h := newProject(t)
	h.addDocs("Another\n\nMore text here.")
	first := h.w.ses.Doc().Info.ID
	// Through the canvas (nothing focused), through the article view's
	// OnShortcut, and from inside a text entry.
	h.canvas().Unfocus()
	h.canvas().(fyne.Shortcutable).TypedShortcut(altKey(fyne.KeyDown))
	if h.w.ses.Doc().Info.ID == first {
		t.Fatal("canvas shortcut Alt+Down did nothing")
	}
	h.w.view.OnShortcut(altKey(fyne.KeyUp))
	if h.w.ses.Doc().Info.ID != first {
		t.Fatal("article view OnShortcut Alt+Up did nothing")
	}
	h.canvas().Focus(h.w.list.filter)
	h.w.list.filter.TypedShortcut(altKey(fyne.KeyDown))
	if h.w.ses.Doc().Info.ID == first {
		t.Fatal("Alt+Down from the filter box did nothing")
	}
	// In a text entry Ctrl+Z undoes typing, not the last annotation.
	h.w.view.OnTypedRune('x')
	h.canvas().Focus(h.w.list.filter)
	h.typeText("abc")
	h.shortcut(&fyne.ShortcutUndo{})
	if h.w.list.filter.Text == "abc" {
		t.Error("Ctrl+Z in the filter box should undo typing")
	}
	// F1 from the filter box opens the help.
	h.key(fyne.KeyF1)
	if !h.w.help.visible() {
		t.Fatal("F1 in the filter box did not open the help")
	}
	h.key(fyne.KeyEscape)
	if h.w.help.visible() {
		t.Fatal("Escape did not close the help")
	}
}

func TestHelpListsEveryKey(t *testing.T) {
	h := newProject(t)
	h.canvas().Unfocus()
	h.key(fyne.KeyF1)
	if !h.w.help.visible() {
		t.Fatal("F1 did not open the help")
	}
	var keys []string
	for i := 0; i < len(h.w.help.grid.Objects); i += 2 {
		keys = append(keys, h.w.help.grid.Objects[i].(*widget.Label).Text)
	}
	all := strings.Join(keys, " | ")
	for _, k := range []string{"Ctrl+F", "Shift+←/→", "Ctrl+Shift+←/→", "1 – 9", "Tab / Shift+Tab", "Delete", "Ctrl+Z", "Ctrl+Shift+Z",
		"Alt+↓", "Alt+↑", "Ctrl+Enter", "L", "+", "F1", "Ctrl+Q", "Esc"} {
		if !strings.Contains(all, k) {
			t.Errorf("help lacks %s (has %s)", k, all)
		}
	}
	h.typeText("3") // keys other than Escape/F1 do nothing while it is open
	if len(h.spans()) != 0 {
		t.Error("a label key went through the help overlay")
	}
	h.key(fyne.KeyF1)
	if h.w.help.visible() {
		t.Fatal("F1 again should close the help")
	}
}

func TestQuitSavesEverything(t *testing.T) {
	h := newProject(t)
	id := h.addSpanAt("Vedant Patel", "PERSON")
	// A note being typed is saved on quit, before the debounce fires.
	h.canvas().Focus(h.w.panel.note)
	h.typeText("deputy spokesperson")
	if h.w.status.save.Text != "editing…" {
		t.Errorf("save state while typing %q", h.w.status.save.Text)
	}
	path, doc := h.w.path, h.w.ses.Doc().Info.ID
	h.shortcut(ctrlKey(fyne.KeyQ))
	if h.quit != 1 {
		t.Fatal("Ctrl+Q did not quit")
	}
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sp, err := st.Span(bg, id)
	if err != nil || sp.Note != "deputy spokesperson" {
		t.Fatalf("note %q, %v", sp.Note, err)
	}
	if got := h.w.prefs.String(prefLastDoc + path); got != doc {
		t.Errorf("last document %q", got)
	}
	if got := h.w.prefs.StringList(prefRecent); len(got) == 0 || got[0] != path {
		t.Errorf("recent projects %v", got)
	}
	if w, hgt := h.w.prefs.Float(prefWinW), h.w.prefs.Float(prefWinH); w < 400 || hgt < 300 {
		t.Errorf("window size not remembered: %vx%v", w, hgt)
	}
}

func TestCloseButtonSavesAndReopenRemembers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	h := newHarness(t, path)
	ids := h.addDocs("Second\n\nSecond text.")
	h.shortcut(altKey(fyne.KeyDown))
	h.w.onClose()
	if !h.closed {
		t.Fatal("the window did not close")
	}
	if h.w.st != nil {
		t.Fatal("closing the window should close the project")
	}
	// Same preferences, new window: the last document opens again.
	w2 := New(h.w.app, test.NewTempWindow(t, nil))
	w2.jobs.ui = func(f func()) { f() }
	w2.OpenProject(path)
	w2.jobs.Wait()
	defer w2.closeProject()
	if w2.ses.Doc() == nil || w2.ses.Doc().Info.ID != ids[0] {
		t.Fatal("reopening should show the last document")
	}
}

func TestUnopenableProjectShowsWhyAndKeepsTheFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "notes.db")
	junk := []byte("these are my notes, not a database\n")
	if err := os.WriteFile(bad, junk, 0o644); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, bad)
	if h.w.st != nil {
		t.Fatal("a non-SQLite file must not open")
	}
	view := findOpenError(t, h)
	if !strings.Contains(view.message.Text, "not a Spanbench project") {
		t.Errorf("message %q", view.message.Text)
	}
	if !strings.Contains(h.win.Title(), "cannot open") {
		t.Errorf("title %q", h.win.Title())
	}
	if got, _ := os.ReadFile(bad); string(got) != string(junk) {
		t.Fatal("the file was changed")
	}
	test.Tap(view.quitBtn)
	if h.quit != 1 {
		t.Error("Quit button did not quit")
	}
	// Keys do nothing harmful without a project.
	h.typeText("3")
	h.key(fyne.KeyTab)
	h.shortcut(&fyne.ShortcutUndo{})
	h.shortcut(altKey(fyne.KeyDown))

	// A project from a newer Spanbench: refused, with the store's reason.
	newer := filepath.Join(dir, "newer.db")
	st, err := store.Open(newer)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite3", newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied) VALUES (99, 'future', 'x')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, _ := os.ReadFile(newer)
	h.w.OpenProject(newer)
	h.wait()
	view = findOpenError(t, h)
	if !strings.Contains(view.message.Text, "newer") {
		t.Errorf("message %q", view.message.Text)
	}
	if after, _ := os.ReadFile(newer); string(after) != string(before) {
		t.Error("the newer project was changed")
	}
	// Opening a good project from there works.
	h.w.OpenProject(filepath.Join(dir, "good.db"))
	h.wait()
	if h.w.st == nil || h.w.ses.Doc() == nil {
		t.Fatal("could not open another project after the error")
	}
}

func findOpenError(t *testing.T, h *harness) *openError {
	t.Helper()
	e := h.w.openErr
	if e == nil || h.win.Content() != e.content {
		t.Fatal("the window does not show the error view")
	}
	return e
}

func TestShiftArrowsExtendTheSelectionInTheView(t *testing.T) {
	h := newProject(t)
	h.find("Vedant")
	if s, e := h.w.view.Selection(); s != 387 || e != 393 {
		t.Fatalf("find selected %d-%d", s, e)
	}
	if h.canvas().Focused() != fyne.Focusable(h.w.view) {
		t.Fatalf("after Escape the article view should have the keyboard, not %T", h.canvas().Focused())
	}
	h.shortcut(ctrlShiftKey(fyne.KeyRight)) // one word: " Patel"
	if s, e := h.w.view.Selection(); s != 387 || e != 399 {
		t.Fatalf("Ctrl+Shift+Right: %d-%d, want 387-399", s, e)
	}
	// Shift+Right: the view tracks the held Shift itself.
	kb := h.canvas().Focused().(desktop.Keyable)
	kb.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	h.key(fyne.KeyRight)
	kb.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if s, e := h.w.view.Selection(); s != 387 || e != 400 {
		t.Fatalf("Shift+Right: %d-%d, want 387-400", s, e)
	}
	kb.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	h.key(fyne.KeyLeft)
	kb.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	h.typeText("3")
	if sp := h.spans(); len(sp) != 1 || sp[0].Start != 387 || sp[0].End != 399 {
		t.Fatalf("spans %+v", sp)
	}
}

func TestFilterShortcutAndDroppedFiles(t *testing.T) {
	h := newProject(t)
	h.shortcut(ctrlShiftKey(fyne.KeyF))
	if h.canvas().Focused() != fyne.Focusable(h.w.list.filter) {
		t.Fatal("Ctrl+Shift+F should put the keyboard in the filter box")
	}
	h.key(fyne.KeyEscape)
	if h.canvas().Focused() == fyne.Focusable(h.w.list.filter) {
		t.Fatal("Escape should leave the filter box")
	}
	f := filepath.Join(t.TempDir(), "dropped.txt")
	os.WriteFile(f, []byte("Dropped\n\nA dropped article."), 0o644)
	h.w.files.onDropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(f)})
	h.wait()
	if h.w.openErr != nil || len(h.w.list.docs) != 1 {
		t.Fatal("a drop must only preview, not import")
	}
}
