// Command spanbench is an annotation workbench for quotes, claims and
// entities in news text. With no command it opens the window; see
// "spanbench help" for the commands.
package main

import (
	"os"

	fyneapp "fyne.io/fyne/v2/app"

	"spanbench/app"
	"spanbench/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr, func(db string) error {
		return app.Run(fyneapp.NewWithID("org.spanbench.workbench"), db)
	}))
}
