package format

import (
	"fmt"
	"strings"
	"testing"

	"spanbench/annot"
)

// TestBratCRLFDecidedPerFile: brat's server counts \r\n as one character.
// Whether an .ann does is decided for the whole file, so a span whose
// server offsets also match the text a line earlier still lands on its own
// line.
func TestBratCRLFDecidedPerFile(t *testing.T) {
	text := strings.Repeat("Alice said hello.\r\n", 20)
	const line = 18 // "Alice said hello." without its \r\n
	// T1 fits only after conversion; T2, on line 19 (0-based) as the server
	// counts, also matches "Alice" at the start of line 18 read raw.
	ann := fmt.Sprintf("T1\tX %d %d\tsaid\nT2\tPERSON %d %d\tAlice\n", line+6, line+10, 19*line, 19*line+5)
	b, err := parseBratAnn(text, []byte(ann), "d.ann", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Spans[1].Start; got != 19*19 {
		t.Errorf("T2 starts at %d (line %d), want %d (line 19)", got, got/19, 19*19)
	}
	if len(b.Warnings) != 1 || !strings.Contains(b.Warnings[0], "2 spans counted \\r\\n as one character") {
		t.Errorf("warnings = %q", b.Warnings)
	}
	// Raw offsets that all fit are kept, even where the server's would too.
	b, err = parseBratAnn(text, []byte(fmt.Sprintf("T2\tPERSON %d %d\tAlice\n", 19*line, 19*line+5)), "d.ann", nil)
	if err != nil || b.Spans[0].Start != 19*line || len(b.Warnings) != 0 {
		t.Errorf("raw: %v %+v %q", err, b.Spans, b.Warnings)
	}
	// A span that fits neither is named by file and line.
	_, err = parseBratAnn(text, []byte(ann+"T3\tX 0 5\thello\n"), "d.ann", nil)
	if err == nil || !strings.HasPrefix(err.Error(), "d.ann:3: ") {
		t.Errorf("neither: err = %v", err)
	}
	// Spans that fit only raw next to spans that fit only converted: an error.
	_, err = parseBratAnn(text, []byte(ann+"T3\tX 25 29\tsaid\n"), "d.ann", nil)
	if err == nil || !strings.HasPrefix(err.Error(), "d.ann:3: ") {
		t.Errorf("mixed: err = %v", err)
	}
}

func BenchmarkCRLFConvert(b *testing.B) {
	text := strings.Repeat("Alice said hello.\r\n", 20000)
	m := newCRLFMap(text)
	pieces := make([]annot.Fragment, 20000)
	for i := range pieces {
		pieces[i] = annot.Fragment{Start: 18 * i, End: 18*i + 5}
	}
	for b.Loop() {
		for i := range pieces {
			m.convert(pieces[i : i+1])
		}
	}
}
