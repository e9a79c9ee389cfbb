package app

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/annot/suggest"
	"spanbench/store"
)

func TestPanelEditsAttributesNoteAndLinks(t *testing.T) {
	h := newProject(t)
	patel := h.addSpanAt("Vedant Patel", "PERSON")
	q := h.addSpanAt("We are cooperating with partners", "QUOTE")
	p := h.w.panel
	if p.kindRow.Hidden || !p.checkRow.Hidden || p.speakerRw.Hidden {
		t.Fatal("a quote shows kind and speaker, not check-worthiness")
	}
	p.kind.SetSelected("direct")
	if sp := h.spans(); spanByID(sp, q).Attrs[annot.AttrKind] != "direct" {
		t.Fatalf("kind not stored: %+v", spanByID(sp, q))
	}
	// A note is saved when the selection moves on, without a Save button.
	h.canvas().Focus(p.note)
	h.typeText("opening line")
	if p.notePending != true || h.w.status.save.Text != "editing…" {
		t.Fatal("typing a note should show it is being edited")
	}
	h.w.selectSpan(patel, true)
	if spanByID(h.spans(), q).Note != "opening line" {
		t.Fatal("note not saved when selecting another span")
	}
	if h.w.status.save.Text != "saved" {
		t.Errorf("save state %q", h.w.status.save.Text)
	}
	if !p.kindRow.Hidden || p.speakerRw.Hidden == false {
		t.Error("an entity shows neither kind nor speaker")
	}
	// Enter in the note saves at once too.
	h.w.selectSpan(q, true)
	if p.note.Text != "opening line" {
		t.Fatalf("note field shows %q", p.note.Text)
	}
	h.canvas().Focus(p.note)
	h.typeText(", cont.")
	h.key(fyne.KeyReturn)
	if got := spanByID(h.spans(), q).Note; got != "opening line, cont." {
		t.Fatalf("Enter did not save the note: %q", got)
	}
	// The label select relabels; a claim gets check-worthiness.
	p.label.SetSelected("CLAIM")
	if sp := spanByID(h.spans(), q); sp.Label != "CLAIM" || sp.Attrs[annot.AttrKind] != "" {
		t.Fatalf("relabelled %+v: a claim has no quote kind", sp)
	}
	if p.checkRow.Hidden {
		t.Fatal("a claim shows check-worthiness")
	}
	p.check.SetSelected("unsure")
	if spanByID(h.spans(), q).Attrs[annot.AttrCheckworthy] != "unsure" {
		t.Fatal("check-worthiness not stored")
	}
	// Links are listed with a remove button.
	h.w.linker.setSpeaker(q, patel)
	if len(p.links.Objects) != 1 {
		t.Fatalf("%d link rows", len(p.links.Objects))
	}
	rm := p.links.Objects[0].(*fyne.Container).Objects[1].(interface{ Tapped(*fyne.PointEvent) })
	rm.Tapped(&fyne.PointEvent{})
	if len(h.rels()) != 0 {
		t.Fatal("remove button did not unlink")
	}
	// Delete button.
	test.Tap(p.deleteBtn)
	if spanByID(h.spans(), q).ID != "" {
		t.Fatal("Delete button did not delete")
	}
}

func spanByID(spans []annot.Span, id string) annot.Span {
	for _, sp := range spans {
		if sp.ID == id {
			return sp
		}
	}
	return annot.Span{}
}

func TestPanelRowsGroupByLayerAndClickFlashes(t *testing.T) {
	h := newProject(t)
	patel := h.addSpanAt("Vedant Patel", "PERSON")
	q := h.addSpanAt("We are cooperating with partners", "QUOTE")
	h.w.linker.setSpeaker(q, patel)
	p := h.w.panel
	var headers []string
	for _, r := range p.rows {
		if r.header != "" && r.span < 0 {
			headers = append(headers, r.header)
		}
	}
	if strings.Join(headers, ",") != "Quotes · 1,Entities · 1" {
		t.Fatalf("groups %v", headers)
	}
	h.w.selectSpan("", false)
	i := p.rowOf(patel)
	p.list.Select(i)
	if h.w.ses.SelectedID() != patel {
		t.Fatal("clicking a row should select its span")
	}
	if s, e := h.w.view.Selection(); s != 387 || e != 399 {
		t.Errorf("row click selection %d-%d", s, e)
	}
	// The row of the quote shows who said it.
	if got := h.w.ses.Doc().SpeakerText(spanByID(h.w.ses.Doc().Spans(), q)); got != "Vedant Patel" {
		t.Errorf("speaker %q", got)
	}
	// In link mode, a click on an entity row links it.
	h.w.selectSpan(q, true)
	h.w.linker.setSpeaker(q, "")
	h.typeText("L")
	p.list.Select(p.rowOf(patel))
	if rs := h.rels(); len(rs) != 1 || rs[0].To != patel {
		t.Fatalf("relations %+v", rs)
	}
}

