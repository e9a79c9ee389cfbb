// Package app is Spanbench's window: the document list, the article view,
// the annotation panel, menus and keyboard bindings, over store and annot.
package app

import (
	"fyne.io/fyne/v2"

	"spanbench/app/article"
	"spanbench/store"
)

// Run opens the workbench window on the project file db and blocks until
// the window closes. STUB: the window issue builds the real UI.
func Run(a fyne.App, db string) error {
	s, err := store.Open(db)
	if err != nil {
		return err
	}
	defer s.Close()
	w := a.NewWindow("Spanbench")
	v := article.New()
	w.SetContent(v)
	w.Resize(fyne.NewSize(1200, 800))
	w.ShowAndRun()
	return nil
}
