package annot

import (
	"sort"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

func TestIndexUnits(t *testing.T) {
	tests := []struct {
		name                         string
		text                         string
		cps, bytes, utf16, graphemes int
		// boundaries lists code point offsets that are grapheme boundaries;
		// inside lists offsets that are not.
		boundaries, inside []int
	}{
		{"ascii", "Patel said", 10, 10, 10, 10, []int{0, 5, 10}, nil},
		{"zwj family", "a👩‍👩‍👧b", 7, 20, 10, 3, []int{0, 1, 6, 7}, []int{2, 3, 4, 5}},
		{"flags", "🇺🇸🇫🇷", 4, 16, 8, 2, []int{0, 2, 4}, []int{1, 3}},
		{"skin tone", "👍🏽!", 3, 9, 5, 2, []int{0, 2, 3}, []int{1}},
		{"combining", "cafe\u0301 ok", 8, 9, 8, 7, []int{0, 3, 5, 6}, []int{4}},
		{"cjk", "日本語です", 5, 15, 5, 5, []int{0, 1, 2, 3, 4, 5}, nil},
		{"arabic", "قال مرحبا", 9, 17, 9, 9, []int{0, 3, 4, 9}, nil},
		{"astral letter", "x𝐀y", 3, 6, 4, 3, []int{0, 1, 2, 3}, nil},
		{"crlf", "a\r\nb", 4, 4, 4, 3, []int{0, 1, 3, 4}, []int{2}},
		{"bom", "\ufeffHi", 3, 5, 3, 3, []int{0, 1, 2, 3}, nil},
		{"curly quotes", "“We”", 4, 8, 4, 4, []int{0, 1, 2, 3, 4}, nil},
		{"empty", "", 0, 0, 0, 0, []int{0}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := NewIndex(tt.text)
			if ix.Len() != tt.cps {
				t.Errorf("Len = %d, want %d", ix.Len(), tt.cps)
			}
			if got := ix.Byte(ix.Len()); got != tt.bytes {
				t.Errorf("Byte(Len) = %d, want %d", got, tt.bytes)
			}
			if got := ix.UTF16Len(); got != tt.utf16 {
				t.Errorf("UTF16Len = %d, want %d", got, tt.utf16)
			}
			if got := ix.GraphemeLen(); got != tt.graphemes {
				t.Errorf("GraphemeLen = %d, want %d", got, tt.graphemes)
			}
			for _, b := range tt.boundaries {
				if !ix.IsGraphemeBoundary(b) {
					t.Errorf("IsGraphemeBoundary(%d) = false, want true", b)
				}
				if g := ix.Grapheme(b); ix.FromGrapheme(g) != b {
					t.Errorf("FromGrapheme(Grapheme(%d)) = %d", b, ix.FromGrapheme(g))
				}
			}
			for _, b := range tt.inside {
				if ix.IsGraphemeBoundary(b) {
					t.Errorf("IsGraphemeBoundary(%d) = true, want false", b)
				}
				lo, hi := ix.SnapGrapheme(b, false), ix.SnapGrapheme(b, true)
				if lo >= b || hi <= b || !ix.IsGraphemeBoundary(lo) || !ix.IsGraphemeBoundary(hi) {
					t.Errorf("SnapGrapheme(%d) = %d, %d", b, lo, hi)
				}
			}
			checkAgainstStdlib(t, ix)
		})
	}
}

