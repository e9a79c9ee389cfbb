package app

import (
	"image/color"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Preference keys (Fyne preferences, per user, not in the project file).
const (
	prefAnnotator = "annotator"
	prefTheme     = "theme"     // themeSystem, themeLight or themeDark
	prefTextSize  = "textSize"  // article text size in points; 0: the theme's
	prefSnapWords = "snapWords" // snap mouse selections to words
	prefRecent    = "recentProjects"
	prefLastProj  = "lastProject"
	prefLastDoc   = "lastDocument:" // + project path
	prefWinW      = "windowWidth"
	prefWinH      = "windowHeight"
	maxRecent     = 8
)

const (
	themeSystem = "System"
	themeLight  = "Light"
	themeDark   = "Dark"
)

// variantTheme is the default theme held to one variant (light or dark),
// whatever the desktop prefers.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

func applyTheme(a fyne.App, name string) {
	switch name {
	case themeLight:
		a.Settings().SetTheme(variantTheme{theme.DefaultTheme(), theme.VariantLight})
	case themeDark:
		a.Settings().SetTheme(variantTheme{theme.DefaultTheme(), theme.VariantDark})
	default:
		a.Settings().SetTheme(theme.DefaultTheme())
	}
}

// rememberProject puts path first in the recent projects and makes it the
// last project.
func (fl *files) rememberProject(path string) {
	w := fl.wb
	recent := []string{path}
	for _, p := range w.prefs.StringList(prefRecent) {
		if p != path && len(recent) < maxRecent {
			recent = append(recent, p)
		}
	}
	w.prefs.SetStringList(prefRecent, recent)
	w.prefs.SetString(prefLastProj, path)
	w.files.refreshRecentMenu()
}

// recentProjects lists remembered projects that still exist, newest first.
func (fl *files) recentProjects() []string {
	w := fl.wb
	var out []string
	for _, p := range w.prefs.StringList(prefRecent) {
		if _, err := os.Stat(p); err == nil && filepath.IsAbs(p) {
			out = append(out, p)
		}
	}
	return out
}
