package suggest

import (
	"sort"
	"unicode"

	"spanbench/annot"
)

// quote is a quoted passage found by pairing marks: its content pieces
// between the marks (one per paragraph for a quote continued across
// paragraphs, one per part for a quote interrupted by its cue), the
// positions of its first opening and last closing mark, and where it sits
// among the other quotes.
type quote struct {
	pieces   []annot.Fragment // content between the marks, untrimmed
	trimmed  []annot.Fragment // pieces trimmed of edge whitespace and punctuation, empty ones dropped
	open     int              // first opening mark
	close    int              // last closing mark; the end of the last piece when unclosed
	opener   rune
	unclosed bool // the closing mark is missing: the quote ends with its paragraph
	parent   int  // index of the quote this one is nested in, or -1
	merged   bool // absorbed into the previous quote as a further fragment
	existing string
}

// closers maps an opening mark to the marks that close it. Scraped text
// mixes straight and curly double marks ("…” and “…"), so each closes the
// other.
var closers = map[rune]string{
	'“': "”\"", '„': "“”", '‟': "”", '"': `"”`, '＂': "＂", '«': "»", '»': "«", '‹': "›", '›': "‹",
	'‘': "’", '‚': "‘’", '\'': "'", '「': "」", '『': "』", '〝': "〞〟",
}

// family groups opening marks that may reopen a quote continued in the next
// paragraph: English typesetting repeats the opening mark there.
func sameFamily(a, b rune) bool {
	if a == b {
		return true
	}
	dbl := func(c rune) bool { return c == '“' || c == '"' || c == '‟' }
	return dbl(a) && dbl(b)
}

type openMark struct {
	c      rune
	pos    int
	pieces []annot.Fragment // earlier paragraphs' pieces of a continued quote
	first  int              // opening mark of the first piece
}

