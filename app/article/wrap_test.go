package article

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// mono is a fake monospace font: every code point is 10 wide.
func mono(s string) float32 { return float32(utf8.RuneCountInString(s)) * 10 }

var monoShaper = shaper{measure: mono, tab: 40}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		name  string
		text  string
		width float32
		want  []int32
	}{
		{"empty", "", 100, []int32{0}},
		{"fits", "one two", 100, []int32{0}},
		{"break at space", "one two three", 100, []int32{0, 8}},
		{"trailing space hangs", "abcdefghij   k", 100, []int32{0, 13}},
		{"exact fit", "abcd efghij", 100, []int32{0, 5}},
		{"overlong word cut", "abcdefghijklmnopqrstuvwxy", 100, []int32{0, 10, 20}},
		{"overlong after words", "ab abcdefghijklmnop", 100, []int32{0, 3, 13}},
		{"hyphen break", "well-known words", 80, []int32{0, 5, 11}},
		{"CJK breaks anywhere", "日本語のテキストです", 50, []int32{0, 5}},
		// The family emoji is one grapheme cluster of 7 code points
		// (70 wide): never cut inside it.
		{"emoji cluster kept", "ab👨‍👩‍👧‍👦cd", 50, []int32{0, 2, 9}},
		// e + combining acute is one cluster.
		{"combining kept", "abcde\u0301fg", 50, []int32{0, 4}},
		{"flags kept", "🇩🇪🇫🇷🇮🇹", 30, []int32{0, 2, 4}},
		{"tab stops", "a\tb\tc", 70, []int32{0, 4}},
		{"line separator", "ab\u2028cd", 100, []int32{0, 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := monoShaper.wrap(tc.text, tc.width, nil)
			if !slices.Equal(got, tc.want) {
				t.Errorf("wrap(%q, %v) = %v, want %v", tc.text, tc.width, got, tc.want)
			}
		})
	}
}

func TestLayoutLineRuns(t *testing.T) {
	text := "\ufeffab  c\td"
	runs := monoShaper.layoutLine(text, nil)
	type r struct {
		kind   runKind
		c0, c1 int32
		x, w   float32
	}
	var got []r
	for _, x := range runs {
		got = append(got, r{x.kind, x.c0, x.c1, x.x, x.w})
	}
	want := []r{
		{runHidden, 0, 1, 0, 0},
		{runText, 1, 3, 0, 20},
		{runSpace, 3, 5, 20, 20},
		{runText, 5, 6, 40, 10},
		{runTab, 6, 7, 50, 30},
		{runText, 7, 8, 80, 10},
	}
	if !slices.Equal(got, want) {
		t.Errorf("runs =\n%v, want\n%v", got, want)
	}
}

// TestXAtAndHit checks caret positions and clicks on a left-to-right line,
// where the display order is the logical one (bidi.go).
func TestXAtAndHit(t *testing.T) {
	text := "héllo wörld"
	runs := monoShaper.layoutLine(text, nil)
	lv := monoShaper.visual(text, runs, false, 200)
	n := int32(utf8.RuneCountInString(text))
	next := func(c int32) int32 { return min(c+1, n) }
	for _, tc := range []struct {
		cp int32
		x  float32
	}{{0, 0}, {1, 10}, {5, 50}, {6, 60}, {11, 110}, {20, 110}} {
		if got := monoShaper.caretX(&lv, tc.cp); got != tc.x {
			t.Errorf("caretX(%d) = %v, want %v", tc.cp, got, tc.x)
		}
	}
	for _, tc := range []struct {
		x             float32
		nearest, undr int32
	}{
		{-5, 0, -1},
		{0, 0, 0},
		{4, 0, 0},
		{6, 1, 0},
		{14, 1, 1},
		{55, 6, 5}, // right half of the space
		{109, 11, 10},
		{200, 11, -1},
	} {
		near, under := monoShaper.hit(&lv, tc.x, next)
		if near != tc.nearest || under != tc.undr {
			t.Errorf("hit(%v) = %d, %d; want %d, %d", tc.x, near, under, tc.nearest, tc.undr)
		}
	}
}

func TestHitXClusters(t *testing.T) {
	// "a" + family emoji (7 code points, one cluster, 70 wide in mono) + "b".
	text := "a👨‍👩‍👧‍👦b"
	runs := monoShaper.layoutLine(text, nil)
	lv := monoShaper.visual(text, runs, false, 200)
	bounds := []int32{0, 1, 8, 9}
	next := func(c int32) int32 {
		for _, b := range bounds {
			if b > c {
				return b
			}
		}
		return 9
	}
	for _, tc := range []struct {
		x             float32
		nearest, undr int32
	}{
		{12, 1, 1},
		{40, 1, 1},
		{50, 8, 1},
		{79, 8, 1},
		{82, 8, 8},
	} {
		near, under := monoShaper.hit(&lv, tc.x, next)
		if near != tc.nearest || under != tc.undr {
			t.Errorf("hit(%v) = %d, %d; want %d, %d", tc.x, near, under, tc.nearest, tc.undr)
		}
	}
}

// TestSegmentPathsAgree checks the fast path for simple text against
// grapheme-by-grapheme stepping.
func TestSegmentPathsAgree(t *testing.T) {
	for _, text := range []string{
		"“We are cooperating,” Patel said – well-known U.S. re-emergence… (IS-KP) 3.5% and/or x\u00a0y",
		"naïve café déjà-vu: Ørsted’s ½ «quoted» ¿qué? ¡sí!",
		"a\tb c  d\u00ad e",
	} {
		if !simpleText(text) {
			t.Fatalf("%q not simple", text)
		}
		fast := newSegIter(text)
		slow := newSegIter(text)
		slow.simple = false
		for {
			fb0, fb1, fc0, fc1, fm, fok := fast.next()
			sb0, sb1, sc0, sc1, sm, sok := slow.next()
			if fb0 != sb0 || fb1 != sb1 || fc0 != sc0 || fc1 != sc1 || fm != sm || fok != sok {
				t.Fatalf("%q: fast %d-%d %v, slow %d-%d %v", text, fb0, fb1, fm, sb0, sb1, sm)
			}
			if !fok {
				break
			}
		}
	}
	for _, text := range []string{"cafe\u0301", "👍", "🇩🇪", "日本", "a\u200db"} {
		if simpleText(text) {
			t.Errorf("%q taken for simple", text)
		}
	}
}
