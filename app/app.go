// Package app is Spanbench's window: the document list, the article view,
// the annotation panel, the label and status bars, menus and the keyboard
// contract, over store and annot. It does not import fyne.io/fyne/v2/app,
// so every view is tested headless with fyne.io/fyne/v2/test.
//
// One struct per view (docList, panel, labelBar, statusBar, findBar,
// helpOverlay, settings, transfer, openError), each with its widgets, a
// buildUI and named onXxx handlers; the Workbench owns the project and the
// open document and is the only place that writes to the store. Every edit
// is one store action, committed before the key handler returns: there is
// no Save button and nothing to lose on quit.
package app

import (
	"context"
	"log"
	"os"
	"sync"

	"fyne.io/fyne/v2"

	"spanbench/assets"
)

// Run opens the workbench window on the project file db and blocks until
// the window closes. A project file that does not exist yet is created with
// the sample article; one that cannot be opened is reported in the window,
// which then offers to open another project. opts plug in the features
// that live outside this package (WithAssistant: suggestions and lints).
func Run(a fyne.App, db string, opts ...Option) error {
	if cache, err := os.UserCacheDir(); err == nil {
		if err := shareFonts(cache); err != nil {
			log.Printf("fonts for scripts the theme lacks: %v", err)
		}
	}
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG()))
	w := a.NewWindow("Spanbench")
	w.SetMaster()
	wb := New(a, w, opts...)
	wb.OpenProject(db)
	w.ShowAndRun()
	return nil
}

// Option configures a Workbench.
type Option func(*Workbench)

// WithAssistant plugs machine help (suggestions and lints) into the window;
// see Assistant.
func WithAssistant(as Assistant) Option {
	return func(w *Workbench) { w.assistant = as }
}

// jobs runs work off the UI goroutine. Each job returns the function that
// shows its result, which runs on the UI goroutine (fyne.DoAndWait).
type jobs struct {
	wg sync.WaitGroup
	// ui runs f on the UI goroutine; nil means fyne.DoAndWait. Tests queue
	// f instead and run it on the test goroutine, which stands for the UI
	// goroutine there.
	ui func(f func())
}

// Go runs work in the background, then its result's show on the UI goroutine.
func (j *jobs) Go(work func() (show func())) {
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		if show := work(); show != nil {
			j.Do(show)
		}
	}()
}

// Do runs f on the UI goroutine; for progress reports from within work.
func (j *jobs) Do(f func()) {
	if j.ui != nil {
		j.ui(f)
		return
	}
	fyne.DoAndWait(f)
}

// Post is Do without waiting, for progress reports from inside a write
// transaction: those must never wait for the UI goroutine, which may itself
// be waiting for the project file.
func (j *jobs) Post(f func()) {
	if j.ui != nil {
		j.ui(f)
		return
	}
	fyne.Do(f)
}

// Wait returns once every job has finished its work.
func (j *jobs) Wait() { j.wg.Wait() }

var bg = context.Background()
