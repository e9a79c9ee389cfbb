package article

import (
	"fmt"
	"image/color"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/rivo/uniseg"

	"spanbench/annot"
)

// Hebrew letters are strong right-to-left characters (bidi class R) and
// Arabic letters class AL; the expected levels below are worked out by
// hand from the rules of UAX #9 that each case names.

func TestParaRTL(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"", false},
		{"Vedant Patel said", false},
		{"قال وزير الخارجية", true},
		{"אמר שר החוץ", true},
		{"«2023» قال", true},                // P2: digits and punctuation are not strong
		{"2023: Patel قال", false},          // the first strong character is L
		{"\u2067Patel\u2069 قال", true},     // P2 skips an isolate's content
		{"日本語", false},                      // Han is L
		{"\u200fOK", true},                  // RLM is a strong R
		{"123 456", false},                  // no strong character: P3 default
		{"— أيمن الصفدي: Patel said", true}, // dash and space are neutral
	} {
		if got := paraRTL(tc.text); got != tc.want {
			t.Errorf("paraRTL(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func levelString(lv []uint8) string {
	var b strings.Builder
	for _, l := range lv {
		fmt.Fprint(&b, l)
	}
	return b.String()
}

func TestBidiLevels(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		rtl  bool
		want string
	}{
		{"latin", "ab cd", false, "00000"},
		// N1: the space between two R letters is R.
		{"hebrew in ltr", "ab אב גד cd", false, "00011111000"},
		// W7 does not apply after R: 12 stays EN, I1 gives it 2; the
		// space between R and EN is R (N1 counts EN as R).
		{"number after hebrew", "אב 12", false, "11122"},
		// W2: EN after AL becomes AN, I1 gives 2.
		// The spaces around it are R (N1 counts AN as R).
		{"number after arabic", "عام 2023 م", false, "1111222211"},
		// W7: EN after L becomes L.
		{"number after latin", "in 2023", false, "0000000"},
		// W4: one CS between ENs joins them; W5: ET after EN joins it.
		{"separator and terminator", "א 1,5%", false, "112222"},
		// The Arabic-Indic digits are AN (I1: 2) even after Latin.
		{"arabic-indic digits", "ab ١٢", false, "00022"},
		// L1: trailing whitespace goes to the paragraph level.
		{"trailing space", "אב  ", false, "1100"},
		// In an RTL paragraph L, EN and AN go to 2 (I2), R stays 1;
		// the space between R and L takes the embedding direction (N2);
		// 12 after cd is L (W7), and so is the space between them (N1).
		{"latin in rtl", "אב cd 12", true, "11122222"},
		{"rtl only", "قال وزير", true, "11111111"},
		// N0: brackets enclosing R in an RTL paragraph are R.
		{"brackets", "א(ב)", true, "1111"},
		// A paragraph separator inside a line does not end the levels.
		{"separator", "א\u2029ב", true, "111"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := levelString(bidiLevels([]rune(tc.text), tc.rtl)); got != tc.want {
				t.Errorf("levels(%q, rtl %v) = %s, want %s", tc.text, tc.rtl, got, tc.want)
			}
		})
	}
}

// TestReorder checks rule L2, upper case standing for right-to-left
// letters: the first case is the first example of UAX #9 section 3.4
// ("Reordering Resolved Levels"); the others are worked by hand.
func TestReorder(t *testing.T) {
	for _, tc := range []struct {
		text, levels, want string
	}{
		{"car means CAR.", "00000000001110", "car means RAC."},
		// Levels 2 are reversed first, then everything from level 1 up.
		{"<car MEANS CAR.=", "0222111111111110", "<.RAC SNAEM car="},
		{"AB 12 CD", "11122111", "DC 12 BA"},
		{"", "", ""},
	} {
		var lv []uint8
		for _, c := range tc.levels {
			lv = append(lv, uint8(c-'0'))
		}
		rs := []rune(tc.text)
		if len(rs) != len(lv) {
			t.Fatalf("%q: %d levels for %d characters", tc.text, len(lv), len(rs))
		}
		var got []rune
		for _, k := range reorder(lv) {
			got = append(got, rs[k])
		}
		if string(got) != tc.want {
			t.Errorf("reorder(%q) = %q, want %q", tc.text, string(got), tc.want)
		}
	}
}

