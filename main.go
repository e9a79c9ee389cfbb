// Command spanbench is an annotation workbench for quotes, claims and
// entities in news text. With no command it opens the window; see
// "spanbench help" for the commands.
package main

import (
	"fmt"
	"os"

	_ "spanbench/app/locale" // before Fyne: see its doc

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"spanbench/annot"
	"spanbench/app"
	"spanbench/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr, func(db string) error {
		if why := app.NoDisplay(); why != "" {
			fmt.Fprintln(os.Stderr, "spanbench: "+why)
			os.Exit(2) // a usage error, as the command line's
		}
		// FyneApp.toml's metadata, built in: a plain "go build" binary only
		// reads the file when it sits next to it.
		fyneapp.SetMetadata(fyne.AppMetadata{ID: annot.AppID, Name: annot.AppName, Version: annot.Version,
			Build: annot.AppBuild, Migrations: map[string]bool{"fyneDo": true}})
		return app.Run(fyneapp.NewWithID(annot.AppID), db, app.WithAssistant(app.Suggester{}))
	}))
}
