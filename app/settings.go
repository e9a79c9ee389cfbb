package app

import (
	"context"
	"errors"
	"image/color"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
)

var textSizes = []string{"Theme default", "12", "14", "16", "18", "20", "24", "28"}

const noKey = "—"

// settings is the Settings dialog: who is annotating, the theme, the
// article's text size, and the project's label set. The annotator, theme
// and size are the user's (Fyne preferences); labels are the project's:
// every label change of one Save goes to the store as one undoable action
// (store.SetLabels), and the dialog stays open, edits intact, when the
// project refuses it.
type settings struct {
	wb        *Workbench
	annotator *keyEntry
	theme     *widget.RadioGroup
	textSize  *widget.Select
	items     []*labelItem      // the label set being edited, in label bar order, deleted labels included
	spanRows  *fyne.Container   // one row per span label
	relRows   *fyne.Container   // one row per relation label
	body      *container.Scroll // everything above the message and the buttons
	addLayer  *widget.Select    // layer of the label to add
	addName   *keyEntry         // name of the label to add
	addBtn    *widget.Button    // "Add label"
	message   *widget.Label     // what is wrong with the labels, or why the project refused them
	saveBtn   *widget.Button    // applies everything and closes
	cancelBtn *widget.Button    // closes, changing nothing
	dlg       *dialog.CustomDialog
}

// labelItem is one label in the dialog: the label as edited and its row.
type labelItem struct {
	label   annot.Label
	deleted bool // a label of the project that Save deletes
	name    *keyEntry
	swatch  *canvas.Rectangle
	color   *widget.Button
	key     *widget.Select // nil for relation labels, which have no key
	del     *widget.Button // "Delete", or "Restore" once deleted
}

func (fl *files) onSettings() {
	w := fl.wb
	w.files.showSettings()
}

// showSettings opens the Settings dialog on the window's current state.
func (fl *files) showSettings() *settings {
	w := fl.wb
	s := &settings{wb: w}
	s.dlg = dialog.NewCustomWithoutButtons("Settings", s.buildUI(), w.win)
	s.dlg.Resize(fyne.NewSize(680, 700))
	w.dialogs.showDialog(s.dlg)
	return s
}

func (s *settings) buildUI() fyne.CanvasObject {
	w := s.wb
	s.annotator = w.dialogs.dialogEntry()
	s.annotator.SetText(w.annotator)
	s.theme = widget.NewRadioGroup([]string{themeSystem, themeLight, themeDark}, nil)
	s.theme.Horizontal = true
	s.theme.Required = true
	s.theme.SetSelected(w.prefs.StringWithFallback(prefTheme, themeSystem))
	s.textSize = widget.NewSelect(textSizes, nil)
	if size := w.prefs.Float(prefTextSize); size > 0 {
		s.textSize.SetSelected(strconv.Itoa(int(size)))
	} else {
		s.textSize.SetSelected(textSizes[0])
	}
	general := container.New(layout.NewFormLayout(),
		widget.NewLabel("Annotator"), s.annotator,
		widget.NewLabel("Theme"), s.theme,
		widget.NewLabel("Text size"), s.textSize,
	)

	s.items = nil
	for _, l := range w.labels {
		s.items = append(s.items, &labelItem{label: l})
	}
	s.spanRows, s.relRows = container.NewVBox(), container.NewVBox()
	s.refreshRows()

	layers := make([]string, len(annot.LabelLayers))
	for i, l := range annot.LabelLayers {
		layers[i] = string(l)
	}
	s.addLayer = widget.NewSelect(layers, nil)
	s.addLayer.SetSelected(string(annot.LayerEntity))
	s.addName = w.dialogs.dialogEntry()
	s.addName.SetPlaceHolder("NAME (one word)")
	s.addName.OnSubmitted = func(string) { s.onAdd() }
	s.addBtn = widget.NewButton("Add label", s.onAdd)
	add := container.NewBorder(nil, nil, s.addLayer, s.addBtn, s.addName)

	note := widget.NewLabel("Annotator, theme and text size are yours; labels belong to the project. " +
		"Renaming a label renames it on every span and relation; a label still in use cannot be deleted. " +
		"Save applies every label change as one step, which Undo takes back.")
	note.Wrapping = fyne.TextWrapWord
	s.body = container.NewVScroll(container.NewVBox(general, widget.NewSeparator(),
		boldLabel("Span labels (label bar order): name, colour, key"), s.spanRows,
		boldLabel("Relation labels"), s.relRows,
		boldLabel("Add a label"), add, note))

	s.message = widget.NewLabel("")
	s.message.Importance = widget.DangerImportance
	s.message.Wrapping = fyne.TextWrapWord
	s.message.Hide()
	s.saveBtn = widget.NewButton("Save", func() { s.onSave() })
	s.saveBtn.Importance = widget.HighImportance
	s.cancelBtn = widget.NewButton("Cancel", s.onCancel)
	buttons := container.NewHBox(layout.NewSpacer(), s.cancelBtn, s.saveBtn)
	return container.NewBorder(nil, container.NewVBox(s.message, buttons), nil, nil, s.body)
}