func TestImportPreviewThenImport(t *testing.T) {
	h := newProject(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Budget passes\n\nThe parliament passed the budget."), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("Storm warning\n\nA storm is coming."), 0o644)
	im := h.w.files.showImport([]string{dir})
	h.wait()
	if !strings.Contains(im.summary.Text, "Will import 2 documents") || im.importBtn.Disabled() {
		t.Fatalf("preview %q (button disabled %v)", im.summary.Text, im.importBtn.Disabled())
	}
	if n := len(h.w.list.docs); n != 1 {
		t.Fatalf("the preview imported something: %d documents", n)
	}
	test.Tap(im.importBtn)
	h.wait()
	if n := len(h.w.list.docs); n != 3 || h.w.progress.Total != 3 {
		t.Fatalf("after import: %d documents listed, %d in project", n, h.w.progress.Total)
	}
	if !strings.Contains(h.w.status.message.Text, "Imported 2 documents") {
		t.Errorf("message %q", h.w.status.message.Text)
	}
	// Importing the same again: nothing new, and the preview says why.
	im = h.w.files.showImport([]string{dir})
	h.wait()
	if !strings.Contains(im.summary.Text, "Will import 0 documents") || !strings.Contains(im.problems.Text, "already in the project") || !im.importBtn.Disabled() {
		t.Fatalf("re-import preview %q / %q", im.summary.Text, im.problems.Text)
	}
	// A binary file: the problem is shown and nothing can be imported.
	bin := filepath.Join(dir, "x.txt")
	os.WriteFile(bin, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"), 0o644)
	im = h.w.files.showImport([]string{bin})
	h.wait()
	if !strings.Contains(im.summary.Text, "Nothing can be imported") || !strings.Contains(im.problems.Text, "binary") || !im.importBtn.Disabled() {
		t.Fatalf("binary preview %q / %q", im.summary.Text, im.problems.Text)
	}
}

func TestExportWritesTheChosenDocuments(t *testing.T) {
	h := newProject(t)
	h.addDocs("Second\n\nMore.")
	h.addSpanAt("Vedant Patel", "PERSON")
	h.shortcut(ctrlKey(fyne.KeyReturn)) // sample done
	e := &exporter{wb: h.w}
	e.buildUI()
	out := filepath.Join(t.TempDir(), "out.jsonl")
	e.exportTo(out)
	h.wait()
	if n := countLines(t, out); n != 2 {
		t.Fatalf("all documents: %d lines", n)
	}
	if !strings.Contains(h.w.status.message.Text, "exported 2 documents, 1 spans") {
		t.Errorf("message %q", h.w.status.message.Text)
	}
	e.scope.SetSelected(scopeDone)
	e.exportTo(out)
	h.wait()
	if n := countLines(t, out); n != 1 {
		t.Fatalf("done documents: %d lines", n)
	}
	// What was written reads back through the importer.
	for b, err := range format.Read("jsonl", out) {
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Spans) != 1 || b.Spans[0].Label != "PERSON" {
			t.Fatalf("exported %+v", b.Spans)
		}
	}
	if _, err := os.Stat(strings.TrimSuffix(out, ".jsonl") + ".README.md"); err != nil {
		t.Errorf("no dataset card beside the export: %v", err)
	}
	// Every format is offered; CoNLL asks for the layer to tag, brat writes a folder.
	if len(e.format.Options) != len(format.ExportFormats()) {
		t.Errorf("formats offered: %v", e.format.Options)
	}
	e.format.SetSelected("conll")
	if !e.layer.Visible() || e.layers.Visible() || e.bom.Visible() {
		t.Error("conll: the tag-layer choice should show, the layer filter and BOM not")
	}
	e.scope.SetSelected(scopeAll)
	conll := filepath.Join(t.TempDir(), "out.conll")
	e.exportTo(conll)
	h.wait()
	if b, err := os.ReadFile(conll); err != nil || !strings.Contains(string(b), "Vedant\tB-PERSON\nPatel\tI-PERSON") {
		t.Errorf("conll export: %v\n%.300s", err, b)
	}
	e.format.SetSelected("brat")
	dir := filepath.Join(t.TempDir(), "brat")
	e.exportTo(dir)
	h.wait()
	if anns, _ := filepath.Glob(filepath.Join(dir, "*.ann")); len(anns) != 2 {
		t.Errorf("brat export: %d .ann files", len(anns))
	}
	if _, err := os.Stat(filepath.Join(dir, "annotation.conf")); err != nil {
		t.Errorf("brat export without annotation.conf: %v", err)
	}
}

func countLines(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		n++
	}
	return n
}

