package article

import (
	"testing"
	"unicode"

	"github.com/rivo/uniseg"
)

// TestFacesCoverScripts checks, from the fonts the view draws with (not
// the machine's), that every cluster of news text in each script has a
// glyph in the face chosen for it, so nothing is drawn as a replacement
// box on a machine without fonts of its own.
func TestFacesCoverScripts(t *testing.T) {
	for script, text := range map[string]string{
		"latin":      "Vedant Patel said: “cafe\u0301 naïve Øresund Łódź”",
		"cyrillic":   "Министр иностранных дел заявил",
		"greek":      "Ο υπουργός δήλωσε",
		"arabic":     "قال وزير الخارجية أيمن الصفدي",
		"hebrew":     "אמר שר החוץ",
		"devanagari": "विदेश मंत्री ने कहा",
		"chinese":    "外交部发言人王毅说",
		"japanese":   "日本語のテキストとカタカナ",
		"korean":     "외교부 장관이 말했다",
		"emoji":      "👩🏽‍💻 👨‍👩‍👧‍👦 🇩🇪 ❤️",
	} {
		fs := loadFaces()
		g := uniseg.NewGraphemes(text)
		for g.Next() {
			cl := g.Str()
			r := g.Runes()[0]
			if unicode.IsSpace(r) {
				continue
			}
			f := faceOf(cl)
			if f == faceEmoji {
				continue // drawn by the emoji font's own sequences
			}
			for _, r := range g.Runes() {
				if !fs[f].hasGlyph(r) {
					t.Errorf("%s: %q (U+%04X) has no glyph in face %d (%s)", script, cl, r, f, fs[f].src.Name())
				}
			}
		}
	}
}

// TestEmojiSequencesOneFace checks that a ZWJ sequence or a skin tone is
// one run of the emoji face, never split between faces (which draws it as
// two glyphs).
func TestEmojiSequencesOneFace(t *testing.T) {
	for _, s := range []string{"👩🏽‍💻", "👨‍👩‍👧‍👦", "🇩🇪", "❤️"} {
		n := 0
		faceRuns(s, func(b0, b1 int, f uint8) {
			n++
			if f != faceEmoji || b0 != 0 || b1 != len(s) {
				t.Errorf("%q: run %d-%d face %d, want one emoji run", s, b0, b1, f)
			}
		})
		if n != 1 {
			t.Errorf("%q: %d runs", s, n)
		}
	}
}