// pairQuotes pairs the quotation marks of the text, paragraph by
// paragraph. Apostrophes (don’t, Afghanistan’s, the ’60s) are never taken
// for marks; a quote left open at the end of a paragraph continues when
// the next paragraph opens with the same mark, and otherwise ends there.
func (t *text) pairQuotes(paras []paragraph) []quote {
	var out []quote
	var pending *openMark // a top-level quote carried into the next paragraph
	for pi, p := range paras {
		var stack []openMark
		if pending != nil {
			if c := t.r[p.Start]; isQuoteRune(c) && sameFamily(pending.c, c) {
				stack = append(stack, openMark{c: c, pos: p.Start, pieces: pending.pieces, first: pending.first})
			} else {
				last := pending.pieces[len(pending.pieces)-1]
				out = append(out, quote{pieces: pending.pieces, open: pending.first, close: last.End, opener: pending.c, unclosed: true})
			}
			pending = nil
		}
		start := p.Start
		if len(stack) > 0 {
			start++
		}
		for i := start; i < p.End; i++ {
			c := t.r[i]
			if !isQuoteRune(c) {
				continue
			}
			prev, next := ' ', ' '
			if i > p.Start {
				prev = t.r[i-1]
			}
			if i+1 < p.End {
				next = t.r[i+1]
			}
			canOpen := !annot.IsSpace(next) && (annot.IsSpace(prev) || isOpenPunct(prev) || isQuoteRune(prev))
			canClose := !annot.IsSpace(prev) && (annot.IsSpace(next) || unicode.IsPunct(next) || isQuoteRune(next))
			closeAt := func(k int) {
				m := stack[k]
				pieces := append(append([]annot.Fragment(nil), m.pieces...), annot.Fragment{Start: m.pos + 1, End: i})
				out = append(out, quote{pieces: pieces, open: m.first, close: i, opener: m.c})
				stack = stack[:k]
			}
			push := func() { stack = append(stack, openMark{c: c, pos: i, first: i}) }
			switch c {
			case '“':
				if k := findOpen(stack, c); k >= 0 && stack[k].c == '„' && (canClose || !canOpen) {
					closeAt(k)
				} else if canOpen || !canClose {
					push()
				}
			case '”', '」', '』', '〞', '〟', '＂':
				if k := findOpen(stack, c); k >= 0 && (canClose || !canOpen || c != '”') {
					closeAt(k)
				} else if c == '＂' && canOpen {
					push()
				}
			case '„', '‟', '「', '『', '〝':
				push()
			case '«', '‹':
				if k := findOpen(stack, c); k >= 0 && canClose {
					closeAt(k)
				} else {
					push()
				}
			case '»', '›':
				if k := findOpen(stack, c); k >= 0 {
					closeAt(k)
				} else if canOpen {
					push()
				}
			case '"':
				if k := findOpen(stack, c); k >= 0 && (canClose || !canOpen) {
					closeAt(k)
				} else if canOpen {
					push()
				}
			case '‘', '’', '\'', '‚':
				if annot.IsWordRune(prev) && annot.IsWordRune(next) {
					continue // don’t, Afghanistan’s
				}
				if unicode.IsDigit(next) && !annot.IsWordRune(prev) && c != '‚' {
					continue // the ’60s
				}
				k := findOpen(stack, c)
				if k >= 0 && (canClose || !canOpen) && (c != '‘' || stack[k].c == '‚') {
					if (prev == 's' || prev == 'S') && t.betterCloser(i, p.End, stack[k].c) {
						continue // the Joneses’ house: a possessive, the quote closes later
					}
					closeAt(k)
				} else if canOpen && c != '’' {
					push()
				}
			}
		}
		if len(stack) > 0 {
			m := stack[0]
			pieces := append(append([]annot.Fragment(nil), m.pieces...), annot.Fragment{Start: m.pos + 1, End: p.End})
			if pi+1 < len(paras) && isQuoteRune(t.r[paras[pi+1].Start]) && sameFamily(m.c, t.r[paras[pi+1].Start]) {
				pending = &openMark{c: m.c, pieces: pieces, first: m.first}
			} else {
				out = append(out, quote{pieces: pieces, open: m.first, close: p.End, opener: m.c, unclosed: true})
			}
		}
	}
	if pending != nil {
		last := pending.pieces[len(pending.pieces)-1]
		out = append(out, quote{pieces: pending.pieces, open: pending.first, close: last.End, opener: pending.c, unclosed: true})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].open < out[j].open })
	nest(out)
	return out
}

// findOpen returns the index of the innermost open mark that c closes, or -1.
func findOpen(stack []openMark, c rune) int {
	for k := len(stack) - 1; k >= 0; k-- {
		for _, cl := range closers[stack[k].c] {
			if cl == c {
				return k
			}
		}
	}
	return -1
}

// betterCloser reports whether, after the ambiguous mark at i, the
// paragraph holds a closing mark for opener that follows punctuation
// ("…first,’ said") before any new opening mark.
func (t *text) betterCloser(i, end int, opener rune) bool {
	for j := i + 1; j < end; j++ {
		c := t.r[j]
		if c == opener && j > 0 && annot.IsSpace(t.r[j-1]) {
			return false
		}
		for _, cl := range closers[opener] {
			if c == cl && j > 0 && (unicode.IsPunct(t.r[j-1]) && !isQuoteRune(t.r[j-1])) {
				return true
			}
		}
	}
	return false
}

func isOpenPunct(c rune) bool {
	return c == '(' || c == '[' || c == '{' || c == '-' || c == '–' || c == '—' || c == '/' || c == ':' ||
		unicode.Is(unicode.Ps, c) || unicode.Is(unicode.Pi, c)
}

// nest sets each quote's parent: the innermost quote around its marks.
// Quotes are sorted by opening mark.
func nest(qs []quote) {
	var stack []int
	for i := range qs {
		qs[i].parent = -1
		for len(stack) > 0 && qs[stack[len(stack)-1]].close < qs[i].open {
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 {
			qs[i].parent = stack[len(stack)-1]
		}
		stack = append(stack, i)
	}
}