// fakeAssistant suggests every "Patel" as PERSON, flags quotes without a
// speaker, and accepts through the store as the real one will.
type fakeAssistant struct{ rejected map[string]bool }

func (f *fakeAssistant) Suggest(_ context.Context, _ *store.Store, b annot.Bundle, ix *annot.Index) ([]suggest.Suggestion, []suggest.Finding, error) {
	var sgs []suggest.Suggestion
	var lints []suggest.Finding
	have := map[int]bool{}
	for _, sp := range b.Spans {
		have[sp.Start] = true
		if sp.Layer == annot.LayerQuote {
			lints = append(lints, suggest.Finding{SpanID: sp.ID, Start: sp.Start, End: sp.End, Rule: suggest.RuleNoSpeaker, Reason: "quote without SPEAKER"})
		}
	}
	text := b.Doc.Text
	for i := 0; ; {
		j := strings.Index(text[i:], "Patel")
		if j < 0 {
			break
		}
		cp, _ := ix.FromByte(i + j)
		key := suggest.SpanKey(annot.LayerEntity, "PERSON", []annot.Fragment{{Start: cp, End: cp + 5}})
		if !have[cp] && !f.rejected[key] {
			sp := annot.Span{ID: annot.DerivedID(b.Doc.ID, key), Start: cp, End: cp + 5, Layer: annot.LayerEntity, Label: "PERSON",
				Attrs: map[string]string{suggest.AttrSuggested: "true", suggest.AttrReason: "name"}}
			sgs = append(sgs, suggest.Suggestion{Key: key, Layer: annot.LayerEntity, Label: "PERSON", Start: cp, End: cp + 5,
				Confidence: 0.9, Reason: "name", Spans: []annot.Span{sp}})
		}
		i += j + 5
	}
	return sgs, lints, nil
}

func (f *fakeAssistant) Accept(sgs ...suggest.Suggestion) store.Change {
	return store.SuggestionChange(sgs...)
}

func (f *fakeAssistant) Reject(_ context.Context, _ *store.Store, _, _ string, sg suggest.Suggestion) error {
	f.rejected[sg.Key] = true
	return nil
}

func TestAssistantHooks(t *testing.T) {
	fa := &fakeAssistant{rejected: map[string]bool{}}
	h := newProject(t, WithAssistant(fa))
	if n := len(h.w.assist.sugg()); n != 3 {
		t.Fatalf("%d suggestions, want every Patel", n)
	}
	suggested := 0
	for _, m := range h.w.view.Marks() {
		if m.Suggested {
			suggested++
		}
	}
	if suggested != 3 {
		t.Fatalf("%d suggested marks drawn", suggested)
	}
	first := markID(h.w.assist.sugg()[0])
	h.w.view.OnMarkTapped(first)
	if h.w.assist.selected() != first {
		t.Fatal("clicking a suggestion should select it")
	}
	h.typeText("a")
	if sp := h.spans(); len(sp) != 1 || sp[0].Label != "PERSON" || sp[0].Attrs[suggest.AttrSuggested] != "" {
		t.Fatalf("accept stored %+v", sp)
	}
	if h.w.assist.selected() == "" || len(h.w.assist.sugg()) != 2 {
		t.Fatalf("after accepting: selected %q, %d left", h.w.assist.selected(), len(h.w.assist.sugg()))
	}
	before := h.w.assist.selected()
	h.key(fyne.KeyTab)
	if h.w.assist.selected() == before || h.w.assist.selected() == "" {
		t.Fatal("Tab on a suggestion should go to the next suggestion")
	}
	h.typeText("x")
	if len(fa.rejected) != 1 || len(h.w.assist.sugg()) != 1 {
		t.Fatalf("reject: %d rejected, %d left", len(fa.rejected), len(h.w.assist.sugg()))
	}
	test.Tap(h.w.panel.acceptAll)
	h.wait()
	if n := len(h.spans()); n != 2 {
		t.Fatalf("accept all: %d spans, want 2", n)
	}
	if len(h.w.assist.sugg()) != 0 {
		t.Fatalf("%d suggestions left", len(h.w.assist.sugg()))
	}
	h.shortcut(&fyne.ShortcutUndo{})
	if n := len(h.spans()); n != 1 {
		t.Fatalf("undo of accept all: %d spans", n)
	}
	// Findings appear in the panel.
	h.addSpanAt("We are cooperating", "QUOTE")
	found := false
	for _, r := range h.w.panel.rows {
		found = found || r.lint != nil && r.lint.Rule == suggest.RuleNoSpeaker
	}
	if !found {
		t.Error("lint not listed in the panel")
	}
}

