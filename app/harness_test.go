package app

import (
	"iter"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
	"spanbench/store"
)

// harness drives a Workbench in a headless test window the way the desktop
// driver does: keys go to the focused widget or, with none, to the canvas;
// shortcuts to the main menu first, then the focused widget, then the
// canvas.
type harness struct {
	t      *testing.T
	w      *Workbench
	mu     sync.Mutex
	queue  []func() // results of background jobs, for the UI goroutine
	win    fyne.Window
	path   string
	mods   fyne.KeyModifier
	quit   int
	closed bool
	tick   chan time.Time // the clock of the poller for other processes' commits
}

func newHarness(t *testing.T, path string, opts ...Option) *harness {
	t.Helper()
	noteDelay = 0
	a := test.NewTempApp(t)
	win := test.NewWindow(widget.NewLabel(""))
	w := New(a, win, opts...)
	h := &harness{t: t, w: w, win: win, path: path, tick: make(chan time.Time)}
	w.jobs.ui = h.post
	w.live.ticks = func() (<-chan time.Time, func()) { return h.tick, func() {} }
	w.modifiers = func() fyne.KeyModifier { return h.mods }
	w.quit = func() { h.quit++ }
	win.SetOnClosed(func() { h.closed = true })
	t.Cleanup(func() {
		h.wait()
		w.closeProject()
		if !h.closed {
			win.Close()
		}
	})
	w.OpenProject(path)
	h.wait()
	return h
}

// newProject opens a fresh project (with the sample article) in a temp dir.
func newProject(t *testing.T, opts ...Option) *harness {
	return newHarness(t, filepath.Join(t.TempDir(), "p.db"), opts...)
}

func (h *harness) post(f func()) {
	h.mu.Lock()
	h.queue = append(h.queue, f)
	h.mu.Unlock()
}

// wait lets background jobs finish and runs what they hand to the UI
// goroutine, on the test goroutine, until nothing is left.
func (h *harness) wait() {
	for {
		h.w.jobs.Wait()
		h.mu.Lock()
		q := h.queue
		h.queue = nil
		h.mu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, f := range q {
			f()
		}
	}
}

// poll advances the poller's clock by one tick and shows what it found.
// The second tick is taken only once the poller is done with the first.
func (h *harness) poll() {
	h.tick <- time.Time{}
	h.tick <- time.Time{}
	h.wait()
}

func (h *harness) canvas() fyne.Canvas { return h.win.Canvas() }

// typeText types characters as the keyboard would. Background work a key
// starts is waited for before the next key, as the UI goroutine would
// serialise its results.
func (h *harness) typeText(s string) {
	for _, r := range s {
		if f := h.canvas().Focused(); f != nil {
			f.TypedRune(r)
		} else {
			h.canvas().OnTypedRune()(r)
		}
		h.wait()
	}
}

// key presses a plain key, with the modifiers in mods held.
func (h *harness) key(name fyne.KeyName, mods ...fyne.KeyModifier) {
	h.mods = 0
	for _, m := range mods {
		h.mods |= m
	}
	ev := &fyne.KeyEvent{Name: name}
	if f := h.canvas().Focused(); f != nil {
		f.TypedKey(ev)
	} else {
		h.canvas().OnTypedKey()(ev)
	}
	h.mods = 0
	h.wait()
}

// shortcut presses a shortcut as the GLFW driver routes it.
func (h *harness) shortcut(s fyne.Shortcut) {
	if m := h.win.MainMenu(); m != nil {
		for _, menu := range m.Items {
			if runMenuShortcut(menu, s) {
				h.wait()
				return
			}
		}
	}
	if f, ok := h.canvas().Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
	} else {
		h.canvas().(fyne.Shortcutable).TypedShortcut(s)
	}
	h.wait()
}

func runMenuShortcut(m *fyne.Menu, s fyne.Shortcut) bool {
	for _, i := range m.Items {
		if i.Shortcut != nil && i.Shortcut.ShortcutName() == s.ShortcutName() && i.Action != nil {
			i.Action()
			return true
		}
		if i.ChildMenu != nil && runMenuShortcut(i.ChildMenu, s) {
			return true
		}
	}
	return false
}

func ctrlKey(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func ctrlShiftKey(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
}

func altKey(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierAlt}
}

// find selects the next match of q with Ctrl+F, typing, Enter and Escape.
func (h *harness) find(q string) {
	h.t.Helper()
	h.shortcut(ctrlKey(fyne.KeyF))
	if h.canvas().Focused() != h.w.find.entry {
		h.t.Fatalf("Ctrl+F did not put the keyboard in the find bar")
	}
	h.typeText(q)
	h.key(fyne.KeyReturn)
	h.key(fyne.KeyEscape)
}

// spans returns the open document's spans as stored.
func (h *harness) spans() []annot.Span {
	h.t.Helper()
	sp, err := h.w.st.Spans(bg, h.w.ses.Doc().Info.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return sp
}

func (h *harness) rels() []annot.Relation {
	h.t.Helper()
	rs, err := h.w.st.Relations(bg, h.w.ses.Doc().Info.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return rs
}

// addDocs imports texts into the open project and reloads the list.
func (h *harness) addDocs(texts ...string) []string {
	h.t.Helper()
	rep, err := h.w.st.Import(bg, "test", bundlesOf(texts...), store.ImportOptions{})
	if err != nil {
		h.t.Fatal(err)
	}
	h.w.progress, _ = h.w.st.Progress(bg)
	h.w.list.reload()
	h.wait()
	return rep.DocIDs
}

func bundlesOf(texts ...string) iter.Seq2[annot.Bundle, error] {
	return func(yield func(annot.Bundle, error) bool) {
		for _, t := range texts {
			if !yield(annot.Bundle{Doc: annot.Document{Text: t}}, nil) {
				return
			}
		}
	}
}

// selectText selects [s, e) in the article as a drag would.
func (h *harness) selectText(s, e int) { h.w.view.SetSelection(s, e) }
