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

// openPicker opens the label bar's picker over labels, the keyboard in
// its entry; take applies the label chosen.
func (b *labelBar) openPicker(labels []annot.Label, take func(annot.Label)) {
	if b.picker == nil {
		b.picker = &labelPicker{wb: b.wb, hint: "Type part of a label's name", size: fyne.NewSize(280, 320),
			text: func(l annot.Label) string { return l.Name }, show: labelText, take: take}
	}
	b.picker.open("Apply a label (Enter; Esc closes)", labels)
}

// pickLabel opens the label picker (Ctrl+L or ;) over the span labels.
func (b *labelBar) pickLabel() { b.openPicker(b.wb.spanLabels(), b.wb.ed.applyLabel) }
