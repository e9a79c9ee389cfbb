package annot

// The application's identity, stated once here: main.go gives it to Fyne,
// "spanbench version" prints Version and every dataset card names it.
// FyneApp.toml (read by the fyne packaging tool) must say the same, which a
// test in the root package checks.
const (
	AppName  = "Spanbench"
	AppID    = "org.spanbench.workbench"
	Version  = "0.1.0"
	AppBuild = 1
)
