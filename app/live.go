package app

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"spanbench/annot"
	"spanbench/edit"
	"spanbench/store"
)

// liveEvery is how often the window asks whether another process (a CLI
// import, a second window) committed to its project. PRAGMA data_version
// reads no page: 8–9 µs a poll (BenchmarkWatch, BENCHMARKS.md).
const liveEvery = 500 * time.Millisecond

// live keeps the window true to the project file while other processes
// write to it: a poller reads the store's data version off the UI
// goroutine and, when it moves, asks the store what others committed
// since the last action the window has seen; the list, the counts and the
// open document are then read again and shown, keeping the selection.
type live struct {
	wb *Workbench
	// ticks returns the poller's clock and its stop; tests replace it with
	// a channel they send on.
	ticks func() (<-chan time.Time, func())
	stop  func() // stops the poller; nil while none runs
	seen  int64  // the newest action the window has taken into account
	gen   int    // counts checks; a stale one is dropped
	wrote int    // counts the window's own writes to the open document
}

// ownWrite counts a write of the window's own to the open document, so a
// check that read before it does not show what it read.
func (lv *live) ownWrite() { lv.wrote++ }

func realTicks() (<-chan time.Time, func()) {
	t := time.NewTicker(liveEvery)
	return t.C, t.Stop
}

// startLive starts the poller on the open project; version is the data
// version read before the project's first contents, seen the newest action
// then.
func (lv *live) startLive(version, seen int64) {
	w := lv.wb
	w.live.stopLive()
	st := w.st
	w.live.seen = seen
	ticks := w.live.ticks
	if ticks == nil {
		ticks = realTicks
	}
	tick, stopTick := ticks()
	quit, done := make(chan struct{}), make(chan struct{})
	w.live.stop = func() {
		close(quit)
		<-done
		stopTick()
	}
	go func() {
		defer close(done)
		last := version
		for {
			select {
			case <-quit:
				return
			case <-tick:
			}
			v, err := st.DataVersion(bg)
			if err != nil || v == last {
				continue
			}
			last = v
			w.jobs.Post(func() { w.live.onProjectChanged(st) })
		}
	}()
}

func (lv *live) stopLive() {
	w := lv.wb
	if w.live.stop != nil {
		w.live.stop()
		w.live.stop = nil
	}
}

// liveRead is what a check reads off the UI goroutine.
type liveRead struct {
	out      store.Outside
	progress store.Progress
	docs     []annot.DocInfo
	labels   []annot.Label // nil: not read (no label change elsewhere)
	open     *annot.Bundle // the open document again, when others touched it
	openErr  error
}

// onProjectChanged runs on the UI goroutine when the project's data
// version moved: the window's own writes move it too, and then the store
// reports nothing from outside and nothing is read.
func (lv *live) onProjectChanged(st *store.Store) {
	w := lv.wb
	if st != w.st {
		return
	}
	w.live.gen++
	gen, seen, wrote := w.live.gen, w.live.seen, w.live.wrote
	f, listGen := w.list.storeFilter(), w.list.generation()
	doc := w.ses.Doc()
	openID := ""
	if doc != nil {
		openID = doc.Info.ID
	}
	w.jobs.Go(func() func() {
		var r liveRead
		var err error
		if r.out, err = st.Outside(bg, seen); err != nil || len(r.out.Actions) == 0 {
			return func() {
				if err == nil && gen == w.live.gen && st == w.st {
					w.live.seen = max(w.live.seen, r.out.Last)
				}
			}
		}
		labels := false
		for _, a := range r.out.Actions {
			labels = labels || a.DocID == "" || a.Op == "import" // an import may add labels, onto one document too
			if a.DocID == openID && openID != "" && r.open == nil && r.openErr == nil {
				b, err := st.Bundle(bg, openID)
				r.open, r.openErr = &b, err
			}
		}
		if labels {
			if r.labels, err = st.Labels(bg); err != nil {
				r.labels = nil
			}
		}
		// The list before the counts: a document committed in between
		// shows in the count first, never in the list first.
		if r.docs, err = st.ListDocuments(bg, f); err == nil {
			r.progress, err = st.Progress(bg)
		}
		return func() {
			if gen != w.live.gen || st != w.st {
				return
			}
			if err != nil {
				w.showError(err)
				return
			}
			w.live.showLive(r, listGen, doc, wrote)
		}
	})
}

// showLive shows what a check read.
func (lv *live) showLive(r liveRead, listGen int, doc *edit.Doc, wrote int) {
	w := lv.wb
	w.live.seen = max(w.live.seen, r.out.Last)
	w.progress = r.progress
	if r.labels != nil && !reflect.DeepEqual(r.labels, w.labels) {
		w.takeLabels(r.labels)
	}
	w.list.takeLive(r.docs, listGen)
	openChanged := r.open != nil || r.openErr != nil
	if openChanged && w.ses.Doc() != nil && w.ses.Doc().Info.ID == doc.Info.ID {
		switch {
		case r.openErr != nil:
			w.showError(r.openErr)
		case w.ses.Doc() != doc || w.live.wrote != wrote:
			// The window wrote meanwhile: what was read may be older.
			w.reloadDoc(doc.Info.ID)
		default:
			w.panel.commitNote()
			w.show(edit.NewDoc(*r.open, doc.Ix), w.ses.SelectedID())
		}
	}
	w.status.refresh()
	w.setMessage(liveMessage(r.out, openChanged))
}

// liveMessage says what other processes did, for the status bar.
func liveMessage(out store.Outside, openChanged bool) string {
	var parts []string
	if out.Imported > 0 {
		parts = append(parts, "another process imported "+plural(out.Imported, "document", "documents"))
	}
	if openChanged {
		parts = append(parts, "the open document changed elsewhere")
	}
	if len(parts) == 0 {
		n := 0
		for _, a := range out.Actions {
			if a.Op != "import" {
				n++
			}
		}
		parts = append(parts, fmt.Sprintf("another process made %s to the project", plural(n, "change", "changes")))
	}
	return capitalize(strings.Join(parts, "; ")) + "."
}
