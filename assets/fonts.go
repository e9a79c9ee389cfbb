package assets

import _ "embed"

// Fallback fonts for scripts the theme's Noto Sans lacks, taken unmodified
// from Debian 12's packages (licences beside them in fonts/): the article
// view draws each grapheme cluster with the first of these that has its
// glyph, so a machine with no fonts of its own still shows every script.

//go:embed fonts/NotoSansArabic-Regular.ttf
var fontArabic []byte

//go:embed fonts/NotoSansHebrew-Regular.ttf
var fontHebrew []byte

//go:embed fonts/NotoSansDevanagari-Regular.ttf
var fontDevanagari []byte

//go:embed fonts/DroidSansFallbackFull.ttf
var fontCJK []byte

//go:embed fonts/NanumGothic.ttf
var fontKorean []byte

//go:embed fonts/NotoColorEmoji.ttf
var fontEmoji []byte

// Font is one shipped font file.
type Font struct {
	Name string
	Data []byte
}

// FallbackFonts returns the shipped fallback fonts in the order they are
// tried: Arabic, Hebrew, Devanagari, then Chinese and Japanese, then Korean
// (Droid Sans Fallback has no Hangul syllables).
func FallbackFonts() []Font {
	return []Font{
		{"NotoSansArabic-Regular.ttf", fontArabic},
		{"NotoSansHebrew-Regular.ttf", fontHebrew},
		{"NotoSansDevanagari-Regular.ttf", fontDevanagari},
		{"DroidSansFallbackFull.ttf", fontCJK},
		{"NanumGothic.ttf", fontKorean},
	}
}

// EmojiFont returns the shipped colour emoji font (Noto Color Emoji), which
// has the ZWJ sequences and skin tones of current Unicode as single glyphs;
// Fyne's own emoji font draws many of them as two or three.
func EmojiFont() Font { return Font{"NotoColorEmoji.ttf", fontEmoji} }
