package article

import (
	"image"
	"image/color"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"spanbench/annot"
)

// scriptLines are one paragraph per script, words separated by spaces, and
// the span marked in each (whole words).
var scriptLines = []struct {
	script, text, span string
	rtl                bool
}{
	{"latin", "Vedant Patel said today", "Patel", false},
	{"cyrillic", "Министр Сергей Лавров заявил", "Лавров", false},
	{"greek", "Ο υπουργός Νίκος Δένδιας δήλωσε", "Δένδιας", false},
	{"arabic", "قال وزير الخارجية أيمن الصفدي اليوم", "أيمن الصفدي", true},
	{"hebrew", "אמר שר החוץ יאיר לפיד היום", "יאיר לפיד", true},
	{"devanagari", "विदेश मंत्री एस जयशंकर ने कहा", "जयशंकर", false},
	{"chinese", "外交部 发言人 王毅 表示", "王毅", false},
	{"japanese", "外務大臣 林芳正 が 述べた", "林芳正", false},
	{"korean", "외교부 장관 박진 이 말했다", "박진", false},
	{"emoji", "👩🏽\u200d💻 😀 🇩🇪 ❤️", "👩🏽\u200d💻", false},
}

// ink helpers over captured images (the light theme's background).

func diff(a, b color.Color) int {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) int {
		if x > y {
			return int(x-y) >> 8
		}
		return int(y-x) >> 8
	}
	return d(ar, br) + d(ag, bg) + d(ab, bb)
}

// inkBox returns the bounding box of the pixels of r that differ from bg.
func inkBox(img image.Image, r image.Rectangle, bg color.Color) image.Rectangle {
	var box image.Rectangle
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if diff(img.At(x, y), bg) > 60 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}

// glyphs are words drawn alone, to be looked for in the view's image.
type glyphs struct {
	grey grey
	box  []image.Rectangle // ink of each word
	dy   []int             // ink top below the text object's top
	text []string
}

// drawAlone draws each word alone with the face the view picks for it, at
// v's text size, placed on a line as v places that face (textBox), and
// returns their ink.
func drawAlone(t *testing.T, v *View, words []string, fg color.Color) glyphs {
	t.Helper()
	const row = 80
	var objs []fyne.CanvasObject
	for k, w := range words {
		tx := canvas.NewText(w, fg)
		tx.TextSize = v.met.size
		// The face of the word's first cluster (every word here is of one
		// face; U+FFFD words get the face they stand for).
		f := uint8(0)
		faceRuns(w, func(b0, _ int, face uint8) {
			if b0 == 0 {
				f = face
			}
		})
		if strings.HasPrefix(w, "\ufffd") {
			f = uint8(k % len(loadFaces()))
		}
		tx.FontSource = faceSource(f)
		y, h := v.textBox(f)
		tx.Resize(fyne.NewSize(tx.MinSize().Width, h))
		tx.Move(fyne.NewPos(8, float32(k*row+8)+y))
		objs = append(objs, tx)
	}
	win := test.NewTempWindow(t, container.NewWithoutLayout(objs...))
	win.SetPadded(false)
	win.Resize(fyne.NewSize(400, float32(len(words)*row+16)))
	img := win.Canvas().Capture()
	bg := img.At(1, 1)
	g := glyphs{grey: greyOf(img), text: words}
	for k := range words {
		box := inkBox(img, image.Rect(0, k*row, 400, (k+1)*row), bg)
		g.box = append(g.box, box)
		g.dy = append(g.dy, box.Min.Y-(k*row+8))
	}
	return g
}

// grey is an image as grey levels, smoothed over three columns so that a
// glyph drawn a fraction of a pixel aside still matches.
type grey struct {
	w, h int
	v    []int32
}

func greyOf(img image.Image) grey {
	r := img.Bounds()
	g := grey{w: r.Dx(), h: r.Dy(), v: make([]int32, r.Dx()*r.Dy())}
	raw := make([]int32, r.Dx())
	for y := 0; y < g.h; y++ {
		for x := 0; x < g.w; x++ {
			cr, cg, cb, _ := img.At(r.Min.X+x, r.Min.Y+y).RGBA()
			raw[x] = int32(cr>>8 + cg>>8 + cb>>8)
		}
		for x := 0; x < g.w; x++ {
			g.v[y*g.w+x] = (raw[max(x-1, 0)] + 2*raw[x] + raw[min(x+1, g.w-1)]) / 12
		}
	}
	return g
}

// find looks for word k of g in img, its text object's top at y (±2 px),
// anywhere along the row; it returns the x of the best match and its mean
// difference per pixel (grey levels).
func (g glyphs) find(img grey, k, y int) (int, float64) {
	box := g.box[k]
	if box.Empty() {
		return -1, 1e9
	}
	bestX, best := -1, int64(1)<<62
	w, h := box.Dx(), box.Dy()
	for oy := -2; oy <= 2; oy++ {
		y0 := y + g.dy[k] + oy
		if y0 < 0 || y0+h > img.h {
			continue
		}
		for x0 := 0; x0+w <= img.w; x0++ {
			var s int64
			for yy := 0; yy < h && s < best; yy++ {
				a := img.v[(y0+yy)*img.w+x0:]
				b := g.grey.v[(box.Min.Y+yy)*g.grey.w+box.Min.X:]
				for i := 0; i < w; i++ {
					d := int64(a[i] - b[i])
					if d < 0 {
						d = -d
					}
					s += d
				}
			}
			if s < best {
				best, bestX = s, x0
			}
		}
	}
	return bestX, float64(best) / float64(w*h)
}