// checkAgainstStdlib compares every conversion with a slow reference built on
// unicode/utf8 and unicode/utf16.
func checkAgainstStdlib(t *testing.T, ix *Index) {
	t.Helper()
	runes := []rune(ix.Text())
	for cp := 0; cp <= len(runes); cp++ {
		wantByte := len(string(runes[:cp]))
		wantU16 := len(utf16.Encode(runes[:cp]))
		if got := ix.Byte(cp); got != wantByte {
			t.Errorf("Byte(%d) = %d, want %d", cp, got, wantByte)
		}
		if got, err := ix.FromByte(wantByte); err != nil || got != cp {
			t.Errorf("FromByte(%d) = %d, %v, want %d", wantByte, got, err, cp)
		}
		if got := ix.UTF16(cp); got != wantU16 {
			t.Errorf("UTF16(%d) = %d, want %d", cp, got, wantU16)
		}
		if got, err := ix.FromUTF16(wantU16); err != nil || got != cp {
			t.Errorf("FromUTF16(%d) = %d, %v, want %d", wantU16, got, err, cp)
		}
		for end := cp; end <= len(runes); end++ {
			if got := ix.Slice(cp, end); got != string(runes[cp:end]) {
				t.Fatalf("Slice(%d, %d) = %q, want %q", cp, end, got, string(runes[cp:end]))
			}
		}
	}
	// Offsets inside a character are refused, never rounded.
	for b := 0; b < len(ix.Text()); b++ {
		if !utf8.RuneStart(ix.Text()[b]) {
			if _, err := ix.FromByte(b); err == nil {
				t.Errorf("FromByte(%d) inside a character: no error", b)
			}
		}
	}
	u := 0
	for _, r := range runes {
		if r > 0xFFFF {
			if _, err := ix.FromUTF16(u + 1); err == nil {
				t.Errorf("FromUTF16(%d) inside a surrogate pair: no error", u+1)
			}
			u += 2
		} else {
			u++
		}
	}
	for _, bad := range []int{-1, len(ix.Text()) + 1} {
		if _, err := ix.FromByte(bad); err == nil {
			t.Errorf("FromByte(%d) out of range: no error", bad)
		}
	}
	if _, err := ix.FromUTF16(ix.UTF16Len() + 1); err == nil {
		t.Errorf("FromUTF16 past the end: no error")
	}
}

func TestSlicePythonSemantics(t *testing.T) {
	// Offsets computed with Python: len("“We are…,” he said, “and”"[:1]) etc.
	text := "“We are…,” he said. 👩‍👩‍👧 cafe\u0301"
	ix := NewIndex(text)
	tests := []struct {
		start, end int
		want       string
	}{
		{1, 7, "We are"},
		{7, 8, "…"},
		{14, 18, "said"},
		{20, 25, "👩‍👩‍👧"},
		{26, 31, "cafe\u0301"},
	}
	for _, tt := range tests {
		if got := ix.Slice(tt.start, tt.end); got != tt.want {
			t.Errorf("Slice(%d, %d) = %q, want %q", tt.start, tt.end, got, tt.want)
		}
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Patel said, “We are.”", []string{"Patel", "said", ",", "“", "We", "are", ".", "”"}},
		{"the U.S. and Afghanistan’s borders", []string{"the", "U.S.", "and", "Afghanistan", "’s", "borders"}},
		{"re-emergence of $10 million", []string{"re", "-", "emergence", "of", "$", "10", "million"}},
		{"日本語 👩‍👩‍👧 ok\r\n", []string{"日", "本", "語", "👩‍👩‍👧", "ok"}},
		{"  ", nil},
	}
	for _, tt := range tests {
		ix := NewIndex(tt.text)
		var got []string
		for _, tok := range ix.Tokens() {
			got = append(got, ix.Slice(tok.Start, tok.End))
		}
		if len(got) != len(tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.text, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("Tokens(%q) = %q, want %q", tt.text, got, tt.want)
				break
			}
		}
	}
}

func TestWordMotion(t *testing.T) {
	ix := NewIndex("Vedant Patel, the deputy")
	tests := []struct {
		name       string
		start, end int
		wantS      int
		wantE      int
	}{
		{"inside word widens", 2, 9, 0, 12},
		{"already whole", 7, 12, 7, 12},
		{"ends in space", 0, 7, 0, 7},
	}
	for _, tt := range tests {
		s, e := ix.SnapWord(tt.start, tt.end)
		if s != tt.wantS || e != tt.wantE {
			t.Errorf("%s: SnapWord(%d,%d) = %d,%d want %d,%d", tt.name, tt.start, tt.end, s, e, tt.wantS, tt.wantE)
		}
	}
	if got := ix.NextWordEnd(0); got != 6 {
		t.Errorf("NextWordEnd(0) = %d, want 6", got)
	}
	if got := ix.NextWordEnd(6); got != 12 {
		t.Errorf("NextWordEnd(6) = %d, want 12", got)
	}
	if got := ix.NextWordEnd(12); got != 13 {
		t.Errorf("NextWordEnd(12) = %d, want 13 (the comma)", got)
	}
	if got := ix.PrevWordStart(12); got != 7 {
		t.Errorf("PrevWordStart(12) = %d, want 7", got)
	}
	if got := ix.PrevWordStart(7); got != 0 {
		t.Errorf("PrevWordStart(7) = %d, want 0", got)
	}
	if got := ix.PrevWordStart(0); got != 0 {
		t.Errorf("PrevWordStart(0) = %d, want 0", got)
	}
}

