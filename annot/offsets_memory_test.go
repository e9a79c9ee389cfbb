package annot

import (
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestIndexByteTableMatchesRangeLoop checks the sparse byte table against
// the definition: code point i starts where the i-th step of a Go range loop
// over the text starts (an invalid byte is one code point). Lengths around
// multiples of the table's step, astral characters and invalid bytes.
func TestIndexByteTableMatchesRangeLoop(t *testing.T) {
	pieces := []string{"a", "é", "’", "😀", "\xff", "\xe2\x80", "\r\n", "e\u0301"}
	for n := 0; n < 3*cpStep+3; n++ {
		for k := range pieces {
			var sb strings.Builder
			for i := 0; i < n; i++ {
				sb.WriteString(pieces[(i*k+i/3)%len(pieces)])
			}
			sb.WriteString(pieces[k])
			text := sb.String()
			ix := NewIndex(text)
			var starts []int
			for b := range text {
				starts = append(starts, b)
			}
			starts = append(starts, len(text))
			if ix.Len() != len(starts)-1 {
				t.Fatalf("%q: Len %d, want %d", text, ix.Len(), len(starts)-1)
			}
			for cp, b := range starts {
				if got := ix.Byte(cp); got != b {
					t.Fatalf("%q: Byte(%d) = %d, want %d", text, cp, got, b)
				}
				if got, err := ix.FromByte(b); err != nil || got != cp {
					t.Fatalf("%q: FromByte(%d) = %d, %v, want %d", text, b, got, err, cp)
				}
			}
			for b := 0; b <= len(text); b++ {
				_, err := ix.FromByte(b)
				isStart := false
				for _, s := range starts {
					isStart = isStart || s == b
				}
				if (err == nil) != isStart {
					t.Fatalf("%q: FromByte(%d) error %v, but start of a code point: %v", text, b, err, isStart)
				}
			}
		}
	}
}

// TestIndexMemoryIsSmallBesideText: an export keeps the text and its index
// side by side, so the index of a mostly-ASCII text (news with curly quotes)
// must stay a small fraction of it. A table of every code point's byte
// offset took four bytes per character: 4 MB for this 1 MB text.
func TestIndexMemoryIsSmallBesideText(t *testing.T) {
	text := strings.Repeat("He said \u201cyes\u201d, and left. ", 1<<20/30)
	if utf8.RuneCountInString(text) < 1<<19 {
		t.Fatal("text too short")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ix := NewIndex(text)
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(ix)
	if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(len(text)/4); got > limit {
		t.Errorf("NewIndex of %d bytes allocated %d bytes, want at most %d (a quarter of the text)", len(text), got, limit)
	}
}
