package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"spanbench/annot"
)

// TestRelateByKeyboard makes a SAME_AS between two entities with the keys
// alone (Ctrl+R, typing the label, Tab, Enter), sees the layer rule refuse
// a quote as its target, removes it from the keyboard, and undoes that.
func TestRelateByKeyboard(t *testing.T) {
	h := newProject(t)
	dept := h.addSpanAt("Department of State", "ORG")
	q := h.addSpanAt("We are cooperating with partners", "QUOTE")
	patel := h.addSpanAt("Vedant Patel", "PERSON") // left selected

	h.shortcut(ctrlKey(fyne.KeyR))
	p := h.w.relate
	if p == nil || !p.visible() || h.canvas().Focused() != p.entry {
		t.Fatal("Ctrl+R did not open the relation label list with the keyboard in it")
	}
	// From an entity the rules (annot relationRules) allow SAME_AS, not
	// SPEAKER, CLAIMANT or CUE.
	var offered []string
	for _, r := range p.rows {
		offered = append(offered, r.label)
	}
	if strings.Join(offered, ",") != annot.RelSameAs {
		t.Errorf("from a PERSON the list offers %v, want only SAME_AS", offered)
	}
	h.typeText("same")
	h.key(fyne.KeyReturn)
	if h.w.link == nil || h.w.link.label != annot.RelSameAs {
		t.Fatalf("choosing SAME_AS did not start choosing its target: %+v", h.w.link)
	}
	if len(h.w.link.cands) != 1 || h.w.link.cands[0] != dept {
		t.Fatalf("SAME_AS from Patel offers %v, want only the other entity %s", h.w.link.cands, dept)
	}
	// A click on the quote is refused by the layer rule: nothing is made.
	h.w.view.OnMarkTapped(q)
	if rs := h.rels(); len(rs) != 0 || h.w.link == nil {
		t.Fatalf("a quote as SAME_AS target: relations %+v, link mode %v", rs, h.w.link)
	}
	if msg := h.w.status.message.Text; !strings.Contains(msg, "entity") {
		t.Errorf("refusal message %q does not say the target must be an entity", msg)
	}
	h.key(fyne.KeyTab)
	h.key(fyne.KeyReturn)
	rs := h.rels()
	if len(rs) != 1 || rs[0].Label != annot.RelSameAs || rs[0].From != patel || rs[0].To != dept {
		t.Fatalf("after Tab, Enter: relations %+v, want SAME_AS %s -> %s", rs, patel, dept)
	}
	if h.w.link != nil || h.w.ses.SelectedID() != patel {
		t.Error("after relating, Patel should be selected again and link mode over")
	}

	// Remove it from the keyboard: Ctrl+R lists it to remove.
	h.shortcut(ctrlKey(fyne.KeyR))
	h.typeText("remove")
	h.key(fyne.KeyReturn)
	if rs := h.rels(); len(rs) != 0 {
		t.Fatalf("after removing: relations %+v", rs)
	}
	// Undo brings it back, as it was.
	h.shortcut(&fyne.ShortcutUndo{})
	if rs := h.rels(); len(rs) != 1 || rs[0].Label != annot.RelSameAs || rs[0].From != patel || rs[0].To != dept {
		t.Fatalf("after undo: relations %+v", rs)
	}
}

// TestRelateNumberKeyAndPanelRemove picks a relation label by its number,
// and removes the relation with Delete on its remove button in the panel.
func TestRelateNumberKeyAndPanelRemove(t *testing.T) {
	h := newProject(t)
	dept := h.addSpanAt("Department of State", "ORG")
	patel := h.addSpanAt("Vedant Patel", "PERSON")
	h.shortcut(ctrlKey(fyne.KeyR))
	h.typeText("1")
	if h.w.link == nil || h.w.link.label != annot.RelSameAs {
		t.Fatalf("1 did not choose the first label: %+v", h.w.link)
	}
	h.w.view.OnMarkTapped(dept)
	if rs := h.rels(); len(rs) != 1 || rs[0].From != patel || rs[0].To != dept {
		t.Fatalf("after a click on the ORG: relations %+v", rs)
	}
	var rm *removeButton
	for _, o := range h.w.panel.links.Objects {
		for _, c := range o.(*fyne.Container).Objects {
			if b, ok := c.(*removeButton); ok {
				rm = b
			}
		}
	}
	if rm == nil {
		t.Fatal("the panel shows no relation row with a remove button")
	}
	h.canvas().Focus(rm)
	h.key(fyne.KeyDelete)
	if rs := h.rels(); len(rs) != 0 {
		t.Fatalf("Delete on the row's button left %+v", rs)
	}
	h.shortcut(&fyne.ShortcutUndo{})
	if rs := h.rels(); len(rs) != 1 {
		t.Fatalf("undo: relations %+v", rs)
	}
	// A click on the button removes it as well.
	for _, o := range h.w.panel.links.Objects {
		for _, c := range o.(*fyne.Container).Objects {
			if b, ok := c.(*removeButton); ok {
				test.Tap(b)
			}
		}
	}
	if rs := h.rels(); len(rs) != 0 {
		t.Fatalf("after a click on remove: %+v", rs)
	}
}

// TestRelateWithAProjectLabel relates with a relation label the project
// brought itself (a brat corpus' Located, which has no layer rule: any span
// may start and end it), from a cue, where no built-in label may start.
func TestRelateWithAProjectLabel(t *testing.T) {
	h := newProject(t)
	labels := append(h.w.labels, annot.Label{Layer: annot.LayerRelation, Name: "Located", Color: "#336699"})
	stored, err := h.w.st.SetLabels(bg, "test", labels)
	if err != nil {
		t.Fatal(err)
	}
	h.w.setLabels(stored)
	// An ORG (the photo credit's "Department of State", the sample's first
	// line) and the sample's first "says" as a cue: the ORG is the only
	// other span, so the first Tab offers it.
	dept := h.addSpanAt("Department of State", "ORG")
	// CUE has no key in the default set: the label picker applies it.
	text := h.w.ses.Doc().Ix.Text()
	s := len([]rune(text[:strings.Index(text, "says")]))
	h.w.selectSpan("", false)
	h.selectText(s, s+len("says"))
	h.typeText(";CUE")
	h.key(fyne.KeyReturn)
	cue := h.w.ses.SelectedID()
	if sp := mustSpan(h, cue); sp.Layer != annot.LayerCue {
		t.Fatalf("the picker made %+v, want a cue", sp)
	}
	h.shortcut(ctrlKey(fyne.KeyR))
	if rows := h.w.relate.rows; len(rows) != 1 || rows[0].label != "Located" {
		t.Fatalf("from a cue the list offers %+v, want Located only", rows)
	}
	h.typeText("1")
	if h.w.link == nil || len(h.w.link.cands) == 0 {
		t.Fatalf("Located: no targets offered: %+v", h.w.link)
	}
	h.key(fyne.KeyTab)
	h.key(fyne.KeyReturn)
	rs := h.rels()
	if len(rs) != 1 || rs[0].Label != "Located" || rs[0].From != cue || rs[0].To != dept {
		t.Fatalf("relations %+v, want Located %s -> %s", rs, cue, dept)
	}
}