// TestLocalBoundaryMatchesFullTable checks the shortcut IsGraphemeBoundary
// takes before the full grapheme table exists against that table, at every
// offset of texts mixing every kind of cluster.
func TestLocalBoundaryMatchesFullTable(t *testing.T) {
	parts := []string{"a", " ", "\r\n", "\n", "\r", "👩‍👩‍👧", "🇺🇸", "🇫🇷", "👍🏽", "e\u0301", "日本", "مرحبا", "𝐀", "\ufeff", "“", "#\ufe0f\u20e3",
		"\u200d", "\u0301", "🇺", "각", "\u1100\u1161", "क्षि", "x", ".", "\t"}
	seed := uint32(1)
	next := func(n int) int {
		seed = seed*1664525 + 1013904223
		return int(seed>>8) % n
	}
	for round := 0; round < 300; round++ {
		var b []byte
		for n := next(40); n >= 0; n-- {
			b = append(b, parts[next(len(parts))]...)
		}
		text := string(b)
		full := NewIndex(text)
		full.interior()
		checkGraphemeTable(t, full)
		for cp := 0; cp <= full.Len(); cp++ {
			fresh := NewIndex(text)
			if got, want := fresh.IsGraphemeBoundary(cp), full.IsGraphemeBoundary(cp); got != want {
				t.Fatalf("%q at %d: local %v, table %v", text, cp, got, want)
			}
		}
	}
	// A long run without ASCII falls back to the table.
	long := strings.Repeat("日本語", 1000) + "👍🏽"
	ix := NewIndex(long)
	if !ix.IsGraphemeBoundary(3000) || ix.IsGraphemeBoundary(3001) {
		t.Error("long non-ASCII text: wrong boundaries")
	}
}

// checkGraphemeTable holds the grapheme conversions, which read a sparse
// list of the offsets inside clusters, to a full table of boundaries made
// here with uniseg, the way they were computed before.
func checkGraphemeTable(t *testing.T, ix *Index) {
	t.Helper()
	text := ix.Slice(0, ix.Len())
	g := []int{0}
	state, cp := -1, 0
	for rest := text; len(rest) > 0; {
		var c string
		c, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		cp += utf8.RuneCountInString(c)
		g = append(g, cp)
	}
	if ix.GraphemeLen() != len(g)-1 {
		t.Fatalf("%q: GraphemeLen %d, want %d", text, ix.GraphemeLen(), len(g)-1)
	}
	for k, b := range g {
		if got := ix.FromGrapheme(k); got != b {
			t.Fatalf("%q: FromGrapheme(%d) = %d, want %d", text, k, got, b)
		}
	}
	for cp := 0; cp <= ix.Len(); cp++ {
		last := sort.Search(len(g), func(i int) bool { return g[i] > cp }) - 1 // last boundary <= cp
		next := sort.Search(len(g), func(i int) bool { return g[i] >= cp })    // first boundary >= cp
		after := sort.Search(len(g), func(i int) bool { return g[i] > cp })
		before := sort.Search(len(g), func(i int) bool { return g[i] >= cp }) - 1
		wantNext, wantPrev := ix.Len(), 0
		if after < len(g) {
			wantNext = g[after]
		}
		if before >= 0 {
			wantPrev = g[before]
		}
		if got := ix.Grapheme(cp); got != last {
			t.Fatalf("%q: Grapheme(%d) = %d, want %d", text, cp, got, last)
		}
		if got := ix.SnapGrapheme(cp, false); got != g[last] {
			t.Fatalf("%q: SnapGrapheme(%d, back) = %d, want %d", text, cp, got, g[last])
		}
		if got := ix.SnapGrapheme(cp, true); got != g[next] {
			t.Fatalf("%q: SnapGrapheme(%d, forward) = %d, want %d", text, cp, got, g[next])
		}
		if got := ix.NextGrapheme(cp); got != wantNext {
			t.Fatalf("%q: NextGrapheme(%d) = %d, want %d", text, cp, got, wantNext)
		}
		if got := ix.PrevGrapheme(cp); got != wantPrev {
			t.Fatalf("%q: PrevGrapheme(%d) = %d, want %d", text, cp, got, wantPrev)
		}
	}
}
