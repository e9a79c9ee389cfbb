package article

import (
	"slices"
	"strings"
	"testing"

	"spanbench/annot"
)

func TestSplitBlocks(t *testing.T) {
	for _, tc := range []struct {
		name       string
		text       string
		limit      int
		start, end []int32
	}{
		{"empty", "", 0, []int32{0}, []int32{0}},
		{"one", "abc", 0, []int32{0}, []int32{3}},
		{"lf", "ab\ncd", 0, []int32{0, 3}, []int32{2, 5}},
		{"crlf", "ab\r\ncd", 0, []int32{0, 4}, []int32{2, 6}},
		{"cr", "ab\rcd", 0, []int32{0, 3}, []int32{2, 5}},
		{"blank lines", "a\n\nb\n", 0, []int32{0, 2, 3, 5}, []int32{1, 2, 4, 5}},
		{"bytes", "é👍\nx", 0, []int32{0, 7}, []int32{6, 8}},
		{"long cut at space", "aaaa bbbb cccc", 6, []int32{0, 10}, []int32{10, 14}},
		{"long cut ascii", "abcdefghij", 4, []int32{0, 4, 8}, []int32{4, 8, 10}},
		{"long cut before han", "日本語日本語", 5, []int32{0, 6, 12}, []int32{6, 12, 18}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, e := splitBlocks(tc.text, tc.limit)
			if !slices.Equal(s, tc.start) || !slices.Equal(e, tc.end) {
				t.Errorf("splitBlocks(%q) = %v %v, want %v %v", tc.text, s, e, tc.start, tc.end)
			}
		})
	}
}

func TestFenwick(t *testing.T) {
	v := []int32{3, 1, 4, 1, 5, 9, 2, 6}
	f := newFenwick(v)
	sum := 0
	for i := range v {
		if got := f.prefix(i); got != sum {
			t.Errorf("prefix(%d) = %d, want %d", i, got, sum)
		}
		sum += int(v[i])
	}
	// find(line) is the block holding that line.
	line := 0
	for b, c := range v {
		for range c {
			if got := f.find(line); got != b {
				t.Errorf("find(%d) = %d, want %d", line, got, b)
			}
			line++
		}
	}
	if got := f.find(1000); got != len(v)-1 {
		t.Errorf("find past end = %d", got)
	}
	f.add(2, 10)
	if got := f.prefix(8); got != sum+10 {
		t.Errorf("after add total = %d", got)
	}
}

// testDoc lays out text with the mono font, 100 wide (10 characters),
// lines 10 apart.
func testDoc(text string) (*docLayout, *viewport) {
	d := newDocLayout(annot.NewIndex(text), monoShaper, 10, 100)
	vp := &viewport{d: d, pitch: 10, h: 50}
	vp.normalize()
	return d, vp
}

func TestDocLayoutLazy(t *testing.T) {
	para := strings.Repeat("word ", 40) // 200 cps: 20 lines of 10
	text := strings.Repeat(para+"\n", 100)
	d, vp := testDoc(text)
	wrapped := 0
	for _, w := range d.wraps {
		if w != nil {
			wrapped++
		}
	}
	if wrapped > 2 {
		t.Errorf("%d blocks wrapped after first layout, want only what is on screen", wrapped)
	}
	if got := d.total(); got != 100*20+1 {
		t.Errorf("total lines = %d, want %d (estimates of this text are exact)", got, 100*20+1)
	}
	b, i := d.lineOf(205)
	if b != 1 || i != 0 {
		t.Errorf("lineOf(205) = %d,%d", b, i)
	}
	s, e := d.lineSpan(1, 1)
	if s != 211 || e != 221 {
		t.Errorf("lineSpan(1,1) = %d,%d", s, e)
	}
	vp.scrollBy(25)
	if vp.b != 0 || vp.off != 25 {
		t.Errorf("scrollBy(25): b=%d off=%v", vp.b, vp.off)
	}
	vp.scrollBy(200)
	if vp.b != 1 || vp.off != 25 {
		t.Errorf("scrollBy(200): b=%d off=%v", vp.b, vp.off)
	}
	vp.scrollBy(-1000)
	if vp.b != 0 || vp.off != 0 {
		t.Errorf("scroll to top: b=%d off=%v", vp.b, vp.off)
	}
	// The end: the last line (the empty block) at the bottom of the view.
	vp.setTop(1e9)
	if got := vp.top() + vp.h; got != vp.contentH() {
		t.Errorf("bottom = %v, content %v", got, vp.contentH())
	}
	var ys []float32
	vp.visible(func(b, i int, y float32) bool { ys = append(ys, y); return true })
	if len(ys) != 5 || ys[4] != 40 {
		t.Errorf("visible ys = %v", ys)
	}
}

func TestViewportReveal(t *testing.T) {
	text := strings.Repeat("aaaa bbbb\n", 100)
	d, vp := testDoc(text)
	if vp.reveal(12) {
		t.Error("reveal of a visible line scrolled")
	}
	if !vp.reveal(500) {
		t.Error("reveal of a far line did not scroll")
	}
	b, i := d.lineOf(500)
	if y := vp.lineY(b, i); y < 0 || y+vp.pitch > vp.h {
		t.Errorf("revealed line at y=%v", y)
	}
	vp.reveal(0)
	if vp.top() != 0 {
		t.Errorf("reveal(0): top = %v", vp.top())
	}
}

func TestEstimateCorrectionKeepsAnchor(t *testing.T) {
	// Short words estimate badly (avg 10, but the wrap wastes space).
	text := strings.Repeat(strings.Repeat("abcdefg ", 30)+"\n", 50)
	d, vp := testDoc(text)
	vp.setTop(300)
	b, off := vp.b, vp.off
	// Wrapping blocks above the anchor changes totals but not the anchor.
	for k := 0; k < b; k++ {
		d.ensure(k)
	}
	if vp.b != b || vp.off != off {
		t.Errorf("anchor moved")
	}
}
