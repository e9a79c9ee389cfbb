package app

import (
	"bytes"
	"os"
	"path/filepath"

	"spanbench/assets"
)

// shareFonts makes the fonts shipped in the binary (assets.FallbackFonts:
// Arabic, Hebrew, Devanagari, Chinese, Japanese, Korean) the fallbacks of
// every widget of the window, not only of the article view, which picks its
// faces itself. Fyne draws a character its theme font lacks with a system
// font found by go-text's fontscan, and a fresh machine may have none for
// the script (a Chinese title in the document list drew as boxes). fontscan
// looks in $XDG_DATA_DIRS/fonts among its folders, so the fonts are written
// once into cacheDir/spanbench/share/fonts (the user's cache, nothing
// system-wide) and that folder goes first in XDG_DATA_DIRS for this process.
// It must run before the first text is drawn: fontscan reads its folders
// once. A failure only costs the fallback, so it is returned to be logged.
func shareFonts(cacheDir string) error {
	share := filepath.Join(cacheDir, "spanbench", "share")
	dir := filepath.Join(share, "fonts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range assets.FallbackFonts() {
		p := filepath.Join(dir, f.Name)
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, f.Data) {
			continue
		}
		tmp, err := os.CreateTemp(dir, ".font-*")
		if err != nil {
			return err
		}
		_, err = tmp.Write(f.Data)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), p)
		}
		if err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	dirs := os.Getenv("XDG_DATA_DIRS")
	if dirs == "" {
		dirs = "/usr/local/share:/usr/share" // the XDG default
	}
	return os.Setenv("XDG_DATA_DIRS", share+string(os.PathListSeparator)+dirs)
}
