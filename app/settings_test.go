package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"spanbench/annot"
	"spanbench/store"
)

// item returns the dialog's row of a label.
func (s *settings) item(t *testing.T, layer annot.Layer, name string) *labelItem {
	t.Helper()
	for _, it := range s.items {
		if it.label.Layer == layer && it.label.Name == name {
			return it
		}
	}
	t.Fatalf("no %s label %s in the dialog", layer, name)
	return nil
}

// rowOf reports whether group holds the row of it.
func rowIn(group *fyne.Container, it *labelItem) bool {
	for _, o := range group.Objects {
		if c, ok := o.(*fyne.Container); ok {
			for _, x := range c.Objects {
				if x == it.name {
					return true
				}
			}
		}
	}
	return false
}

func dialogShown(h *harness) bool { return h.canvas().Overlays().Top() != nil }

func storedLabels(h *harness) []annot.Label {
	h.t.Helper()
	ls, err := h.w.st.Labels(bg)
	if err != nil {
		h.t.Fatal(err)
	}
	return ls
}

func labelBarText(h *harness) string {
	var s []string
	for _, b := range h.w.bar.buttons {
		s = append(s, b.button.Text)
	}
	return strings.Join(s, ", ")
}

func TestSettingsAnnotatorThemeSizeAndLabelKeys(t *testing.T) {
	h := newProject(t)
	s := h.w.files.showSettings()
	s.annotator.SetText("ana")
	s.theme.SetSelected(themeDark)
	s.textSize.SetSelected("18")
	person := s.item(t, annot.LayerEntity, "PERSON")
	s.item(t, annot.LayerEntity, "ORG").key.SetSelected("3") // ORG takes 3; PERSON gets ORG's 4
	if person.key.Selected != "4" {
		t.Fatalf("PERSON's key select shows %q after the swap", person.key.Selected)
	}
	person.label.Color = "#123456"
	test.Tap(s.saveBtn)
	if dialogShown(h) {
		t.Fatal("Save did not close the dialog")
	}
	if h.w.annotator != "ana" || h.w.prefs.String(prefAnnotator) != "ana" || h.w.status.annotator.Text != "Annotator: ana" {
		t.Fatalf("annotator %q", h.w.annotator)
	}
	if h.w.prefs.String(prefTheme) != themeDark || h.w.prefs.Float(prefTextSize) != 18 {
		t.Error("theme or text size not remembered")
	}
	for _, l := range storedLabels(h) {
		if l.Name == "ORG" && l.Key != "3" || l.Name == "PERSON" && (l.Key != "4" || l.Color != "#123456") {
			t.Errorf("label %+v", l)
		}
	}
	h.selectText(387, 399)
	h.typeText("3")
	if sp, _ := h.w.ses.Selected(); sp.Label != "ORG" || sp.Annotator != "ana" {
		t.Fatalf("key 3 now makes %+v, want ORG by ana", sp)
	}
	// The label bar follows, and a label change is undoable.
	if !strings.Contains(labelBarText(h), "3 ORG") {
		t.Errorf("label bar %s", labelBarText(h))
	}
	h.shortcut(&fyne.ShortcutUndo{}) // the span
	h.shortcut(&fyne.ShortcutUndo{}) // the labels
	if l, _ := labelByKey(h.w.labels, "3"); l.Name != "PERSON" {
		t.Errorf("after undo key 3 is %s", l.Name)
	}
}

