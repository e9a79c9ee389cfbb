package app

import (
	"os"
	"runtime"
)

// NoDisplay reports why the window cannot open here, or "": on X11
// systems (Linux and the BSDs; Fyne's default build there talks X11) the
// window needs DISPLAY, and without it the driver panics at start-up.
func NoDisplay() string {
	switch runtime.GOOS {
	case "darwin", "windows", "android", "ios", "js", "wasip1":
		return ""
	}
	if os.Getenv("DISPLAY") == "" {
		return "no display: set DISPLAY or use a subcommand"
	}
	return ""
}
