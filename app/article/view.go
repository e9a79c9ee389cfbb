// Package article is the workbench's article view: a custom, virtualized
// Fyne widget that shows a long document word-wrapped, draws spans in their
// label colours, and reports selections in code points.
//
// STUB: this file fixes the API the window codes against; the real,
// virtualized implementation replaces the body, keeping every exported name.
package article

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
)

// Mark is one span as the view draws it.
type Mark struct {
	ID        string
	Pieces    []annot.Fragment // code points; one piece unless discontinuous
	Layer     annot.Layer
	Label     string
	Color     color.Color
	Tooltip   string // shown on hover: label, speaker
	Suggested bool   // drawn as a dashed outline without fill
}

// View shows one document. All offsets in and out are code points into the
// document text.
type View struct {
	widget.BaseWidget

	// OnSelectionChanged is called when the text selection changes (mouse,
	// keyboard or SetSelection); start == end is a caret.
	OnSelectionChanged func(start, end int)
	// OnMarkTapped is called when a click without drag lands on a mark
	// (the innermost one under the pointer); id "" when it lands on none.
	OnMarkTapped func(id string)
	// OnAddFragment is called for Ctrl+drag: the selection [start, end)
	// should become a new fragment of the selected mark.
	OnAddFragment func(start, end int)
	// OnTypedRune and OnTypedKey receive the keys the view does not use
	// itself (digits, letters, Tab, Delete, Escape...), so the window can
	// bind them.
	OnTypedRune func(r rune)
	OnTypedKey  func(ev *fyne.KeyEvent)
	// OnShortcut receives shortcuts (Ctrl/Alt combinations) the view does not
	// use itself; the window dispatches them like its canvas shortcuts.
	OnShortcut func(s fyne.Shortcut)

	text  string
	ix    *annot.Index
	marks []Mark
	label *widget.Label
	selS  int
	selE  int
	sel   string
	snap  bool
	size  float32
}

var _ fyne.Widget = (*View)(nil)

// New returns an empty view.
func New() *View {
	v := &View{label: widget.NewLabel(""), snap: true}
	v.label.Wrapping = fyne.TextWrapWord
	v.ExtendBaseWidget(v)
	return v
}

// SetText shows a new document; ix must index text (nil: built here). The
// selection and marks are cleared and the view scrolls to the top.
func (v *View) SetText(text string, ix *annot.Index) {
	if ix == nil {
		ix = annot.NewIndex(text)
	}
	v.text, v.ix, v.marks, v.selS, v.selE, v.sel = text, ix, nil, 0, 0, ""
	v.label.SetText(text)
}

// Index returns the offset index of the shown text.
func (v *View) Index() *annot.Index { return v.ix }

// SetMarks replaces the marks drawn.
func (v *View) SetMarks(marks []Mark) { v.marks = marks; v.Refresh() }

// SetSelectedMark outlines one mark ("" for none).
func (v *View) SetSelectedMark(id string) { v.sel = id; v.Refresh() }

// SelectedMark returns the outlined mark's id.
func (v *View) SelectedMark() string { return v.sel }

// Selection returns the text selection in code points.
func (v *View) Selection() (start, end int) { return v.selS, v.selE }

// SetSelection selects [start, end), scrolls it into view and reports it
// through OnSelectionChanged.
func (v *View) SetSelection(start, end int) {
	v.selS, v.selE = start, end
	if v.OnSelectionChanged != nil {
		v.OnSelectionChanged(start, end)
	}
}

// ScrollTo scrolls so code point cp is visible.
func (v *View) ScrollTo(cp int) {}

// Flash briefly highlights a mark, after scrolling to it.
func (v *View) Flash(id string) {}

// SetSnapWords turns snapping of mouse selections to whole words on or off
// (on by default). Selections always snap to grapheme clusters.
func (v *View) SetSnapWords(on bool) { v.snap = on }

// SetTextSize sets the text size in points (0: the theme's).
func (v *View) SetTextSize(size float32) { v.size = size; v.Refresh() }

// CreateRenderer draws the stub as a plain wrapped label.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(v.label)
}
