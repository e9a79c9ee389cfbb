package annot

import (
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Token is one token of a document, in code points: text[Start:End].
type Token struct {
	Start, End int
}

// Tokens splits the indexed text into tokens by the rules of spaCy's
// English tokenizer: the text is cut at whitespace, then each chunk loses
// its prefixes (opening punctuation and quotes, currency signs) and
// suffixes (closing punctuation and quotes, "'s" and "’s", a full stop
// after a lower-case word or two capitals, units after a number: "5km"),
// and is split at infixes (a hyphen or dash between letters, "/" or ":"
// before a letter, a comma between letters, "..." anywhere). Special cases
// come first: contractions ("don't" is "do" "n't", "we’re" is "we" "’re",
// "can't" is "ca" "n't"), abbreviations ("Mr.", "U.S.", "e.g.", months and
// states), times ("5pm"). A URL stays whole. Beyond spaCy's rules, no token
// holds whitespace (ZWSP and BOM included), a grapheme cluster (an emoji
// sequence, a letter and its accents) is never split, a combining mark
// after a space is a token of its own, and runs of scripts written without
// spaces (Han, kana, Thai ...) are cut at Unicode word boundaries (UAX #29).
// This is Spanbench's one tokenizer: export formats, word snapping and
// suggesters all use it. The tokens are built once and kept; exports of
// long texts stream them instead (TokensCut).
func (ix *Index) Tokens() []Token {
	ix.tokensOnce.Do(ix.buildTokens)
	return ix.tokens
}

func (ix *Index) buildTokens() {
	toks := make([]Token, 0, ix.n/5+1)
	tokenize(ix.text, ix.ascii, func(t Token, _, _ int) bool {
		toks = append(toks, t)
		return true
	})
	ix.tokens = toks
}

// TokenText is a token with its text, and whether whitespace follows it
// (spaCy's and Prodigy's "ws").
type TokenText struct {
	Token
	Text       string
	SpaceAfter bool
}

// TokensCut streams the tokens of Tokens, each further cut at every offset
// of cuts (code points, sorted) that falls inside it, so that a span whose
// ends are in cuts starts and ends on token boundaries. Nothing is kept:
// memory does not grow with the text.
func (ix *Index) TokensCut(cuts []int) iter.Seq[TokenText] {
	return func(yield func(TokenText) bool) {
		k := 0
		tokenize(ix.text, ix.ascii, func(t Token, b0, b1 int) bool {
			return ix.cutToken(t, b0, b1, cuts, &k, yield)
		})
	}
}

// CutTokens is TokensCut over tokens given (those of an imported file,
// sorted and not overlapping) instead of the tokenizer's.
func (ix *Index) CutTokens(toks []Token, cuts []int) iter.Seq[TokenText] {
	return func(yield func(TokenText) bool) {
		k := 0
		for _, t := range toks {
			if !ix.cutToken(t, ix.Byte(t.Start), ix.Byte(t.End), cuts, &k, yield) {
				return
			}
		}
	}
}

// cutToken yields token t (bytes b0..b1 of the text) cut at the offsets of
// cuts inside it; *k is the first cut not yet passed.
func (ix *Index) cutToken(t Token, b0, b1 int, cuts []int, k *int, yield func(TokenText) bool) bool {
	for *k < len(cuts) && cuts[*k] <= t.Start {
		*k++
	}
	for *k < len(cuts) && cuts[*k] < t.End {
		c := cuts[*k]
		*k++
		b := b0
		for cp := t.Start; cp < c; cp++ {
			_, size := utf8.DecodeRuneInString(ix.text[b:b1])
			b += size
		}
		if !yield(TokenText{Token{t.Start, c}, ix.text[b0:b], false}) {
			return false
		}
		t.Start, b0 = c, b
	}
	next, _ := utf8.DecodeRuneInString(ix.text[b1:])
	return yield(TokenText{t, ix.text[b0:b1], b1 < len(ix.text) && unicode.IsSpace(next)})
}

// Sentences splits the indexed text into sentences, in code points: Unicode
// sentence segmentation (UAX #29, via rivo/uniseg), except that a full stop
// closing an abbreviation or an initial (IsAbbrev: "Mr.", "U.S.", "J. R.
// R. Tolkien") ends no sentence, where UAX #29 breaks before any capital.
// Each sentence is trimmed of surrounding whitespace; sentences that are
// only whitespace are dropped. A line break always ends a sentence (UAX #29
// breaks after paragraph separators), even after an abbreviation, so a
// headline is a sentence of its own. Token formats (CoNLL, Hugging Face) put
// a blank line or a new row between sentences.
//
// Text alone cannot tell "…in the U.S. The next day…" (two sentences) from
// "…the U.S. Army left" (one): both are kept as one sentence. A sentence too
// long now and then costs an NER dataset less than an entity cut in two.
// The suggesters (annot/suggest) use the same sentences.
func (ix *Index) Sentences() []Token {
	ix.sentsOnce.Do(ix.buildSentences)
	return ix.sents
}

func (ix *Index) buildSentences() {
	var out []Token
	ix.eachSentence(func(t Token) bool {
		out = append(out, t)
		return true
	})
	ix.sents = out
}

// SentenceSeq yields the sentences of Sentences in order without keeping
// them: what an export of a long text streams through. Each call segments
// the text again.
func (ix *Index) SentenceSeq() iter.Seq[Token] { return ix.eachSentence }

// eachSentence segments the text into sentences (see Sentences). A
// sentence is yielded once the next one is known to start apart from it.
func (ix *Index) eachSentence(yield func(Token) bool) {
	var cur Token
	have := false
	rest := ix.text
	cp := 0
	state := -1
	join := false // the last sentence ended with an abbreviation: this segment goes on with it
	var seg string
	for len(rest) > 0 {
		seg, rest, state = uniseg.FirstSentenceInString(rest, state)
		n := len(seg)
		if !ix.ascii {
			n = utf8.RuneCountInString(seg)
		}
		start, end := cp, cp+n
		cp = end
		// Trim whitespace (and BOM, ZWSP) at both ends, in code points.
		lead := strings.TrimLeftFunc(seg, IsSpace)
		trail := strings.TrimRightFunc(lead, IsSpace)
		if trail == "" {
			join = false
			continue
		}
		start += utf8.RuneCountInString(seg[:len(seg)-len(lead)])
		end -= utf8.RuneCountInString(lead[len(trail):])
		if join && have {
			cur.End = end
		} else {
			if have && !yield(cur) {
				return
			}
			cur, have = Token{start, end}, true
		}
		join = endsWithAbbrev(trail) && !strings.ContainsAny(lead[len(trail):], lineBreaks)
	}
	if have {
		yield(cur)
	}
}

// lineBreaks end a sentence whatever stands before them.
const lineBreaks = "\n\r\v\f\u0085\u2028\u2029"

// endsWithAbbrev reports whether s ends with a full stop closing an
// abbreviation: the word before it (letters, digits and full stops) is one
// IsAbbrev knows.
func endsWithAbbrev(s string) bool {
	if !strings.HasSuffix(s, ".") {
		return false
	}
	w := s[:len(s)-1]
	j := len(w)
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(w[:j])
		if !IsWordRune(r) && r != '.' {
			break
		}
		j -= size
	}
	return IsAbbrev(w[j:])
}