func TestMenusAndRecentProjects(t *testing.T) {
	h := newProject(t)
	m := h.win.MainMenu()
	var names []string
	for _, menu := range m.Items {
		names = append(names, menu.Label)
	}
	if strings.Join(names, ",") != "File,Edit,Document,Help" {
		t.Fatalf("menus %v", names)
	}
	file := m.Items[0]
	last := file.Items[len(file.Items)-1]
	if !last.IsQuit || last.Shortcut == nil || last.Shortcut.ShortcutName() != ctrlKey(fyne.KeyQ).ShortcutName() {
		t.Error("File ends with Quit on Ctrl+Q")
	}
	other := filepath.Join(t.TempDir(), "other.db")
	h.w.OpenProject(other)
	h.wait()
	var recent []string
	for _, i := range h.w.recentMenu.Items {
		recent = append(recent, i.Label)
	}
	if len(recent) != 2 || recent[0] != other || recent[1] != h.path {
		t.Fatalf("recent %v", recent)
	}
	h.w.recentMenu.Items[1].Action()
	h.wait()
	if h.w.path != h.path {
		t.Fatal("a recent project did not open")
	}
	// New project refuses an existing file.
	if err := newProjectFile(h.path, false); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("newProjectFile on an existing file: %v", err)
	}
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	if err := newProjectFile(fresh, false); err != nil {
		t.Fatal(err)
	}
	h.w.OpenProject(fresh)
	h.wait()
	if h.w.ses.Doc() != nil {
		t.Error("File › New without the sample should be empty")
	}
}

func TestKeysDoNothingBehindADialog(t *testing.T) {
	h := newProject(t)
	h.selectText(387, 399)
	h.w.files.onSettings()
	h.canvas().Unfocus()
	h.typeText("3")
	h.key(fyne.KeyDelete)
	if len(h.spans()) != 0 {
		t.Fatal("a label key went through the Settings dialog")
	}
}

// TestImportBratFolderBringsItsLabels imports a real brat corpus through
// the dialog: the format is detected, annotation.conf's types join the
// label set even when no span uses them, and skipped event lines are
// reported in the preview.
func TestImportBratFolderBringsItsLabels(t *testing.T) {
	h := newProject(t)
	im := h.w.files.showImport([]string{"../annot/format/testdata/brat-corpus/tutorial-news"})
	h.wait()
	if !strings.Contains(im.summary.Text, "Read as: brat") || im.importBtn.Disabled() {
		t.Fatalf("preview %q", im.summary.Text)
	}
	if !strings.Contains(im.problems.Text, "skipped lines Spanbench does not model") {
		t.Errorf("skipped event lines not reported: %q", im.problems.Text)
	}
	test.Tap(im.importBtn)
	h.wait()
	labels, err := h.w.st.Labels(bg)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, l := range labels {
		have[string(l.Layer)+"/"+l.Name] = true
	}
	for _, want := range []string{"entity/Organization", "entity/Money", "relation/Geographical_part", "relation/Family"} {
		if !have[want] {
			t.Errorf("label %s not added", want)
		}
	}
}
