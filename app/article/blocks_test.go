package article

import (
	"math/rand/v2"
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
	// Blocks of 2048 bytes or more: eleven paragraphs of 201 bytes.
	if d.blocks() != 10 {
		t.Errorf("%d blocks, want 10", d.blocks())
	}
	if got, want := d.total(), 100*20+1; got < want*95/100 || got > want*105/100 {
		t.Errorf("estimated total lines = %d, want %d within 5%%", got, want)
	}
	b, i := d.lineOf(205)
	if b != 0 || i != 20 {
		t.Errorf("lineOf(205) = %d,%d", b, i)
	}
	if s, e := d.lineSpan(0, 21); s != 211 || e != 221 {
		t.Errorf("lineSpan(0,21) = %d,%d", s, e)
	}
	// A paragraph's last line ends before its line break.
	if s, e := d.lineSpan(0, 19); s != 190 || e != 200 || !d.endsParagraph(0, 19) || d.endsParagraph(0, 18) {
		t.Errorf("lineSpan(0,19) = %d,%d, ends a paragraph %v", s, e, d.endsParagraph(0, 19))
	}
	if b, i := d.lineOf(200); b != 0 || i != 19 {
		t.Errorf("lineOf(200) (the line break) = %d,%d", b, i)
	}
	vp.scrollBy(25)
	if vp.b != 0 || vp.off != 25 {
		t.Errorf("scrollBy(25): b=%d off=%v", vp.b, vp.off)
	}
	vp.scrollBy(2200)
	if vp.b != 1 || vp.off != 25 {
		t.Errorf("scrollBy(2200): b=%d off=%v", vp.b, vp.off)
	}
	vp.scrollBy(-10000)
	if vp.b != 0 || vp.off != 0 {
		t.Errorf("scroll to top: b=%d off=%v", vp.b, vp.off)
	}
	// The end: the last line (the empty paragraph) at the bottom of the view.
	vp.setTop(1e9)
	if got := vp.top() + vp.h; got != vp.contentH() {
		t.Errorf("bottom = %v, content %v", got, vp.contentH())
	}
	var ys []float32
	vp.visible(func(b, i int, y float32) bool { ys = append(ys, y); return true })
	if len(ys) != 5 || ys[4] != 40 {
		t.Errorf("visible ys = %v", ys)
	}
	// Wrapped, the count is exact.
	for b := range d.blocks() {
		d.ensure(b)
	}
	if got := d.total(); got != 100*20+1 {
		t.Errorf("total lines = %d, want %d", got, 100*20+1)
	}
}

// TestSplitChunks checks that blocks hold whole paragraphs, as splitBlocks
// cuts them, whatever falls at a block boundary: \r\n, long paragraphs cut
// at spaces, between ASCII letters or before Han, the end of the text.
func TestSplitChunks(t *testing.T) {
	texts := []string{"", "a", "\n", "abc\n", "ab\r\ncd\r\n\r\nef", "ab\rcd\r\r\nx", "a\n\n\nb\n",
		strings.Repeat("aaaa bbbb cccc ", 9), strings.Repeat("abcdefghij", 7) + "\nshort\n" + strings.Repeat("x", 33),
		strings.Repeat("日本語日本語", 6), "é👍\nx" + strings.Repeat("é", 40) + "\r\n"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		var sb strings.Builder
		for range rng.IntN(40) {
			sb.WriteString([]string{"a", "b ", " ", "\n", "\r", "\r\n", "é", "日", "👍", "xyzw"}[rng.IntN(10)])
		}
		texts = append(texts, sb.String())
	}
	for _, text := range texts {
		for _, chunk := range []int{1, 3, 7, 64} {
			const limit = 10
			ws, we := splitBlocks(text, limit)
			cs, ce := splitChunks(text, chunk, limit)
			var gs, ge []int32
			for b := range cs {
				// A block with its line break reaches the chunk (a \r\n
				// across the boundary ends it one byte early).
				if b+1 < len(cs) && cs[b+1]-cs[b] < int32(chunk)-1 {
					t.Errorf("%q chunk %d: block %d [%d,%d) shorter than a chunk", text, chunk, b, cs[b], ce[b])
				}
				ps, pe := paragraphs(text, int(cs[b]), int(ce[b]), limit)
				for p := range ps {
					gs, ge = append(gs, cs[b]+ps[p]), append(ge, cs[b]+pe[p])
				}
			}
			if !slices.Equal(gs, ws) || !slices.Equal(ge, we) {
				t.Fatalf("%q chunk %d: blocks %v %v hold paragraphs %v %v, want %v %v", text, chunk, cs, ce, gs, ge, ws, we)
			}
		}
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
