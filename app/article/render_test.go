package article

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"spanbench/annot"
	"spanbench/assets"
)

// fixedTheme is the default theme in one variant.
type fixedTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (f fixedTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return f.Theme.Color(n, f.variant)
}

const snapText = "“We are cooperating with partners and allies,” Vedant Patel said on Thursday. " +
	"The U.S. is working with its allies to prevent the re-emergence of threats from Afghanistan.\n" +
	"👨‍👩‍👧‍👦 🇩🇪 日本語のテキスト cafe\u0301 — emoji, CJK and combining marks."

func snapMarks(t *testing.T) []Mark {
	at := func(s string) int { return cpOf(t, snapText, s) }
	piece := func(s string) annot.Fragment {
		return annot.Fragment{Start: at(s), End: at(s) + len([]rune(s))}
	}
	return []Mark{
		{ID: "quote", Pieces: []annot.Fragment{piece("“We are cooperating with partners and allies,”")}, Color: color.NRGBA{0x1f, 0x77, 0xb4, 0xff}, Tooltip: "QUOTE"},
		{ID: "cue", Pieces: []annot.Fragment{piece("cooperating")}, Color: color.NRGBA{0x8c, 0x56, 0x4b, 0xff}},
		{ID: "person", Pieces: []annot.Fragment{piece("Vedant Patel")}, Color: color.NRGBA{0xd6, 0x27, 0x28, 0xff}, Tooltip: "PERSON\nVedant Patel"},
		{ID: "claim", Pieces: []annot.Fragment{piece("The U.S. is working"), piece("to prevent the re-emergence of threats")}, Color: color.NRGBA{0x2c, 0xa0, 0x2c, 0xff}},
		{ID: "org", Pieces: []annot.Fragment{piece("its allies to prevent")}, Color: color.NRGBA{0xff, 0x7f, 0x0e, 0xff}},
		{ID: "gpe", Pieces: []annot.Fragment{piece("U.S.")}, Color: color.NRGBA{0x94, 0x67, 0xbd, 0xff}},
		{ID: "sugg", Pieces: []annot.Fragment{piece("Afghanistan")}, Color: color.NRGBA{0x17, 0xbe, 0xcf, 0xff}, Suggested: true},
		{ID: "date", Pieces: []annot.Fragment{piece("Thursday")}, Color: color.NRGBA{0xbc, 0xbd, 0x22, 0xff}, Suggested: true},
	}
}

// TestRenderMarks renders nested (cue in quote; GPE in a claim piece),
// overlapping (ORG across the claim's second piece), discontinuous and
// selected (the claim), suggested (dashed) marks, a selection over CJK and
// a hover tooltip, in the light and dark themes.
func TestRenderMarks(t *testing.T) {
	for _, tc := range []struct {
		file    string
		variant fyne.ThemeVariant
	}{
		{"marks_light.png", theme.VariantLight},
		{"marks_dark.png", theme.VariantDark},
	} {
		t.Run(tc.file, func(t *testing.T) {
			test.NewTempApp(t)
			test.ApplyTheme(t, fixedTheme{theme.DefaultTheme(), tc.variant})
			v := New()
			w := test.NewTempWindow(t, v)
			w.SetPadded(false)
			w.Resize(fyne.NewSize(560, 330))
			v.SetText(snapText, nil)
			v.SetMarks(snapMarks(t))
			v.SetSelectedMark("claim")
			ni := cpOf(t, snapText, "日本語")
			v.SetSelection(ni, ni+3)
			test.MoveMouse(w.Canvas(), pos(t, v, cpOf(t, snapText, "Patel"), 0))
			test.AssertImageMatches(t, tc.file, w.Canvas().Capture())
		})
	}
}

// TestWordWidthsAddUp checks what drawing one text object per line relies
// on: the x the layout computes word by word (cached widths) matches where
// the font puts the text when the whole line is shaped at once.
func TestWordWidthsAddUp(t *testing.T) {
	v, _, _ := newTestView(t, assets.SampleText(), 900, 4000)
	v.layoutVisible()
	for _, ln := range v.vis {
		_, ink := lineWidth(ln.lc.runs)
		s := strings.TrimRight(ln.lc.text, " ")
		whole := fyne.MeasureText(s, v.met.size, fyne.TextStyle{}).Width
		if d := whole - ink; d > 0.5 || d < -0.5 {
			t.Errorf("%q: words add up to %v, the line measures %v", s, ink, whole)
		}
	}
	if len(v.vis) < 40 {
		t.Errorf("only %d lines checked", len(v.vis))
	}
}

// TestLayoutAtSameSizeDoesNotRedraw: Fyne lays a widget out again at its
// own size whenever the MinSize of one of its objects changed, which every
// text object whose text changed does. Redrawing then marked the window for
// a second frame after each frame (seen in the real window: every PageDown
// painted twice); only a change of size redraws.
func TestLayoutAtSameSizeDoesNotRedraw(t *testing.T) {
	v, _, _ := newTestView(t, long(20), 600, 400)
	r := test.WidgetRenderer(v).(*viewRenderer)
	v.page(true, false) // new text in every text object
	n := r.paints
	r.Layout(v.Size())
	if r.paints != n {
		t.Errorf("Layout at the same size drew the view again (%d display lists, was %d)", r.paints, n)
	}
	r.Layout(v.Size().AddWidthHeight(0, 40))
	if r.paints != n+1 {
		t.Errorf("Layout at a new size: %d display lists, want %d", r.paints, n+1)
	}
}