func TestSettingsAddLabelAndApplyItByKey(t *testing.T) {
	h := newProject(t)
	s := h.w.files.showSettings()
	s.addLayer.SetSelected("entity")
	test.Type(s.addName, "DATE")
	test.Tap(s.addBtn)
	date := s.item(t, annot.LayerEntity, "DATE")
	if s.addName.Text != "" || !rowIn(s.spanRows, date) || date.key == nil {
		t.Fatal("the new label should have a row among the span labels, with a key")
	}
	if i := s.indexOf(date); s.items[i-1].label.Name != "MISC" {
		t.Errorf("DATE added after %s, want after the last entity label", s.items[i-1].label.Name)
	}
	if date.label.Color == "" || annot.CheckColor(date.label.Color) != nil {
		t.Errorf("new label's colour %q", date.label.Color)
	}
	date.key.SetSelected("9") // MISC had 9 and goes without
	test.Tap(s.saveBtn)
	if dialogShown(h) {
		t.Fatalf("dialog still open: %q", s.message.Text)
	}
	ls := storedLabels(h)
	if i := annot.IndexLabel(ls, annot.LayerEntity, "DATE"); i < 0 || ls[i].Key != "9" || ls[i].ID == 0 {
		t.Fatalf("DATE not stored with key 9: %v", ls)
	}
	if !strings.Contains(labelBarText(h), "9 DATE") || strings.Contains(labelBarText(h), "9 MISC") {
		t.Errorf("label bar %s", labelBarText(h))
	}
	// The key applies it, in the label's colour.
	h.addSpanAt("Vedant Patel", "DATE")
	sp, _ := h.w.ses.Selected()
	if sp.Layer != annot.LayerEntity || sp.Label != "DATE" {
		t.Fatalf("key 9 made %+v", sp)
	}
	if c, ok := h.w.colors["entity/DATE"]; !ok || colorHex(c) != strings.ToLower(ls[annot.IndexLabel(ls, annot.LayerEntity, "DATE")].Color) {
		t.Errorf("article colour of DATE %v", c)
	}
}

func TestSettingsRenameLabelInUse(t *testing.T) {
	h := newProject(t)
	patel := h.addSpanAt("Vedant Patel", "PERSON")
	s := h.w.files.showSettings()
	person := s.item(t, annot.LayerEntity, "PERSON")
	person.name.SetText("")
	test.Type(person.name, "SPOKESPERSON")
	test.Tap(s.saveBtn)
	if dialogShown(h) {
		t.Fatalf("dialog still open: %q", s.message.Text)
	}
	if sp := spanByID(h.spans(), patel); sp.Label != "SPOKESPERSON" {
		t.Fatalf("stored span label %q", sp.Label)
	}
	// The window shows the new name: open document, article, panel, label bar.
	if sp, _, _ := h.w.ses.Doc().Find(patel); sp.Label != "SPOKESPERSON" {
		t.Errorf("open document still says %q", sp.Label)
	}
	var tip string
	for _, m := range h.w.view.Marks() {
		if m.ID == patel {
			tip = m.Tooltip
		}
	}
	if tip != "SPOKESPERSON" {
		t.Errorf("article tooltip %q", tip)
	}
	h.w.selectSpan(patel, true)
	if h.w.panel.label.Selected != "SPOKESPERSON" {
		t.Errorf("panel label %q", h.w.panel.label.Selected)
	}
	if !strings.Contains(labelBarText(h), "3 SPOKESPERSON") {
		t.Errorf("label bar %s", labelBarText(h))
	}
	// One undo renames it back everywhere.
	h.shortcut(&fyne.ShortcutUndo{})
	if sp := spanByID(h.spans(), patel); sp.Label != "PERSON" {
		t.Fatalf("after undo the span is %q", sp.Label)
	}
	if sp, _, _ := h.w.ses.Doc().Find(patel); sp.Label != "PERSON" {
		t.Errorf("after undo the open document says %q", sp.Label)
	}
}

func TestSettingsDeleteLabels(t *testing.T) {
	h := newProject(t)
	h.addSpanAt("Vedant Patel", "PERSON")
	// An unused label goes, and its key with it.
	s := h.w.files.showSettings()
	loc := s.item(t, annot.LayerEntity, "LOC")
	test.Tap(loc.del)
	if !loc.deleted || loc.del.Text != "Restore" || !loc.name.Disabled() {
		t.Fatal("a deleted label should stay listed, disabled, with Restore")
	}
	test.Tap(s.saveBtn)
	if dialogShown(h) {
		t.Fatalf("dialog still open: %q", s.message.Text)
	}
	if annot.IndexLabel(storedLabels(h), annot.LayerEntity, "LOC") >= 0 || strings.Contains(labelBarText(h), "LOC") {
		t.Fatalf("LOC not deleted: %s", labelBarText(h))
	}
	if _, ok := labelByKey(h.w.labels, "6"); ok {
		t.Error("key 6 should be free")
	}

	// A label in use is refused with the store's message; nothing of the
	// Save is applied, and the dialog keeps every edit.
	s = h.w.files.showSettings()
	person := s.item(t, annot.LayerEntity, "PERSON")
	org := s.item(t, annot.LayerEntity, "ORG")
	org.name.SetText("ORGANISATION")
	test.Tap(person.del)
	test.Tap(s.saveBtn)
	if !dialogShown(h) {
		t.Fatal("the dialog closed although the project refused the labels")
	}
	if s.message.Text != "Label PERSON is used by 1 span; relabel or delete it first." {
		t.Errorf("message %q", s.message.Text)
	}
	ls := storedLabels(h)
	if annot.IndexLabel(ls, annot.LayerEntity, "PERSON") < 0 || annot.IndexLabel(ls, annot.LayerEntity, "ORG") < 0 {
		t.Fatalf("a refused Save changed the labels: %v", ls)
	}
	if !person.deleted || org.label.Name != "ORGANISATION" || org.name.Text != "ORGANISATION" {
		t.Fatal("the dialog lost its edits")
	}
	// Restore it: the message goes, and Save applies the rename.
	test.Tap(person.del)
	if person.deleted || person.name.Disabled() || s.message.Text != "" || s.saveBtn.Disabled() {
		t.Fatalf("after Restore: deleted %v, message %q", person.deleted, s.message.Text)
	}
	test.Tap(s.saveBtn)
	if dialogShown(h) {
		t.Fatalf("dialog still open: %q", s.message.Text)
	}
	if annot.IndexLabel(storedLabels(h), annot.LayerEntity, "ORGANISATION") < 0 {
		t.Fatal("rename not saved after restoring")
	}
}

