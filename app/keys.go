package app

import (
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// The keyboard contract. Keys reach the window by three routes, and all
// three end in the same handlers, so a key does the same thing whether the
// article view, a list or nothing has the focus:
//
//   - shortcuts (Ctrl/Alt combinations) are menu shortcuts, which Fyne runs
//     before the focused widget sees them, and canvas shortcuts; the
//     article view hands over those it does not use (OnShortcut);
//   - typed characters (1–9 and the letter keys of labels, L, +, S, A, X,
//     ; for the label picker) come from the article view's
//     OnTypedRune, from the lists (keyList), or from the canvas when nothing
//     has the focus; text entries keep them, so digits can be typed into the
//     filter box;
//   - plain keys (Tab, Delete, Escape, Enter, F1) likewise through
//     OnTypedKey, keyList and keyEntry.
//
// Shift+Left/Right and Ctrl+Shift+Left/Right extend the selection inside
// the article view, which handles them itself.

// keyBinding is one row of the help overlay and, when shortcuts is set, a
// shortcut bound on the canvas and in the menus.
type keyBinding struct {
	keys      string // as shown: "Ctrl+F"
	what      string
	shortcuts []fyne.Shortcut
	run       func()
}

var (
	ctrl      = fyne.KeyModifierShortcutDefault
	ctrlShift = fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift
	alt       = fyne.KeyModifierAlt
)

// keyboard is the keyboard contract: the key table, the canvas's and the
// article view's key handlers.
type keyboard struct{ wb *Workbench }

func custom(key fyne.KeyName, mod fyne.KeyModifier) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: mod}
}

