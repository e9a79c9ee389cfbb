package app

import (
	"fmt"
	"image/color"
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
// article's text size, and the project's label colours and keys. The
// annotator, theme and size are the user's (Fyne preferences); labels are
// the project's and change through the store as one undoable action.
type settings struct {
	wb        *Workbench
	annotator *widget.Entry
	theme     *widget.RadioGroup
	textSize  *widget.Select
	labels    []annot.Label // working copy of the whole label set, in order
	swatches  map[int]*canvas.Rectangle
	keys      map[int]*widget.Select
	dlg       dialog.Dialog
}

func (w *Workbench) onSettings() {
	s := &settings{wb: w}
	s.dlg = dialog.NewCustomConfirm("Settings", "Save", "Cancel", s.buildUI(), func(ok bool) {
		if ok {
			s.onSave()
		}
	}, w.win)
	s.dlg.Resize(fyne.NewSize(560, 640))
	s.dlg.Show()
}

func (s *settings) buildUI() fyne.CanvasObject {
	w := s.wb
	s.annotator = widget.NewEntry()
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

	s.labels = append([]annot.Label(nil), w.labels...)
	s.swatches, s.keys = map[int]*canvas.Rectangle{}, map[int]*widget.Select{}
	grid := container.New(layout.NewGridLayoutWithColumns(3))
	keyOpts := []string{noKey, "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	for i, l := range s.labels {
		if l.Layer == annot.LayerRelation {
			continue
		}
		i := i
		sw := swatch(parseColor(l.Color))
		sw.SetMinSize(fyne.NewSize(28, 28))
		s.swatches[i] = sw
		pick := widget.NewButton("Colour…", func() { s.onPickColor(i) })
		key := widget.NewSelect(keyOpts, func(k string) { s.onKeyChanged(i, k) })
		if l.Key == "" {
			key.SetSelected(noKey)
		} else {
			key.SetSelected(l.Key)
		}
		s.keys[i] = key
		grid.Add(container.NewHBox(container.NewCenter(sw), widget.NewLabel(fmt.Sprintf("%s (%s)", l.Name, l.Layer))))
		grid.Add(pick)
		grid.Add(key)
	}
	note := widget.NewLabel("Annotator, theme and text size are yours; label colours and keys belong to the project.")
	note.Wrapping = fyne.TextWrapWord
	return container.NewVScroll(container.NewVBox(general, widget.NewSeparator(), boldLabel("Labels: colour and key"), grid, note))
}

func (s *settings) onPickColor(i int) {
	p := dialog.NewColorPicker("Colour of "+s.labels[i].Name, "", func(c color.Color) {
		s.labels[i].Color = colorHex(c)
		s.swatches[i].FillColor = c
		s.swatches[i].Refresh()
	}, s.wb.win)
	p.Advanced = true
	p.SetColor(parseColor(s.labels[i].Color))
	p.Show()
}

// onKeyChanged gives label i key k; a label that had k gets label i's old
// key, so keys stay unique.
func (s *settings) onKeyChanged(i int, k string) {
	if k == noKey {
		k = ""
	}
	old := s.labels[i].Key
	if old == k {
		return
	}
	s.labels[i].Key = k
	if k == "" {
		return
	}
	for j := range s.labels {
		if j != i && s.labels[j].Key == k {
			s.labels[j].Key = old
			if sel, ok := s.keys[j]; ok {
				cb := sel.OnChanged
				sel.OnChanged = nil
				if old == "" {
					sel.SetSelected(noKey)
				} else {
					sel.SetSelected(old)
				}
				sel.OnChanged = cb
			}
		}
	}
}

// onSave applies the dialog: preferences at once, labels through the store.
func (s *settings) onSave() {
	w := s.wb
	if name := strings.TrimSpace(s.annotator.Text); name != "" && name != w.annotator {
		w.annotator = name
		w.prefs.SetString(prefAnnotator, name)
	}
	w.prefs.SetString(prefTheme, s.theme.Selected)
	applyTheme(w.app, s.theme.Selected)
	size, _ := strconv.Atoi(s.textSize.Selected)
	w.prefs.SetFloat(prefTextSize, float64(size))
	w.view.SetTextSize(float32(size))
	if w.st != nil && labelsChanged(w.labels, s.labels) && w.busy != "" {
		w.setMessage("Labels not saved: " + w.busy + "; try again when it is finished.")
	} else if w.st != nil && labelsChanged(w.labels, s.labels) {
		labels, err := w.st.SetLabels(bg, w.annotator, s.labels)
		if err != nil {
			w.showError(err)
		} else {
			w.setLabels(labels)
			w.status.saved("edit labels")
		}
	}
	w.status.refresh()
}

func labelsChanged(a, b []annot.Label) bool {
	if len(a) != len(b) {
		return true
	}
	for i := range a {
		if a[i] != b[i] {
			return true
		}
	}
	return false
}
