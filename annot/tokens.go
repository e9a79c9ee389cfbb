package annot

import (
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Token is one token of a document, in code points: text[Start:End].
type Token struct {
	Start, End int
}

// Tokens splits the indexed text into tokens with Unicode word segmentation
// (UAX #29, via rivo/uniseg). Whitespace is dropped; every other segment is a
// token, so punctuation comes out as tokens of its own ("said," is "said"
// and ","), while "U.S", "don’t" and "3.5" stay whole as UAX #29 rules.
// This is Spanbench's one tokenizer: export formats, word snapping and
// suggesters all use it.
func (ix *Index) Tokens() []Token {
	ix.tokensOnce.Do(ix.buildTokens)
	return ix.tokens
}

func (ix *Index) buildTokens() {
	toks := make([]Token, 0, ix.n/5+1)
	rest := ix.text
	cp := 0
	state := -1
	var seg string
	for len(rest) > 0 {
		seg, rest, state = uniseg.FirstWordInString(rest, state)
		n := len(seg)
		if !ix.ascii {
			n = utf8.RuneCountInString(seg)
		}
		if !isSpace(seg) {
			// UAX #29 keeps runs of identical punctuation apart already, but it
			// joins an emoji with its modifiers: that is one token, as wanted.
			toks = append(toks, Token{cp, cp + n})
		}
		cp += n
	}
	ix.tokens = toks
}

func isSpace(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && r != '\u200b' && r != '\ufeff' {
			return false
		}
	}
	return true
}

// IsWordRune reports whether r belongs to a word (letter, mark or digit), as
// opposed to punctuation, symbols and space.
func IsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// TokenAt returns the index of the token containing cp, or of the first
// token after cp when cp is in whitespace; len(Tokens()) when none follows.
func (ix *Index) TokenAt(cp int) int {
	toks := ix.Tokens()
	lo, hi := 0, len(toks)
	for lo < hi {
		m := (lo + hi) / 2
		if toks[m].End <= cp {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// SnapWord widens [start, end) to whole tokens: start moves back to the start
// of the token it is inside, end forward to the end of the token it is inside.
// Offsets in whitespace stay where they are. An empty range stays empty.
func (ix *Index) SnapWord(start, end int) (int, int) {
	if start >= end {
		return start, end
	}
	toks := ix.Tokens()
	if i := ix.TokenAt(start); i < len(toks) && toks[i].Start < start {
		start = toks[i].Start
	}
	if i := ix.TokenAt(end - 1); i < len(toks) && toks[i].Start < end && toks[i].End > end {
		end = toks[i].End
	}
	return start, end
}

// NextWordEnd returns the end of the token that ends after cp, skipping
// whitespace: what Ctrl+Right moves the caret to. Len() at the end.
func (ix *Index) NextWordEnd(cp int) int {
	toks := ix.Tokens()
	i := ix.TokenAt(cp)
	if i < len(toks) && toks[i].End == cp {
		i++
	}
	if i >= len(toks) {
		return ix.n
	}
	return toks[i].End
}

// PrevWordStart returns the start of the token that starts before cp:
// what Ctrl+Left moves the caret to. 0 at the start.
func (ix *Index) PrevWordStart(cp int) int {
	toks := ix.Tokens()
	i := ix.TokenAt(cp)
	if i >= len(toks) || toks[i].Start >= cp {
		i--
	}
	if i < 0 {
		return 0
	}
	return toks[i].Start
}