// SentenceOf returns, for each token of Tokens(), the index in Sentences()
// of the sentence it starts in, as token formats assign them (they stream
// the same rule). A token that straddles a sentence boundary (word and
// sentence rules disagree, rarely) belongs to the sentence it starts in.
func (ix *Index) SentenceOf() []int {
	toks := ix.Tokens()
	sents := ix.Sentences()
	out := make([]int, len(toks))
	s := 0
	for i, t := range toks {
		for s+1 < len(sents) && t.Start >= sents[s+1].Start {
			s++
		}
		out[i] = s
	}
	return out
}

// IsSpace reports whether r is space between words: Unicode white space, and
// the zero-width space and byte order mark, which show nothing but are not
// part of a word. The tokenizer and the suggesters agree on it.
func IsSpace(r rune) bool { return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' }

// TrimSpace returns [s, e) ordered, clamped to the text, snapped outward to
// grapheme clusters and without space (IsSpace) at either end: the range a
// selection makes into a span. An all-space range comes back empty at its
// start.
func (ix *Index) TrimSpace(s, e int) (int, int) {
	if s > e {
		s, e = e, s
	}
	s, e = max(s, 0), min(e, ix.Len())
	s, e = ix.SnapGrapheme(s, false), ix.SnapGrapheme(e, true)
	spaceAt := func(cp int) bool {
		r, _ := utf8.DecodeRuneInString(ix.Slice(cp, cp+1))
		return IsSpace(r)
	}
	for s < e && spaceAt(s) {
		s = ix.NextGrapheme(s)
	}
	for e > s && spaceAt(ix.PrevGrapheme(e)) {
		e = ix.PrevGrapheme(e)
	}
	return s, e
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
