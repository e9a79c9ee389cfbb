package app

import (
	"fyne.io/fyne/v2"

	"spanbench/annot"
)

// labelPicker chooses a span label by typing (Ctrl+L or ;): the labels
// whose name contains what is typed, those starting with it first. Taking
// one applies it to the selection exactly as its key would. It reaches
// every label, however many the bar cannot show.
type labelPicker = chooser[annot.Label]

// openPicker opens the label picker, the keyboard in its entry.
func (fl *files) openPicker() {
	w := fl.wb
	if w.bar.picker == nil {
		w.bar.picker = &labelPicker{wb: w, hint: "Type part of a label's name", size: fyne.NewSize(280, 320),
			text: func(l annot.Label) string { return l.Name }, show: labelText, take: w.ed.applyLabel}
	}
	w.bar.picker.open("Apply a label (Enter; Esc closes)", w.spanLabels())
}