// refreshRows rebuilds the label rows from s.items, after a label was
// added, deleted or restored.
func (s *settings) refreshRows() {
	s.spanRows.RemoveAll()
	s.relRows.RemoveAll()
	for _, it := range s.items {
		if it.label.Layer == annot.LayerRelation {
			s.relRows.Add(s.buildRow(it))
		} else {
			s.spanRows.Add(s.buildRow(it))
		}
	}
	if s.body != nil { // the groups changed height: lay the whole body out again
		s.body.Content.Refresh()
		s.body.Refresh()
	}
}

// buildRow makes a label's row: swatch, name, layer, colour, key, delete.
func (s *settings) buildRow(it *labelItem) fyne.CanvasObject {
	it.swatch = swatch(parseColor(it.label.Color))
	it.swatch.SetMinSize(fyne.NewSize(28, 28))
	it.name = s.wb.dialogs.dialogEntry()
	it.name.SetText(it.label.Name)
	it.name.OnChanged = func(text string) { s.onRename(it, text) }
	it.color = widget.NewButton("Colour…", func() { s.onPickColor(it) })
	// The first cell names the layer of a span label, says a relation
	// label is built in, or that the label goes on Save; it has one width
	// so the columns line up.
	layer := widget.NewLabel("")
	if it.label.Layer != annot.LayerRelation {
		layer.SetText(string(it.label.Layer))
	}
	if annot.IsBuiltin(it.label) { // linking and suggestions find it by name
		layer.SetText("built in")
		it.name.Disable()
	}
	right := container.NewHBox(container.NewGridWrap(fyne.NewSize(80, layer.MinSize().Height), layer), it.color)
	it.key = nil
	if it.label.Layer != annot.LayerRelation {
		it.key = widget.NewSelect(append([]string{noKey}, annot.LabelKeys...), nil)
		showKey(it)
		it.key.OnChanged = func(k string) { s.onKeyChanged(it, k) }
		right.Add(it.key)
	} else { // an empty cell where span labels have their key, so the columns line up
		keyWidth := widget.NewSelect(append([]string{noKey}, annot.LabelKeys...), nil).MinSize()
		right.Add(container.NewGridWrap(keyWidth, layout.NewSpacer()))
	}
	it.del = widget.NewButton("Restore", func() { s.onDelete(it) })
	del := container.NewGridWrap(it.del.MinSize(), it.del) // as wide as Restore
	it.del.SetText("Delete")
	if annot.IsBuiltin(it.label) {
		it.del.Disable()
	}
	if it.deleted {
		layer.SetText("deleted")
		layer.Importance = widget.DangerImportance
		it.del.SetText("Restore")
		it.name.Disable()
		it.color.Disable()
		if it.key != nil {
			it.key.Disable()
		}
	}
	right.Add(del)
	return container.NewBorder(nil, nil, container.NewCenter(it.swatch), right, it.name)
}

// showKey shows a label's key in its select without running OnChanged.
func showKey(it *labelItem) {
	if it.key == nil {
		return
	}
	cb := it.key.OnChanged
	it.key.OnChanged = nil
	if it.label.Key == "" {
		it.key.SetSelected(noKey)
	} else {
		it.key.SetSelected(it.label.Key)
	}
	it.key.OnChanged = cb
}

// labelSet is the label set Save would store: every label not deleted,
// in order.
func (s *settings) labelSet() []annot.Label {
	var out []annot.Label
	for _, it := range s.items {
		if !it.deleted {
			out = append(out, it.label)
		}
	}
	return out
}

// allLabels are the labels of every row, deleted ones included.
func (s *settings) allLabels() []annot.Label {
	out := make([]annot.Label, len(s.items))
	for i, it := range s.items {
		out[i] = it.label
	}
	return out
}

// validate checks the label set as the store will, and allows Save only
// when it passes.
func (s *settings) validate() {
	err := annot.ValidateLabels(s.labelSet())
	s.showMessage(err)
	if err != nil {
		s.saveBtn.Disable()
	} else {
		s.saveBtn.Enable()
	}
}

// showMessage shows what is wrong in the dialog, in the words of the rule
// or the store (without the field path); nil clears it.
func (s *settings) showMessage(err error) {
	if err == nil {
		s.message.SetText("")
		s.message.Hide()
		return
	}
	msg := err.Error()
	var e *annot.Error
	if errors.As(err, &e) {
		msg = e.Msg
	}
	s.message.SetText(capitalize(msg) + ".")
	s.message.Show()
}

func (s *settings) onRename(it *labelItem, text string) {
	it.label.Name = strings.TrimSpace(text)
	s.validate()
}

func (s *settings) onPickColor(it *labelItem) {
	p := dialog.NewColorPicker("Colour of "+it.label.Name, "", func(c color.Color) {
		it.label.Color = colorHex(c)
		it.swatch.FillColor = c
		it.swatch.Refresh()
		s.validate()
	}, s.wb.win)
	p.Advanced = true
	p.SetColor(parseColor(it.label.Color))
	s.wb.dialogs.showDialog(p)
}