func TestSettingsAddRelationLabel(t *testing.T) {
	h := newProject(t)
	s := h.w.files.showSettings()
	s.addLayer.SetSelected("relation")
	test.Type(s.addName, "QUOTES_FROM")
	test.Tap(s.addBtn)
	// The built-in relation labels keep their names: linking uses them.
	if sp := s.item(t, annot.LayerRelation, annot.RelSpeaker); !sp.name.Disabled() || !sp.del.Disabled() || sp.color.Disabled() {
		t.Error("SPEAKER can be recoloured, not renamed or deleted")
	}
	rel := s.item(t, annot.LayerRelation, "QUOTES_FROM")
	if !rowIn(s.relRows, rel) || rowIn(s.spanRows, rel) || rel.key != nil {
		t.Fatal("a relation label belongs in the relation group, without a key")
	}
	if rel.label.Color != annot.RelationColor || s.items[len(s.items)-1] != rel {
		t.Errorf("relation label %+v, last of the set %v", rel.label, s.items[len(s.items)-1] == rel)
	}
	if rel.name.Disabled() || rel.del.Disabled() {
		t.Error("a project's own relation label can be renamed and deleted")
	}
	test.Tap(s.saveBtn)
	if dialogShown(h) {
		t.Fatalf("dialog still open: %q", s.message.Text)
	}
	ls := storedLabels(h)
	if annot.IndexLabel(ls, annot.LayerRelation, "QUOTES_FROM") < 0 {
		t.Fatalf("not stored: %v", ls)
	}
	if strings.Contains(labelBarText(h), "QUOTES_FROM") {
		t.Error("relation labels are not in the label bar")
	}
	// The project now accepts relations with it.
	q := h.addSpanAt("We are cooperating with partners", "QUOTE")
	p := h.addSpanAt("Vedant Patel", "PERSON")
	link := store.Change{Link: []annot.Relation{{DocID: h.w.ses.Doc().Info.ID, Label: "QUOTES_FROM", From: q, To: p}}}
	if _, err := h.w.st.Apply(bg, "ana", h.w.ses.Doc().Info.ID, "link QUOTES_FROM", link); err != nil {
		t.Fatal(err)
	}
}