// keyTable lists every key of the window, in the order the help shows.
func (kb *keyboard) keyTable() []keyBinding {
	w := kb.wb
	t := []keyBinding{
		{"Ctrl+F", "Find in the article; Enter selects the next match, Shift+Enter the previous, Esc closes and keeps the selection",
			[]fyne.Shortcut{custom(fyne.KeyF, ctrl)}, func() { w.find.open() }},
		{"Ctrl+K", "Search the spans of the whole project by label, text or attribute; Enter (or a double-click) opens the document with the span selected",
			[]fyne.Shortcut{custom(fyne.KeyK, ctrl)}, w.files.openConcordance},
		{"Ctrl+Shift+C", "Label counts: each label's spans in this document and in the project",
			[]fyne.Shortcut{custom(fyne.KeyC, ctrlShift)}, w.files.showCounts},
		{"Ctrl+Shift+A", "Show or hide the links (speaker, claimant, any relation) as arcs above the text, in their labels' colours",
			[]fyne.Shortcut{custom(fyne.KeyA, ctrlShift)}, w.arcs.toggle},
		{"Ctrl+Shift+J", "Adjudicate: the coders' versions of the document, their disagreements and agreement; J/K next/previous disagreement, 1–9 take that coder's version, A take all, D drop, G pre-merge, M mark adjudicated",
			[]fyne.Shortcut{custom(fyne.KeyJ, ctrlShift)}, w.toggleAdjudication},
		{"Ctrl+G", "Show or hide the project's annotation guidelines beside the panel; Edit changes them (Save stores them, Esc leaves without saving)",
			[]fyne.Shortcut{custom(fyne.KeyG, ctrl)}, w.files.toggleGuidelines},
		{"Shift+←/→", "Extend the selection by one character", nil, nil},
		{"Ctrl+Shift+←/→", "Extend the selection by one word", nil, nil},
		{"1 – 9, B – Z", "Apply the label with that key (shown on the label bar) to the selection; with a span selected, change its label. Letters are for labels after the ninth (not L, S, X)", nil, nil},
		{"Ctrl+L or ;", "Choose a label by typing part of its name; Enter applies it to the selection as its key would (also the label bar's More menu)",
			[]fyne.Shortcut{custom(fyne.KeyL, ctrl)}, w.bar.pickLabel},
		{"Tab / Shift+Tab", "Select the next / previous span (from the caret when it moved away from the selected span)", nil, nil},
		{"PageDown / PageUp", "Scroll a screen, taking the caret along", nil, nil},
		{"Ctrl+Home", "Go to the start of the article", []fyne.Shortcut{custom(fyne.KeyHome, ctrl)}, func() { w.keys.caretTo(false) }},
		{"Ctrl+End", "Go to the end of the article", []fyne.Shortcut{custom(fyne.KeyEnd, ctrl)}, func() { w.keys.caretTo(true) }},
		{"Delete", "Remove the selected span and its links", nil, nil},
		{"L", "Link the selected quote or claim to who said it: Tab to an entity and press Enter, or click it", nil, nil},
		{"Ctrl+R", "Relate the selected span to another: choose the relation label (type part of it, or its number), then Tab / Shift+Tab to a target the label allows (nearest first) and Enter, or click it. The list also removes the span's relations",
			[]fyne.Shortcut{custom(fyne.KeyR, ctrl)}, w.linker.openRelate},
		{"+", "Add the selected text to the selected span as another fragment (also Ctrl+drag)", nil, nil},
		{"Esc", "Cancel linking or relating, close find, or clear the span selection", nil, nil},
		{"Ctrl+Z", "Undo the last change, in whichever document it was", []fyne.Shortcut{&fyne.ShortcutUndo{}}, w.ed.undo},
		{"Ctrl+Shift+Z", "Redo (also Ctrl+Y)", []fyne.Shortcut{custom(fyne.KeyZ, ctrlShift), &fyne.ShortcutRedo{}}, w.ed.redo},
		{"Alt+↓", "Next document", []fyne.Shortcut{custom(fyne.KeyDown, alt)}, func() { w.ed.docStep(1) }},
		{"Alt+↑", "Previous document", []fyne.Shortcut{custom(fyne.KeyUp, alt)}, func() { w.ed.docStep(-1) }},
		{"Ctrl+Enter", "Mark the document done and open the next one not done",
			[]fyne.Shortcut{custom(fyne.KeyReturn, ctrl), custom(fyne.KeyEnter, ctrl)}, w.ed.doneAndNext},
	}
	if w.ses.Assistant() != nil {
		t = append(t,
			keyBinding{"S", "Select the next suggestion after the caret", nil, nil},
			keyBinding{"A", "Accept the selected suggestion", nil, nil},
			keyBinding{"X", "Reject the selected suggestion", nil, nil},
			keyBinding{"Tab (on a suggestion)", "Next / previous suggestion (also with no spans in the document)", nil, nil})
	}
	return append(t,
		keyBinding{"Ctrl+N", "New project", []fyne.Shortcut{custom(fyne.KeyN, ctrl)}, w.files.onNewProject},
		keyBinding{"Ctrl+O", "Open project", []fyne.Shortcut{custom(fyne.KeyO, ctrl)}, w.files.onOpenProject},
		keyBinding{"Ctrl+I", "Import documents", []fyne.Shortcut{custom(fyne.KeyI, ctrl)}, w.files.onImportFiles},
		keyBinding{"Ctrl+E", "Export", []fyne.Shortcut{custom(fyne.KeyE, ctrl)}, w.files.onExport},
		keyBinding{"Ctrl+,", "Settings", []fyne.Shortcut{custom(fyne.KeyComma, ctrl)}, w.files.onSettings},
		keyBinding{"F1", "Show or hide this list", nil, nil},
		keyBinding{"Ctrl+Q", "Quit (everything is already saved)", []fyne.Shortcut{custom(fyne.KeyQ, ctrl)}, w.onQuit},
	)
}

// bindKeys registers the shortcuts on the canvas and the key handlers for
// when nothing has the focus.
func (kb *keyboard) bindKeys() {
	w := kb.wb
	w.shortcuts = map[string]func(){}
	c := w.win.Canvas()
	for _, b := range w.keys.keyTable() {
		if b.run == nil {
			continue
		}
		run := b.run
		for _, s := range b.shortcuts {
			w.shortcuts[s.ShortcutName()] = run
			c.AddShortcut(s, func(fyne.Shortcut) { run() })
		}
	}
	c.SetOnTypedRune(w.keys.onTypedRune)
	c.SetOnTypedKey(w.keys.onTypedKey)
}

// onShortcut runs a window shortcut; false when s is not one.
func (kb *keyboard) onShortcut(s fyne.Shortcut) {
	w := kb.wb
	w.keys.runShortcut(s)
}