// Thresholds for find's mean difference per pixel (grey levels 0-255): a
// word drawn as part of a longer text matches its lone drawing within
// matchMax (its glyphs may sit a fraction of a pixel aside); a glyph that
// is not there scores above missMin. Read off this test's own runs:
// matches scored at most 10, the replacement glyph on a line without one
// at least 29.
const (
	matchMax = 15
	missMin  = 20
)

// TestScriptsDrawn draws a paragraph in each script with the view, then
// checks from the image alone: every word's glyphs are drawn (found where
// the word drawn alone matches), no replacement glyph (U+FFFD, drawn for a
// glyph a face lacks) is anywhere, right-to-left lines run right to left,
// the emoji ZWJ sequence with a skin tone is one glyph, and the underline
// of each marked span and a selection cover the span's words and none of
// the others.
func TestScriptsDrawn(t *testing.T) {
	test.NewTempApp(t)
	test.ApplyTheme(t, fixedTheme{theme.DefaultTheme(), theme.VariantLight})
	const size = 22
	var lines []string
	for _, l := range scriptLines {
		lines = append(lines, l.text)
	}
	// The last line is a control: an unassigned code point (U+0378, which
	// no font maps) must be found as a replacement glyph, or the check
	// finds nothing.
	lines = append(lines, "control \u0378 x")
	text := strings.Join(lines, "\n")

	v := New()
	w := test.NewTempWindow(t, v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(760, 640))
	v.SetTextSize(size)
	v.SetText(text, nil)
	v.layoutVisible()
	if len(v.vis) != len(lines) {
		t.Fatalf("%d lines on screen, want %d", len(v.vis), len(lines))
	}
	plain := w.Canvas().Capture()
	plainGrey := greyOf(plain)

	markCol := color.NRGBA{0xd6, 0x27, 0x28, 0xff}
	var marks []Mark
	for _, l := range scriptLines {
		if l.script == "hebrew" {
			continue // selected instead
		}
		s := cpOf(t, text, l.span)
		marks = append(marks, Mark{ID: l.script, Pieces: []annot.Fragment{{Start: s, End: s + utf8.RuneCountInString(l.span)}}, Color: markCol})
	}
	v.SetMarks(marks)
	hs := cpOf(t, text, "יאיר לפיד")
	v.SetSelection(hs, hs+len([]rune("יאיר לפיד")))
	marked := w.Canvas().Capture()

	fg := theme.DefaultTheme().Color(theme.ColorNameForeground, theme.VariantLight)
	bg := plain.At(1, 1)
	var replacement []string
	for range loadFaces() {
		replacement = append(replacement, "\ufffd")
	}
	repl := drawAlone(t, v, replacement, fg)

	for k, l := range append(scriptLines, struct {
		script, text, span string
		rtl                bool
	}{"control", lines[len(lines)-1], "", false}) {
		ln := v.vis[k]
		y := int(ln.y)
		words := strings.Split(l.text, " ")
		g := drawAlone(t, v, words, fg)
		// Replacement glyphs.
		found := false
		for f := range replacement {
			_, d := repl.find(plainGrey, f, y)
			t.Logf("%s: replacement glyph of face %d: best difference %.1f", l.script, f, d)
			if d < missMin {
				found = true
			}
		}
		if want := l.script == "control"; found != want {
			t.Errorf("%s: replacement glyph found %v, want %v", l.script, found, want)
		}
		if l.script == "control" {
			continue
		}
		// Words, in reading order.
		xs := make([][2]int, len(words))
		for i := range words {
			x, d := g.find(plainGrey, i, y)
			t.Logf("%s: %q at x %d, difference %.1f", l.script, words[i], x, d)
			if d > matchMax {
				t.Errorf("%s: %q not found as drawn alone (difference %.1f)", l.script, words[i], d)
			}
			xs[i] = [2]int{x, x + g.box[i].Dx()}
			if i > 0 && (xs[i][0] < xs[i-1][0]) != l.rtl {
				t.Errorf("%s: %q drawn at x %d, %q at %d: wrong direction", l.script, words[i-1], xs[i-1][0], words[i], xs[i][0])
			}
		}
		// One glyph for the ZWJ sequence: its ink is no wider than one
		// emoji's (a woman and a laptop side by side would be twice that).
		if l.script == "emoji" {
			one := drawAlone(t, v, []string{"😀"}, fg).box[0].Dx()
			if got := xs[0][1] - xs[0][0]; float64(got) > 1.25*float64(one) {
				t.Errorf("emoji: %q is %d px wide, one emoji %d: drawn as several glyphs", words[0], got, one)
			}
		}
		// The underline (mark colour, just under the text) or the selection
		// (top row of the line) covers the span's words and no other.
		var cols []bool
		for x := 0; x < marked.Bounds().Dx(); x++ {
			on := false
			if l.script == "hebrew" {
				on = diff(marked.At(x, y+1), bg) > 20 && diff(plain.At(x, y+1), bg) <= 20
			} else {
				for yy := y + int(v.met.textH) - 2; yy <= y+int(v.met.textH)+1; yy++ {
					on = on || diff(marked.At(x, yy), markCol) < 30
				}
			}
			cols = append(cols, on)
		}
		inSpan := map[string]bool{}
		for _, sw := range strings.Split(l.span, " ") {
			inSpan[sw] = true
		}
		for i, word := range words {
			n := 0
			for x := xs[i][0]; x < xs[i][1]; x++ {
				if cols[x] {
					n++
				}
			}
			width := xs[i][1] - xs[i][0]
			switch {
			case inSpan[word] && n < width:
				t.Errorf("%s: highlight covers %d of the %d ink columns of %q", l.script, n, width, word)
			case !inSpan[word] && n > 1:
				t.Errorf("%s: highlight covers %d ink columns of %q, not in the span", l.script, n, word)
			}
		}
	}
}
