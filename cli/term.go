package cli

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// term makes s safe to print as human-readable output: control characters
// that would drive a terminal (C0 such as ESC and BEL, DEL, C1), those that
// reorder or break what follows (bidi controls such as RLO U+202E, the
// line and paragraph separators U+2028 and U+2029) and bytes that are not
// UTF-8 are written as Go escapes (\x1b, \u202e, \xff). A title, label or
// file name then prints as one inert line. Machine output (exports, JSON
// lines, CSV) is written as it is; only what a person reads goes through
// term.
func term(s string) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r, size) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case !unsafeRune(r, size):
			b.WriteString(s[i : i+size])
		case r == utf8.RuneError:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += size
	}
	return b.String()
}

// unsafeRune reports whether a rune (of size bytes) must be escaped.
func unsafeRune(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return true // not UTF-8
	case r < 0x20, r == 0x7f, 0x80 <= r && r <= 0x9f:
		return true // C0, DEL, C1
	case r == 0x061c, r == 0x200e, r == 0x200f, 0x202a <= r && r <= 0x202e, 0x2066 <= r && r <= 0x2069:
		return true // bidi controls: ALM, LRM, RLM, LRE..RLO, LRI..PDI
	case r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

// termLines is term for text of several lines (a report): each line is
// made safe and the line breaks are kept.
func termLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = term(l)
	}
	return strings.Join(lines, "\n")
}
