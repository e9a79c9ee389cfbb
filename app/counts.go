package app

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
	"spanbench/edit"
)

// countRow is one line of the label counts: how many spans (relations, for
// the relation layer) carry the label in the open document and in the
// whole project.
type countRow struct {
	Layer        annot.Layer
	Label        string
	Doc, Project int
}

// labelCounts counts, for every label of the label set in its order, the
// open document's spans and relations (nil: no document) and takes the
// project's figures from uses (store.LabelUses).
func labelCounts(labels []annot.Label, d *edit.Doc, uses map[annot.Layer]map[string]int) []countRow {
	doc := map[annot.Layer]map[string]int{}
	bump := func(l annot.Layer, name string) {
		if doc[l] == nil {
			doc[l] = map[string]int{}
		}
		doc[l][name]++
	}
	if d != nil {
		for _, sp := range d.Spans() {
			bump(sp.Layer, sp.Label)
		}
		for _, r := range d.Relations() {
			bump(annot.LayerRelation, r.Label)
		}
	}
	rows := make([]countRow, 0, len(labels))
	for _, l := range labels {
		rows = append(rows, countRow{Layer: l.Layer, Label: l.Name, Doc: doc[l.Layer][l.Name], Project: uses[l.Layer][l.Name]})
	}
	return rows
}

// showCounts opens the label counts (Ctrl+Shift+C, Document › Label
// counts): a table of label, this document, project. The project's figures
// are read off the UI goroutine.
func (fl *files) showCounts() {
	w := fl.wb
	if w.st == nil {
		return
	}
	st, gen := w.st, w.openGen
	w.jobs.Go(func() func() {
		uses, err := st.LabelUses(bg)
		return func() {
			if gen != w.openGen || w.st != st {
				return
			}
			if err != nil {
				w.showError(err)
				return
			}
			rows := labelCounts(w.labels, w.ses.Doc(), uses)
			w.dialogs.showDialog(dialog.NewCustom("Label counts", "Close", countsTable(rows, w.ses.Doc() != nil), w.win))
		}
	})
}

// countsTable lays the counts out in four columns under a header.
func countsTable(rows []countRow, haveDoc bool) fyne.CanvasObject {
	num := func(n int) *widget.Label {
		return &widget.Label{Text: strconv.Itoa(n), Alignment: fyne.TextAlignTrailing}
	}
	head := func(s string) *widget.Label {
		return &widget.Label{Text: s, TextStyle: fyne.TextStyle{Bold: true}, Alignment: fyne.TextAlignTrailing}
	}
	cells := []fyne.CanvasObject{boldLabel("Layer"), boldLabel("Label"), head("This document"), head("Project")}
	var docTotal, projTotal int
	for _, r := range rows {
		d := fyne.CanvasObject(num(r.Doc))
		if !haveDoc {
			d = &widget.Label{Text: "–", Alignment: fyne.TextAlignTrailing}
		}
		cells = append(cells, widget.NewLabel(string(r.Layer)), widget.NewLabel(r.Label), d, num(r.Project))
		docTotal += r.Doc
		projTotal += r.Project
	}
	grid := container.NewGridWithColumns(4, cells...)
	total := widget.NewLabel(fmt.Sprintf("In all: %d in this document, %d in the project (spans and relations).", docTotal, projTotal))
	scroll := container.NewVScroll(grid)
	scroll.SetMinSize(fyne.NewSize(460, min(float32(len(cells)/4)*38, 420)))
	return container.NewBorder(nil, total, nil, nil, scroll)
}
