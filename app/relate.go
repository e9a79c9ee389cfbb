package app

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"

	"spanbench/annot"
	"spanbench/edit"
)

// relatePicker is the first step of relating (Ctrl+R, or the panel's
// "Relate…"): a list of the project's relation labels that may start at the
// selected span's layer (annot.RelationLabelsFrom), then the relations the
// span already has, each to remove. Typing filters it, a digit picks that
// row, Up and Down move, Enter or a click takes the row, Esc closes. A
// relation label then starts link mode for it: Tab to a target (or a click)
// and Enter.
type relatePicker = chooser[relateRow]

// relateRow is a relation label to make, or (unlink set) a relation to
// remove.
type relateRow struct {
	n      int
	text   string
	label  string
	unlink string
}

// openRelate opens the relate picker for the selected span.
func (lk *linker) openRelate() {
	w := lk.wb
	sp, ok := w.ses.Selected()
	if !ok {
		w.setMessage("Select a span first (Tab or click), then press Ctrl+R to relate it to another.")
		return
	}
	w.linker.cancelLink()
	if w.relate == nil {
		w.relate = &relatePicker{wb: w, hint: "Type part of a relation label", size: fyne.NewSize(300, 320), numbered: true,
			text: func(r relateRow) string { return r.text },
			show: func(r relateRow) string { return fmt.Sprintf("%d  %s", r.n, r.text) }}
	}
	from := sp.ID
	w.relate.take = func(r relateRow) { w.linker.takeRelateRow(from, r) }
	d := w.ses.Doc()
	var rows []relateRow
	for _, l := range annot.RelationLabelsFrom(w.labels, sp.Layer) {
		rows = append(rows, relateRow{text: l.Name + " →", label: l.Name})
	}
	for _, r := range d.Touching(sp.ID) {
		other, dir := r.To, "→"
		if r.To == sp.ID {
			other, dir = r.From, "←"
		}
		o, _, _ := d.Find(other)
		rows = append(rows, relateRow{text: fmt.Sprintf("Remove %s %s “%s”", r.Label, dir, oneLine(d.Ix.Slice(o.Start, o.End), 30)),
			label: r.Label, unlink: r.ID})
	}
	for i := range rows {
		rows[i].n = i + 1
	}
	w.relate.open(fmt.Sprintf("Relate this %s (Enter; Esc closes)", sp.Label), rows)
}

// takeRelateRow does what a row of the relate picker says: remove its
// relation, or start choosing the target of its label from span from.
func (lk *linker) takeRelateRow(from string, row relateRow) {
	w := lk.wb
	if row.unlink != "" {
		w.linker.unlink(row.unlink)
		return
	}
	w.linker.startRelate(from, row.label)
}

// startRelate enters link mode for relation label from span id: Tab offers
// the spans the label's layer rule allows, nearest first
// (annot.RelationTargets), leaving out those the span already has that
// relation to. The label that names who said a quote or claim goes through
// the speaker picker (L), which replaces the speaker.
func (lk *linker) startRelate(id, label string) {
	w := lk.wb
	sp, _, ok := w.ses.Doc().Find(id)
	if !ok {
		return
	}
	w.selectSpan(id, false)
	if label == annot.LinkLabel(sp.Layer) {
		w.linker.startLink()
		return
	}
	has := map[string]bool{}
	for _, r := range w.ses.Doc().Links(id, label) {
		has[r.To] = true
	}
	var cands []string
	for _, i := range annot.RelationTargets(label, sp, w.ses.Doc().Spans()) {
		if t := w.ses.Doc().Spans()[i]; !has[t.ID] {
			cands = append(cands, t.ID)
		}
	}
	if len(cands) == 0 {
		w.setMessage(fmt.Sprintf("No span in this document can be the target of %s from this %s.", label, sp.Label))
		return
	}
	w.link = &linkMode{from: id, label: label, cands: cands, cur: -1}
	w.setMessage(fmt.Sprintf("%s from this %s: Tab to the target and press Enter, or click it. Esc cancels.", label, sp.Label))
	w.panel.showSelection()
}

// relateTo makes relation label from span from to span to, as one action.
func (lk *linker) relateTo(label, from, to string) {
	w := lk.wb
	out, ok := w.ed.do(func() (edit.Outcome, error) {
		out, err := w.ses.Relate(bg, label, from, to)
		if errors.Is(err, edit.ErrExists) {
			err = hintf("That %s is already there.", label)
		}
		return out, err
	})
	if ok && out.Saved() {
		w.setMessage(capitalize(out.Summary) + ". Ctrl+Z undoes it.")
	}
}

// unlink removes relation id, as one action.
func (lk *linker) unlink(id string) {
	w := lk.wb
	if out, ok := w.ed.do(func() (edit.Outcome, error) { return w.ses.Unlink(bg, id) }); ok && out.Saved() {
		w.setMessage(fmt.Sprintf("Removed the %s. Ctrl+Z brings it back.", strings.TrimPrefix(out.Summary, "remove ")))
	}
}
