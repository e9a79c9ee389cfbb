package store

import (
	"fmt"
	"unicode/utf8"
)

// GuidelinesKey is the project setting holding the annotation guidelines
// (Markdown), shown in the window's guidelines pane and printed by
// `spanbench guidelines`.
const GuidelinesKey = "guidelines"

// GuidelinesLimit is the largest guidelines text kept, in bytes (1 MiB).
const GuidelinesLimit = 1 << 20

// CheckGuidelines refuses guidelines that are not UTF-8 or larger than
// GuidelinesLimit, with one line naming where they came from.
func CheckGuidelines(from string, b []byte) error {
	if len(b) > GuidelinesLimit {
		return fmt.Errorf("%s: %d bytes; guidelines may be at most 1 MiB (%d bytes)", from, len(b), GuidelinesLimit)
	}
	if !utf8.Valid(b) {
		off := 0
		for off < len(b) {
			r, n := utf8.DecodeRune(b[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return fmt.Errorf("%s: not UTF-8 (invalid byte at offset %d); save the file as UTF-8", from, off)
	}
	return nil
}
