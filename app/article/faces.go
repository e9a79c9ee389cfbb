package article

import (
	"bytes"
	"sync"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
	"github.com/rivo/uniseg"

	"spanbench/assets"
)

// Faces. Fyne gives a canvas.Text the theme's font and, for a glyph it
// lacks, whatever font the machine happens to have; a fresh machine has
// none for Chinese or Arabic, and the width Fyne measures then comes from
// another face than the one it draws with. So the article view picks the
// face itself, per grapheme cluster, from fonts shipped in the binary
// (assets.FallbackFonts), draws each run of one face as its own text object
// with that FontSource, and measures it with the same source. Nothing the
// view draws depends on the machine's fonts.

// face is one font the view can draw with. Fonts are parsed when first
// needed: the large ones (CJK, Korean, emoji: 200-350 ms each) only for
// documents that use them, not before the first frame of every document.
type face struct {
	src  fyne.Resource
	once sync.Once
	f    *font.Face
}

// font returns the parsed font, nil if it does not parse.
func (fc *face) font() *font.Face {
	fc.once.Do(func() {
		f, err := font.ParseTTF(bytes.NewReader(fc.src.Content()))
		if err != nil {
			fyne.LogError("article: font "+fc.src.Name(), err)
			return
		}
		fc.f = f
	})
	return fc.f
}

// hasGlyph reports whether the face has a glyph for r.
func (fc *face) hasGlyph(r rune) bool {
	f := fc.font()
	if f == nil {
		return false
	}
	_, ok := f.NominalGlyph(r)
	return ok
}

var (
	facesOnce sync.Once
	faceList  []*face // 0 the theme's text font, then emoji, then fallbacks
)

const (
	faceText  = 0
	faceEmoji = 1
)

func loadFaces() []*face {
	facesOnce.Do(func() {
		add := func(r fyne.Resource) { faceList = append(faceList, &face{src: r}) }
		add(theme.DefaultTextFont())
		e := assets.EmojiFont()
		add(fyne.NewStaticResource(e.Name, e.Data))
		for _, f := range assets.FallbackFonts() {
			add(fyne.NewStaticResource(f.Name, f.Data))
		}
	})
	return faceList
}

// isEmojiCluster reports clusters drawn as emoji: pictographs, flags,
// keycaps and anything carrying VS16, a ZWJ or a skin-tone modifier.
func isEmojiCluster(cl string) bool {
	for i, r := range cl {
		switch {
		case r == 0xfe0f, r == 0x20e3 && i > 0, r == 0x200d:
			return true
		case r >= 0x1f000 && r <= 0x1faff: // pictographs, flags, modifiers
			return true
		case i == 0 && r >= 0x2600 && r <= 0x27bf:
			return false // text-style dingbats unless VS16 follows (checked above)
		}
	}
	return false
}

// faceOf returns the index of the face that draws cluster cl.
func faceOf(cl string) uint8 {
	fs := loadFaces()
	if isEmojiCluster(cl) && len(fs) > faceEmoji {
		return faceEmoji
	}
	r, _ := utf8.DecodeRuneInString(cl)
	if r < 0x250 || len(fs) == 0 {
		return faceText
	}
	for i, f := range fs {
		if i == faceEmoji {
			continue
		}
		if f.hasGlyph(r) {
			return uint8(i)
		}
	}
	if fs[faceEmoji].hasGlyph(r) {
		return faceEmoji
	}
	return faceText
}

// faceRuns calls fn for each maximal run of s drawn with one face, with its
// byte range.
func faceRuns(s string, fn func(b0, b1 int, f uint8)) {
	plain := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xc9 { // first byte of U+0250 and above
			plain = false
			break
		}
	}
	if plain {
		if len(s) > 0 {
			fn(0, len(s), faceText)
		}
		return
	}
	start, pos := 0, 0
	cur := uint8(255)
	state := -1
	rest := s
	for len(rest) > 0 {
		var cl string
		cl, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		f := faceOf(cl)
		if f != cur {
			if cur != 255 {
				fn(start, pos, cur)
			}
			start, cur = pos, f
		}
		pos += len(cl)
	}
	if cur != 255 {
		fn(start, pos, cur)
	}
}

// faceSource returns the resource of face f.
func faceSource(f uint8) fyne.Resource {
	fs := loadFaces()
	if int(f) < len(fs) {
		return fs[f].src
	}
	return theme.DefaultTextFont()
}