// clusterNext returns the grapheme cluster boundary function of text, in
// code points, as annot.Index gives it to the view.
func clusterNext(text string) func(int32) int32 {
	var bounds []int32
	c := int32(0)
	g := uniseg.NewGraphemes(text)
	for g.Next() {
		c += int32(len(g.Runes()))
		bounds = append(bounds, c)
	}
	return func(cp int32) int32 {
		for _, b := range bounds {
			if b > cp {
				return b
			}
		}
		return c
	}
}

// drawnOrder returns the pieces of lv left to right as "text@x".
func drawnOrder(lv *lineVis) string {
	var out []string
	for _, k := range lv.order {
		p := lv.pieces[k]
		if p.w > 0 {
			out = append(out, fmt.Sprintf("%s@%g", p.text, p.x))
		}
	}
	return strings.Join(out, " ")
}

// TestVisualLayout lays lines out with the fake monospace font (10 per code
// point) in a column 100 wide, and checks where each piece is drawn, where
// the caret goes, what a range covers and what a click finds.
func TestVisualLayout(t *testing.T) {
	type hitCase struct {
		x           float32
		near, under int32
	}
	for _, tc := range []struct {
		name   string
		text   string
		rtl    bool
		drawn  string
		carets []float32 // caretX of every offset 0..n
		spans  [][3]float32
		hits   []hitCase
	}{{
		// Right-to-left paragraph: the line ends at the right edge and
		// runs leftward; each word's letters run right to left.
		name: "rtl", text: "אב גד", rtl: true,
		drawn:  "גד@50  @70 אב@80",
		carets: []float32{100, 90, 80, 70, 60, 50},
		spans:  [][3]float32{{0, 2, 80}, {1, 4, 60}},
		hits: []hitCase{
			{97, 0, 0}, {93, 1, 0}, {75, 3, 2}, {45, 5, -1}, {100, 0, -1},
		},
	}, {
		// A Hebrew word in an English line: only it runs right to left.
		// Offsets 3 and 5 both sit at x 50 (the word's right edge and
		// the space after it); a range from the space before the word
		// to its first letter covers two separate places.
		name: "hebrew in ltr", text: "ab אב cd", rtl: false,
		drawn:  "ab@0  @20 אב@30  @50 cd@60",
		carets: []float32{0, 10, 20, 50, 40, 50, 60, 70, 80},
		spans:  [][3]float32{{3, 5, 30}, {2, 4, 20}},
		hits: []hitCase{
			{-1, 0, -1}, {32, 5, 4}, {47, 3, 3}, {43, 4, 3}, {85, 8, -1},
		},
	}, {
		// Digits after Hebrew belong inside it (level 2): drawn to its
		// left, still left to right.
		name: "number after hebrew", text: "אב 12", rtl: false,
		drawn:  "12@0  @20 אב@30",
		carets: []float32{50, 40, 30, 0, 10, 20},
		spans:  [][3]float32{{3, 5, 0}},
		hits:   []hitCase{{2, 3, 3}, {18, 5, 4}, {48, 0, 0}, {60, 0, -1}},
	}, {
		// Latin in a right-to-left paragraph; the final full stop is
		// right to left, at the far left.
		name: "latin in rtl", text: "אב cd.", rtl: true,
		drawn:  ".@40 cd@50  @70 אב@80",
		carets: []float32{100, 90, 80, 50, 60, 50, 40},
		spans:  [][3]float32{{3, 6, 40}},
		hits:   []hitCase{{52, 3, 3}, {68, 5, 4}, {42, 6, 5}, {30, 6, -1}},
	}, {
		// Brackets in right-to-left text are mirrored (L4).
		name: "mirrored", text: "א(ב)", rtl: true,
		drawn:  "(@60 ב@70 )@80 א@90",
		carets: []float32{100, 90, 80, 70, 60},
	}, {
		// An empty right-to-left line: the caret at the right edge.
		name: "empty rtl", text: "", rtl: true,
		carets: []float32{100},
		hits:   []hitCase{{50, 0, -1}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			runs := monoShaper.layoutLine(tc.text, nil)
			lv := monoShaper.visual(tc.text, runs, tc.rtl, 100)
			if got := drawnOrder(&lv); got != tc.drawn {
				t.Errorf("drawn %q, want %q", got, tc.drawn)
			}
			var carets []float32
			for cp := range int32(utf8.RuneCountInString(tc.text)) + 1 {
				carets = append(carets, monoShaper.caretX(&lv, cp))
			}
			if !slices.Equal(carets, tc.carets) {
				t.Errorf("carets %v, want %v", carets, tc.carets)
			}
			for _, s := range tc.spans {
				got := monoShaper.spanXs(&lv, int32(s[0]), int32(s[1]), nil)
				if s == [3]float32{2, 4, 20} {
					if want := [][2]float32{{20, 30}, {40, 50}}; !slices.Equal(got, want) {
						t.Errorf("span %v-%v = %v, want %v", s[0], s[1], got, want)
					}
					continue
				}
				w := 10 * (s[1] - s[0])
				if want := [][2]float32{{s[2], s[2] + w}}; !slices.Equal(got, want) {
					t.Errorf("span %v-%v = %v, want %v", s[0], s[1], got, want)
				}
			}
			next := clusterNext(tc.text)
			for _, h := range tc.hits {
				near, under := monoShaper.hit(&lv, h.x, next)
				if near != h.near || under != h.under {
					t.Errorf("hit(%v) = %d, %d; want %d, %d", h.x, near, under, h.near, h.under)
				}
			}
		})
	}
}