// onKeyChanged gives a label key k; the label that had k gets this
// label's old key, so keys stay unique.
func (s *settings) onKeyChanged(it *labelItem, k string) {
	if k == noKey {
		k = ""
	}
	ls := s.allLabels()
	i := s.indexOf(it)
	j := annot.BindKey(ls, i, k)
	it.label.Key = ls[i].Key
	if j >= 0 {
		s.items[j].label.Key = ls[j].Key
		showKey(s.items[j])
	}
	s.validate()
}

// onDelete marks a project label for deletion (or restores it); a label
// added in this dialog simply goes. Deleting frees the label's key.
func (s *settings) onDelete(it *labelItem) {
	switch {
	case it.deleted:
		it.deleted = false
	case it.label.ID == 0:
		s.items = append(s.items[:s.indexOf(it)], s.items[s.indexOf(it)+1:]...)
	default:
		it.deleted = true
		it.label.Key = ""
	}
	s.refreshRows()
	s.validate()
}

// onAdd adds the label named in the add row, after the labels of its
// layer, with a colour no label has yet and no key.
func (s *settings) onAdd() {
	layer := annot.Layer(s.addLayer.Selected)
	name := strings.TrimSpace(s.addName.Text)
	if err := annot.CheckLabelName(name); err != nil {
		s.showMessage(err)
		return
	}
	if annot.IndexLabel(s.labelSet(), layer, name) >= 0 {
		s.showMessage(annot.Conflictf("name", "layer %s already has a label %s", layer, name))
		return
	}
	all := s.allLabels()
	it := &labelItem{label: annot.Label{Layer: layer, Name: name, Color: annot.NextColor(all, layer)}}
	at := annot.LabelInsertAt(all, layer)
	s.items = append(s.items[:at], append([]*labelItem{it}, s.items[at:]...)...)
	s.addName.SetText("")
	s.refreshRows()
	s.validate()
}

func (s *settings) indexOf(it *labelItem) int {
	for i, x := range s.items {
		if x == it {
			return i
		}
	}
	return -1
}

func (s *settings) onCancel() {
	if s.dlg != nil {
		s.dlg.Hide()
	}
}

// onSave applies the dialog and closes it: labels through the store first,
// then the preferences. When the store refuses the labels (a deleted label
// still in use, another window's change) nothing is applied and the dialog
// stays open with the store's message, so the user can restore the label or
// cancel. While another program holds the project's write lock the labels
// wait off the UI goroutine (editor.write): the dialog says so with its
// buttons disabled, and the rest is applied once they are stored.
func (s *settings) onSave() {
	w := s.wb
	annotator := w.annotator
	if name := strings.TrimSpace(s.annotator.Text); name != "" {
		annotator = name
	}
	labels := s.labelSet()
	if w.st == nil || slices.Equal(w.labels, labels) {
		s.apply(annotator)
		return
	}
	if w.busy != "" {
		s.showMessage(errors.New("labels not saved: " + w.busy + "; try again when it is finished"))
		return
	}
	st, base := w.st, w.labels
	var stored []annot.Label
	s.saveBtn.Disable()
	s.cancelBtn.Disable()
	waits := w.ed.write(func(ctx context.Context) (err error) {
		stored, err = st.EditLabels(ctx, annotator, func(cur []annot.Label) ([]annot.Label, error) {
			if !slices.Equal(cur, base) {
				return nil, annot.Conflictf("labels", "labels not saved: another window or command changed them while Settings was open; Cancel and open Settings again to see them")
			}
			return labels, nil
		})
		return err
	}, func(err error) {
		s.saveBtn.Enable()
		s.cancelBtn.Enable()
		if st != w.st { // the project was closed while the labels waited
			return
		}
		if annot.KindOf(err) == annot.KindConflict {
			if cur, err := st.Labels(bg); err == nil {
				w.setLabels(cur) // what Settings shows when opened again
			}
		}
		if err != nil {
			s.showMessage(err)
			return
		}
		w.takeLabels(stored)
		w.status.saved("edit labels")
		s.apply(annotator)
	})
	if waits {
		s.message.SetText(labelsWaiting)
		s.message.Show()
	}
}

// labelsWaiting is the Settings dialog's message while its labels wait
// for the project.
const labelsWaiting = "Waiting for the project: another program is writing to it; the labels are saved as soon as it is done."

// apply applies the dialog's annotator, theme and text size, and closes
// it.
func (s *settings) apply(annotator string) {
	w := s.wb
	if annotator != w.annotator {
		w.annotator = annotator // undo belongs to an annotator: the session's follows
		w.ses.SetAnnotator(annotator)
		if w.st != nil {
			w.st.SetViewer(annotator) // blind coding: the list and spans are the new coder's
		}
		w.prefs.SetString(prefAnnotator, annotator)
		w.list.reload()
	}
	w.prefs.SetString(prefTheme, s.theme.Selected)
	applyTheme(w.app, s.theme.Selected)
	size, _ := strconv.Atoi(s.textSize.Selected)
	w.prefs.SetFloat(prefTextSize, float64(size))
	w.view.SetTextSize(float32(size))
	w.status.refresh()
	if s.dlg != nil {
		s.dlg.Hide()
	}
}