func (kb *keyboard) runShortcut(s fyne.Shortcut) bool {
	w := kb.wb
	if run, ok := w.shortcuts[s.ShortcutName()]; ok {
		run()
		return true
	}
	return false
}

// dialogOpen reports whether a dialog other than the help covers the
// window: keys typed then are the dialog's, not the article's.
func (kb *keyboard) dialogOpen() bool {
	w := kb.wb
	top := w.win.Canvas().Overlays().Top()
	return top != nil && !w.help.covers(top)
}

// onTypedRune handles the character keys of the contract.
func (kb *keyboard) onTypedRune(r rune) {
	w := kb.wb
	if w.help.visible() {
		if r == '?' {
			w.help.hide()
		}
		return
	}
	if w.keys.dialogOpen() || w.adj.typedRune(r) {
		return
	}
	switch {
	case r >= '1' && r <= '9':
		if l, ok := labelByKey(w.labels, string(r)); ok {
			w.ed.applyLabel(l)
		}
	case r == 'l' || r == 'L':
		w.linker.startLink()
	case r == '+':
		s, e := w.view.Selection()
		w.ed.addFragment(s, e)
	case r == 's' || r == 'S':
		w.assist.nextSuggestion(false)
	case r == 'a' || r == 'A':
		w.assist.acceptSuggestion()
	case r == 'x' || r == 'X':
		w.assist.rejectSuggestion()
	case r == ';':
		w.bar.pickLabel()
	case r == '?':
		w.help.show()
	case unicode.IsLetter(r):
		if l, ok := labelByKey(w.labels, string(unicode.ToUpper(r))); ok {
			w.ed.applyLabel(l)
		}
	}
}

// onTypedKey handles the plain keys of the contract.
func (kb *keyboard) onTypedKey(ev *fyne.KeyEvent) {
	w := kb.wb
	if w.help.visible() {
		if ev.Name == fyne.KeyEscape || ev.Name == fyne.KeyF1 {
			w.help.hide()
		}
		return
	}
	if w.keys.dialogOpen() {
		if ev.Name == fyne.KeyEscape {
			w.dialogs.dismiss(w.win.Canvas())
		}
		return
	}
	switch ev.Name {
	case fyne.KeyF1:
		w.help.show()
	case fyne.KeyTab:
		back := w.modifiers()&fyne.KeyModifierShift != 0
		switch {
		case w.link != nil:
			w.linker.linkStep(back)
		case w.assist.selected() != "", w.ses.Doc() != nil && len(w.ses.Doc().Spans()) == 0 && len(w.assist.sugg()) > 0:
			w.assist.nextSuggestion(back)
		default:
			w.ed.nextSpan(back)
		}
	case fyne.KeyDelete, fyne.KeyBackspace:
		w.ed.deleteSelected()
	case fyne.KeyEscape:
		switch {
		case w.link != nil:
			w.linker.cancelLink()
			w.setMessage("Linking cancelled.")
		case w.find.isOpen():
			w.find.close()
		case w.assist.selected() != "":
			w.assist.selectSuggestion("")
		case w.ses.SelectedID() != "":
			w.selectSpan("", false)
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if w.link != nil {
			w.linker.confirmLink()
		}
	}
}

// entryKey is what the window's text entries do with keys: F1 opens the
// help, Escape leaves the entry for the article view.
func (kb *keyboard) entryKey(ev *fyne.KeyEvent) bool {
	w := kb.wb
	switch ev.Name {
	case fyne.KeyF1:
		w.help.show()
		return true
	case fyne.KeyEscape:
		w.focusView()
		return true
	}
	return false
}

// caretTo puts the caret at the start (or end) of the article and the
// keyboard in it.
func (kb *keyboard) caretTo(end bool) {
	w := kb.wb
	if w.ses.Doc() == nil {
		return
	}
	cp := 0
	if end {
		cp = w.ses.Doc().Ix.Len()
	}
	w.view.SetSelection(cp, cp)
	w.focusView()
}

// covers reports whether overlay o is the help's pop-up.
func (h *helpOverlay) covers(o fyne.CanvasObject) bool { return h.popup != nil && o == h.popup }