// TestCaretAndHitAgree checks, on mixed lines in both directions, that a
// click just inside the leading edge of any cluster (where the caret before
// it is drawn) finds that cluster and that boundary, and that the whole
// line's range covers every piece once.
func TestCaretAndHitAgree(t *testing.T) {
	for _, text := range []string{
		"قال وزير الخارجية أيمن الصفدي (Ayman Safadi) في 2023: «نعم».",
		"The minister אמר שר החוץ 12,5% said \u200f👩🏽\u200d💻 ok",
		"abc\tאבג\tdef",
		"x ١٢٣ y",
	} {
		for _, rtl := range []bool{false, true} {
			runs := monoShaper.layoutLine(text, nil)
			lv := monoShaper.visual(text, runs, rtl, 600)
			next := clusterNext(text)
			n := int32(utf8.RuneCountInString(text))
			for cp := int32(0); cp < n; cp = next(cp) {
				var p *piece
				for i := range lv.pieces {
					if q := &lv.pieces[i]; cp >= q.c0 && cp < q.c1 {
						p = q
					}
				}
				if p.w == 0 {
					continue
				}
				x := monoShaper.caretX(&lv, cp)
				if p.rtl {
					x -= 0.5
				} else {
					x += 0.5
				}
				near, under := monoShaper.hit(&lv, x, next)
				if near != cp || under != cp {
					t.Errorf("%q rtl %v: caret %d at %v, hit there gives %d, %d", text, rtl, cp, x, near, under)
				}
			}
			var total, covered float32
			for _, p := range lv.pieces {
				total += p.w
			}
			for _, s := range monoShaper.spanXs(&lv, 0, n, nil) {
				covered += s[1] - s[0]
			}
			if total != covered {
				t.Errorf("%q rtl %v: pieces %v wide, the whole range covers %v", text, rtl, total, covered)
			}
		}
	}
}

// rtlDoc is an Arabic paragraph, then an English one naming the same man.
const rtlDoc = "قال وزير الخارجية أيمن الصفدي إن الأردن يرفض ذلك.\n" +
	"Foreign minister أيمن الصفدي said so."

