package annot

import (
	"os"
	"strings"
	"testing"
)

// megabyte is about 1 MB of news text: the sample article (curly quotes,
// apostrophes, a dash) repeated, with an emoji ZWJ sequence, a flag and a
// combining accent in every copy so the non-ASCII paths run.
func megabyte(b *testing.B) string {
	b.Helper()
	sample, err := os.ReadFile("../assets/state-dept-afghanistan.txt")
	if err != nil {
		b.Fatal(err)
	}
	chunk := string(sample) + "\n\nZoe\u0301 wrote 👩‍👩‍👧 from 🇺🇸.\n\n"
	return strings.Repeat(chunk, 1<<20/len(chunk)+1)
}

// BenchmarkIndex1MB builds the offset index of a 1 MB text and converts
// offsets in every unit.
func BenchmarkIndex1MB(b *testing.B) {
	text := megabyte(b)
	b.SetBytes(int64(len(text)))
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			NewIndex(text)
		}
	})
	ix := NewIndex(text)
	n := ix.Len()
	b.Run("convert", func(b *testing.B) {
		i := 0
		for b.Loop() {
			cp := (i * 7919) % n
			ix.Byte(cp)
			ix.UTF16(cp)
			i++
		}
	})
	b.Run("graphemes", func(b *testing.B) {
		for b.Loop() {
			NewIndex(text).GraphemeLen()
		}
	})
	b.Run("tokens", func(b *testing.B) {
		for b.Loop() {
			NewIndex(text).Tokens()
		}
	})
	b.Run("sentences", func(b *testing.B) {
		for b.Loop() {
			NewIndex(text).Sentences()
		}
	})
	b.Run("validate-span", func(b *testing.B) {
		i := 0
		for b.Loop() {
			s := (i * 7919) % (n - 20)
			s = ix.SnapGrapheme(s, false)
			sp := Span{Start: s, End: ix.SnapGrapheme(s+12, true), Layer: LayerEntity, Label: "PERSON"}
			if err := ValidateSpan(ix, &sp); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}