func TestSettingsValidatesNames(t *testing.T) {
	h := newProject(t)
	s := h.w.files.showSettings()
	org := s.item(t, annot.LayerEntity, "ORG")
	org.name.SetText("NEW ORG")
	if !strings.Contains(s.message.Text, `"NEW ORG" must be one word`) || !s.saveBtn.Disabled() {
		t.Fatalf("two words: %q, save disabled %v", s.message.Text, s.saveBtn.Disabled())
	}
	org.name.SetText("PERSON")
	if s.message.Text != "Label PERSON appears twice in layer entity." || !s.saveBtn.Disabled() {
		t.Fatalf("duplicate: %q", s.message.Text)
	}
	org.name.SetText("QUOTE") // another layer may have it
	if s.message.Text != "" || s.saveBtn.Disabled() {
		t.Fatalf("QUOTE in entity: %q", s.message.Text)
	}
	// The add row checks its name too, and adds nothing when it is wrong.
	n := len(s.items)
	s.addLayer.SetSelected("entity")
	test.Type(s.addName, "GPE")
	test.Tap(s.addBtn)
	if s.message.Text != "Layer entity already has a label GPE." || len(s.items) != n {
		t.Fatalf("adding GPE again: %q", s.message.Text)
	}
	s.addName.SetText("two words")
	test.Tap(s.addBtn)
	if !strings.Contains(s.message.Text, "must be one word") || len(s.items) != n {
		t.Fatalf("adding two words: %q", s.message.Text)
	}
	// A label added and deleted in the dialog simply goes.
	s.addName.SetText("TEMP")
	test.Tap(s.addBtn)
	test.Tap(s.item(t, annot.LayerEntity, "TEMP").del)
	if len(s.items) != n {
		t.Fatal("a label added in the dialog should vanish when deleted")
	}
	test.Tap(s.cancelBtn)
	if dialogShown(h) || annot.IndexLabel(storedLabels(h), annot.LayerEntity, "ORG") < 0 {
		t.Fatal("Cancel should close the dialog and change nothing")
	}
}

func TestSettingsSwapsTwoNames(t *testing.T) {
	h := newProject(t)
	patel := h.addSpanAt("Vedant Patel", "ORG")
	s := h.w.files.showSettings()
	org, gpe := s.item(t, annot.LayerEntity, "ORG"), s.item(t, annot.LayerEntity, "GPE")
	org.name.SetText("TMP")
	gpe.name.SetText("ORG")
	org.name.SetText("GPE")
	test.Tap(s.saveBtn)
	if dialogShown(h) {
		t.Fatalf("dialog still open: %q", s.message.Text)
	}
	if sp := spanByID(h.spans(), patel); sp.Label != "GPE" {
		t.Fatalf("span %q after the swap", sp.Label)
	}
	if !strings.Contains(labelBarText(h), "4 GPE, 5 ORG") {
		t.Errorf("label bar %s", labelBarText(h))
	}
}

func TestSettingsWaitsForAnImport(t *testing.T) {
	h := newProject(t)
	s := h.w.files.showSettings()
	s.item(t, annot.LayerEntity, "ORG").name.SetText("ORGANISATION")
	h.w.busy = "an import is running"
	test.Tap(s.saveBtn)
	if !dialogShown(h) || !strings.Contains(s.message.Text, "Labels not saved: an import is running") {
		t.Fatalf("dialog shown %v, message %q", dialogShown(h), s.message.Text)
	}
	h.w.busy = ""
	test.Tap(s.saveBtn)
	if dialogShown(h) || annot.IndexLabel(storedLabels(h), annot.LayerEntity, "ORGANISATION") < 0 {
		t.Fatalf("not saved once the import was over: %q", s.message.Text)
	}
}

// TestSettingsKeepsAnotherWindowsLabels: labels another window saved while
// Settings was open are not overwritten by this window's older set; the
// save is refused with a message, and the window takes the stored set.
func TestSettingsKeepsAnotherWindowsLabels(t *testing.T) {
	h := newProject(t)
	s := h.w.files.showSettings()
	s.item(t, annot.LayerEntity, "ORG").name.SetText("ORGANISATION")
	// Another window adds DATE meanwhile.
	other := append(storedLabels(h), annot.Label{Layer: annot.LayerEntity, Name: "DATE", Color: "#123456"})
	if _, err := h.w.st.SetLabels(bg, "bob", other); err != nil {
		t.Fatal(err)
	}
	test.Tap(s.saveBtn)
	if !dialogShown(h) || !strings.Contains(s.message.Text, "another window or command changed them") {
		t.Fatalf("dialog shown %v, message %q", dialogShown(h), s.message.Text)
	}
	ls := storedLabels(h)
	if annot.IndexLabel(ls, annot.LayerEntity, "DATE") < 0 || annot.IndexLabel(ls, annot.LayerEntity, "ORG") < 0 {
		t.Fatalf("stored labels %v, want the other window's DATE and ORG unrenamed", ls)
	}
	if annot.IndexLabel(h.w.labels, annot.LayerEntity, "DATE") < 0 {
		t.Fatalf("the window's labels %v miss the stored DATE", h.w.labels)
	}
}