// textAt returns the middle of the drawn text object showing word on the
// line holding offset cp (from the display list: where it is drawn).
func textAt(t *testing.T, v *View, cp int, word string) fyne.Position {
	t.Helper()
	var dl displayList
	v.paint(&dl)
	b, i := v.caretLine(cp)
	for _, ln := range v.vis {
		if ln.b != b || ln.i != i {
			continue
		}
		for _, p := range dl[lyText] {
			if p.text == word && p.y > ln.y-v.met.pitch/2 && p.y < ln.y+v.met.pitch/2 {
				return fyne.NewPos(p.x+p.w/2, ln.y+v.met.textH/2)
			}
		}
	}
	t.Fatalf("%q not drawn on the line of %d", word, cp)
	return fyne.Position{}
}

// TestRTLClicks clicks and double-clicks on words where they are drawn in
// right-to-left text, and checks the offsets the view reports.
func TestRTLClicks(t *testing.T) {
	v, w, rec := newTestView(t, rtlDoc, 600, 300)
	name := cpOf(t, rtlDoc, "أيمن")
	en := name + utf8.RuneCountInString("أيمن الصفدي")
	v.SetMarks([]Mark{{ID: "p", Pieces: []annot.Fragment{{Start: name, End: en}}, Color: color.NRGBA{0xd6, 0x27, 0x28, 0xff}}})
	safadi := cpOf(t, rtlDoc, "الصفدي")
	v.DoubleTapped(&fyne.PointEvent{Position: textAt(t, v, safadi, "الصفدي")})
	wantSel(t, v, safadi, safadi+len([]rune("الصفدي")))
	test.TapCanvas(w.Canvas(), textAt(t, v, name, "أيمن"))
	qal := cpOf(t, rtlDoc, "قال")
	test.TapCanvas(w.Canvas(), textAt(t, v, qal, "قال"))
	// In the English line the name runs right to left inside it.
	name2 := utf8.RuneCountInString(rtlDoc[:strings.LastIndex(rtlDoc, "أيمن")])
	v.DoubleTapped(&fyne.PointEvent{Position: textAt(t, v, name2, "أيمن")})
	wantSel(t, v, name2, name2+len([]rune("أيمن")))
	if want := []string{"p", ""}; !slices.Equal(rec.tapped, want) {
		t.Errorf("OnMarkTapped got %q, want %q", rec.tapped, want)
	}
	// The mark's fill lies over the drawn words, right of "الخارجية".
	var dl displayList
	v.paint(&dl)
	var fill prim
	for _, p := range dl[lyUnder] {
		if p.mark == 0 {
			fill = p
		}
	}
	a, b := textAt(t, v, name, "أيمن"), textAt(t, v, name, "الصفدي")
	kh := textAt(t, v, name, "الخارجية")
	if !(fill.x < b.X && b.X < a.X && a.X < fill.x+fill.w && fill.x+fill.w < kh.X) {
		t.Errorf("fill %v-%v; words drawn at %v (الصفدي), %v (أيمن), %v (الخارجية)", fill.x, fill.x+fill.w, b.X, a.X, kh.X)
	}
}

// TestRTLArrows checks that the arrow keys move the caret the way the text
// is drawn: in a right-to-left paragraph Left goes forward in the text.
func TestRTLArrows(t *testing.T) {
	v, w, _ := newTestView(t, rtlDoc, 600, 300)
	w.Canvas().Focus(v)
	v.SetSelection(0, 0)
	key(v, fyne.KeyLeft, 0)
	wantSel(t, v, 1, 1)
	key(v, fyne.KeyLeft, fyne.KeyModifierShift)
	wantSel(t, v, 1, 2)
	key(v, fyne.KeyRight, 0) // collapses back, to the start
	wantSel(t, v, 1, 1)
	// Word steps: Ctrl+Left reaches the end of the first word.
	key(v, fyne.KeyLeft, fyne.KeyModifierControl)
	wantSel(t, v, 3, 3)
	// In the English paragraph Right is forward again.
	f := cpOf(t, rtlDoc, "Foreign")
	v.SetSelection(f, f)
	key(v, fyne.KeyRight, 0)
	wantSel(t, v, f+1, f+1)
}
