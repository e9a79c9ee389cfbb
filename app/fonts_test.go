package app

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// scriptSamples are texts the theme's Noto Sans cannot draw: each needs a
// shipped fallback font.
var scriptSamples = map[string]string{
	"Chinese":    "外交部发言人",
	"Japanese":   "日本語のテキスト",
	"Korean":     "한국어 기사",
	"Arabic":     "أيمن الصفدي",
	"Hebrew":     "עיתון יומי",
	"Devanagari": "हिन्दी समाचार",
}

// TestWidgetsDrawEveryScript renders a plain Label (what the document list,
// the panel and the dialogs use) in each script in a child process whose
// fontscan has only the machine's fonts plus the shipped ones, and checks
// that no script is drawn as missing-glyph boxes: its picture must differ
// from the picture of the same text with each letter replaced by one no font
// has (U+10FFFD, private use), which are all drawn as the same box. On a machine with only
// Debian's default fonts (DejaVu), every sample but none of Latin drew as
// boxes before shareFonts.
func TestWidgetsDrawEveryScript(t *testing.T) {
	if os.Getenv("SPANBENCH_FONTS_CHILD") != "" {
		t.Skip("in the child")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFontsChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "SPANBENCH_FONTS_CHILD="+t.TempDir(), "HOME="+t.TempDir(), "XDG_DATA_HOME="+t.TempDir(), "XDG_DATA_DIRS=")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestFontsChild") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// TestFontsChild is the child of TestWidgetsDrawEveryScript.
func TestFontsChild(t *testing.T) {
	cache := os.Getenv("SPANBENCH_FONTS_CHILD")
	if cache == "" {
		t.Skip("started by TestWidgetsDrawEveryScript")
	}
	if err := shareFonts(cache); err != nil {
		t.Fatal(err)
	}
	// Twice: the second run finds the fonts written and keeps them.
	if err := shareFonts(cache); err != nil {
		t.Fatal(err)
	}
	test.NewTempApp(t)
	draw := func(s string) []byte {
		l := widget.NewLabel(s)
		w := test.NewTempWindow(t, l)
		w.Resize(fyne.NewSize(400, 60))
		var buf bytes.Buffer
		if err := png.Encode(&buf, w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for script, s := range scriptSamples {
		// The same text with each letter replaced by one no font has.
		missing := draw(strings.Map(func(r rune) rune {
			if r == ' ' {
				return r
			}
			return '\U0010FFFD'
		}, s))
		if bytes.Equal(draw(s), missing) {
			t.Errorf("%s (%q) is drawn as missing-glyph boxes", script, s)
		}
	}
}
