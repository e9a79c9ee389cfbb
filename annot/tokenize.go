package annot

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// tokenize cuts text into tokens (see Index.Tokens) and yields them in
// order, in code points, with their byte offsets b0, b1. ascii says text
// is all ASCII.
func tokenize(text string, ascii bool, yield func(t Token, b0, b1 int) bool) {
	var c chunkTokenizer
	cp := 0 // code points before byte i
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if IsSpace(r) {
			i += size
			cp++
			continue
		}
		j := i + size
		for j < len(text) {
			r, size = rune(text[j]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(text[j:])
			}
			if IsSpace(r) {
				break
			}
			j += size
		}
		chunk := text[i:j]
		c.split(chunk)
		// Byte offsets in the chunk to code points: pieces come in order.
		at, atCP := 0, cp
		toCP := func(b int) int {
			if ascii || c.ascii {
				return cp + b
			}
			atCP += utf8.RuneCountInString(chunk[at:b])
			at = b
			return atCP
		}
		for _, p := range c.out {
			s := toCP(p[0])
			if !yield(Token{s, toCP(p[1])}, i+p[0], i+p[1]) {
				return
			}
		}
		cp = toCP(len(chunk))
		i = j
	}
}

// chunkTokenizer cuts one chunk (text without whitespace) into tokens by
// spaCy's algorithm (its Tokenizer._split_affixes and _attach_tokens):
// special cases first; then prefixes and suffixes come off, one at a time,
// until what is left is a special case or has none; the rest is split at
// its infixes. It keeps its scratch space from chunk to chunk. Every cut
// is at a grapheme cluster boundary.
type chunkTokenizer struct {
	s     string
	plain bool // no special cases (to find which special cases hold affixes)
	ascii bool
	bound []bool   // bound[i]: a grapheme cluster starts at byte i (non-ASCII chunks)
	out   [][2]int // the tokens of the chunk, byte ranges
	sufs  [][2]int // suffixes taken off, innermost last
}

func (c *chunkTokenizer) split(s string) {
	c.s, c.out, c.sufs, c.ascii = s, c.out[:0], c.sufs[:0], true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			c.ascii = false
			break
		}
	}
	if !c.ascii {
		if cap(c.bound) < len(s)+1 {
			c.bound = make([]bool, len(s)+1)
		}
		c.bound = c.bound[:len(s)+1]
		clear(c.bound)
		rest, b, state := s, 0, -1
		var cl string
		for len(rest) > 0 {
			c.bound[b] = true
			cl, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
			b += len(cl)
		}
		c.bound[len(s)] = true
	}
	if parts, ok := c.lookup(s); ok {
		c.special(0, parts)
		return
	}
	lo, hi := 0, len(s)
	last := -1
	for lo < hi && hi-lo != last {
		if _, ok := c.lookup(s[lo:hi]); ok {
			break
		}
		last = hi - lo
		pre := c.prefix(lo, hi)
		if pre > 0 && lo+pre < hi {
			if _, ok := special(s[lo+pre : hi]); ok {
				c.out = append(c.out, [2]int{lo, lo + pre})
				lo += pre
				break
			}
		}
		suf := c.suffix(lo+pre, hi)
		if suf > 0 && hi-suf > lo {
			if _, ok := special(s[lo : hi-suf]); ok {
				c.sufs = append(c.sufs, [2]int{hi - suf, hi})
				hi -= suf
				break
			}
		}
		if pre > 0 {
			c.out = append(c.out, [2]int{lo, lo + pre})
			lo += pre
		}
		if suf > 0 {
			c.sufs = append(c.sufs, [2]int{hi - suf, hi})
			hi -= suf
		}
	}
	if lo < hi {
		c.core(lo, hi)
	}
	for i := len(c.sufs) - 1; i >= 0; i-- {
		c.out = append(c.out, c.sufs[i])
	}
	if !c.plain && len(c.out) > 1 {
		c.rejoin()
	}
}

// lookup is special, unless the tokenizer runs without special cases.
func (c *chunkTokenizer) lookup(s string) ([]string, bool) {
	if c.plain {
		return nil, false
	}
	return special(s)
}

// rejoin is spaCy's second pass (Tokenizer._apply_special_cases): a
// special case that holds a prefix, suffix or infix ("):", "and/or") may
// have been cut by them; where the tokens of the chunk spell its pieces
// cut that way, they become the special case's pieces. Longer matches
// win, then the leftmost.
func (c *chunkTokenizer) rejoin() {
	tokPatternsOnce.Do(buildTokPatterns)
	type match struct{ s, e int }
	var ms []match
	for i, t := range c.out {
		for _, pat := range tokPatterns[c.s[t[0]:t[1]]] {
			if i+len(pat) > len(c.out) {
				continue
			}
			ok := true
			for k, orth := range pat {
				u := c.out[i+k]
				ok = ok && c.s[u[0]:u[1]] == orth
			}
			if ok {
				ms = append(ms, match{i, i + len(pat)})
			}
		}
	}
	if len(ms) == 0 {
		return
	}
	slices.SortStableFunc(ms, func(a, b match) int {
		if d := (b.e - b.s) - (a.e - a.s); d != 0 {
			return d
		}
		return a.s - b.s
	})
	seen := make([]bool, len(c.out))
	var kept []match
	for _, m := range ms {
		if !seen[m.s] && !seen[m.e-1] {
			kept = append(kept, m)
		}
		for k := m.s; k < m.e; k++ {
			seen[k] = true
		}
	}
	slices.SortFunc(kept, func(a, b match) int { return a.s - b.s })
	out := make([][2]int, 0, len(c.out))
	for i, k := 0, 0; i < len(c.out); {
		if k < len(kept) && kept[k].s == i {
			m := kept[k]
			k++
			a, b := c.out[m.s][0], c.out[m.e-1][1]
			if parts, ok := special(c.s[a:b]); ok {
				for _, p := range parts {
					out = append(out, [2]int{a, a + len(p)})
					a += len(p)
				}
			} else {
				out = append(out, c.out[m.s:m.e]...)
			}
			i = m.e
			continue
		}
		out = append(out, c.out[i])
		i++
	}
	c.out = out
}

// tokPatterns are the special cases that hold a prefix, suffix or infix
// (or a space), as the pieces the tokenizer cuts them into without
// special cases, by their first piece: what rejoin looks for.
var (
	tokPatterns     map[string][][]string
	tokPatternsOnce sync.Once
)

func buildTokPatterns() {
	m := map[string][][]string{}
	c := chunkTokenizer{plain: true}
	keys := make([]string, 0, len(tokSpecials))
	for k := range tokSpecials {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		c.split(k)
		affix := strings.Contains(k, " ") || c.prefix(0, len(k)) > 0 || c.suffix(0, len(k)) > 0
		for p := 0; p < len(k) && !affix; p++ {
			affix = c.infix(0, len(k), p) > 0
		}
		if !affix {
			continue
		}
		c.split(k)
		var orths []string
		for _, t := range c.out {
			orths = append(orths, k[t[0]:t[1]])
		}
		m[orths[0]] = append(m[orths[0]], orths)
	}
	tokPatterns = m
}

// special returns the pieces of s when it is a special case. Long
// strings are none: a chunk of thousands of brackets costs no hashing of
// what is left of it each time one comes off.
func special(s string) ([]string, bool) {
	if len(s) > maxSpecialLen {
		return nil, false
	}
	parts, ok := tokSpecials[s]
	return parts, ok
}

// special emits the pieces of a special case starting at byte at.
func (c *chunkTokenizer) special(at int, parts []string) {
	for _, p := range parts {
		c.out = append(c.out, [2]int{at, at + len(p)})
		at += len(p)
	}
}

func (c *chunkTokenizer) isB(i int) bool { return c.ascii || i <= 0 || i >= len(c.s) || c.bound[i] }

// nextB and prevB snap a byte offset to a cluster boundary, forward and
// back.
func (c *chunkTokenizer) nextB(i int) int {
	for !c.isB(i) {
		i++
	}
	return i
}

func (c *chunkTokenizer) prevB(i int) int {
	for !c.isB(i) {
		i--
	}
	return i
}

// at returns the rune at byte i, or -1 at or past hi.
func (c *chunkTokenizer) at(i, hi int) rune {
	r, _ := c.sized(i, hi)
	return r
}

// sized returns the rune at byte i and its size in the text (1 for a byte
// that is not UTF-8), or -1, 0 at or past hi.
func (c *chunkTokenizer) sized(i, hi int) (rune, int) {
	if i >= hi {
		return -1, 0
	}
	if r := c.s[i]; r < utf8.RuneSelf {
		return rune(r), 1
	}
	return utf8.DecodeRuneInString(c.s[i:hi])
}

// before returns the first rune of the cluster that ends at byte i, or -1
// when i is lo: spaCy's look-behind, which sees only the string in hand.
func (c *chunkTokenizer) before(lo, i int) rune {
	if i <= lo {
		return -1
	}
	return c.at(max(c.prevB(i-1), lo), i)
}

// prefix returns the length in bytes of the prefix of s[lo:hi], 0 if none.
func (c *chunkTokenizer) prefix(lo, hi int) int {
	s := c.s[lo:hi]
	r, size := c.sized(lo, hi)
	n := 0
	switch {
	case isTokMark(r):
		n = 1 // a mark without a character before it: its cluster alone
	case strings.ContainsRune("§%=—–", r), r == '+' && !isTokDigit(c.at(lo+1, hi)), isTokPunct(r):
		n = size
	case strings.HasPrefix(s, ".."):
		n = len(s) - len(strings.TrimLeft(s, "."))
	case isTokQuote(r):
		n = size
	default:
		for _, cur := range tokCurrency {
			if r < utf8.RuneSelf && r != '$' && r != 'U' && r != 'C' && r != 'A' {
				break // no currency starts with another ASCII character
			}
			if strings.HasPrefix(s, cur) {
				n = len(cur)
				break
			}
		}
		if n == 0 && isTokIcon(r) {
			n = size
		}
	}
	if n == 0 {
		return 0
	}
	return min(c.nextB(lo+n), hi) - lo
}

// suffix returns the length in bytes of the suffix of s[lo:hi], 0 if none:
// of spaCy's suffix patterns, the one that starts leftmost.
func (c *chunkTokenizer) suffix(lo, hi int) int {
	if lo >= hi {
		return 0
	}
	s := c.s[lo:hi]
	q := max(c.prevB(hi-1), lo) // the last cluster
	r := c.at(q, hi)
	n := 0
	longer := func(k int) {
		if k > n {
			n = k
		}
	}
	if isTokPunct(r) || isTokQuote(r) || isTokIcon(r) || r == '—' || r == '–' {
		longer(hi - q)
	}
	if strings.HasSuffix(s, "……") {
		longer(len("……"))
	}
	if dots := len(s) - len(strings.TrimRight(s, ".")); dots >= 2 {
		longer(dots)
	}
	for _, p := range []string{"'s", "'S", "’s", "’S"} {
		if strings.HasSuffix(s, p) {
			longer(len(p))
		}
	}
	digitBefore := func(k int) bool { return k < len(s) && isTokDigit(c.before(lo, hi-k)) }
	if r == '+' && digitBefore(1) {
		longer(1)
	}
	// A unit or currency right after a digit: no unit holds an ASCII digit,
	// so it is what follows the last one.
	if d := strings.LastIndexFunc(s, isTokDigit); d >= 0 && d < len(s)-1 && tokAfterNumber[s[d+1:]] {
		longer(len(s) - d - 1)
	}
	if r == '.' {
		p := c.before(lo, q)
		pp := c.before(lo, max(c.prevB(q-1), lo))
		if p == -1 {
			pp = -1
		}
		switch {
		case isTokDigit(p) || isTokLower(p) || strings.ContainsRune("%²-+", p) || isTokPunct(p) || isTokQuote(p):
			longer(1)
		case isTokUpper(p) && isTokUpper(pp):
			longer(1)
		case pp == '°' && strings.ContainsRune("FfCcKk", p):
			longer(1)
		}
	}
	if n == 0 {
		return 0
	}
	return hi - max(c.prevB(hi-n), lo)
}

// urlRe is spaCy's URL_MATCH without its IP address branch (numbers with
// dots stay whole anyway): a token it matches is not split at infixes.
var urlRe = regexp.MustCompile(`^(?:[\w+\-.]{2,}://)?(?:\S+(?::\S*)?@)?` +
	`(?:(?:[A-Za-z0-9\x{a1}-\x{ffff}][A-Za-z0-9\x{a1}-\x{ffff}_-]{0,62})?[A-Za-z0-9\x{a1}-\x{ffff}]\.)+` +
	`[\p{Ll}\p{Lo}]{2,63}(?::\d{2,5})?(?:[/?#]\S*)?$`)

// core splits what prefixes and suffixes left at its infixes.
func (c *chunkTokenizer) core(lo, hi int) {
	s := c.s[lo:hi]
	if parts, ok := c.lookup(s); ok {
		c.special(lo, parts)
		return
	}
	if strings.IndexByte(s, '.') > 0 && urlRe.MatchString(s) {
		c.piece(lo, hi)
		return
	}
	start := lo
	for p := lo; p < hi; {
		n := c.infix(lo, hi, p)
		if n == 0 {
			p = c.nextB(p + 1)
			continue
		}
		if p > lo {
			if p != start {
				c.piece(start, p)
			}
			c.piece(p, p+n)
			start = p + n
		}
		p += n
	}
	if start < hi {
		c.piece(start, hi)
	}
}

// infix returns the length of an infix at byte p of s[lo:hi], 0 if none.
func (c *chunkTokenizer) infix(lo, hi, p int) int {
	r, size := c.sized(p, hi)
	prev := c.before(lo, p)
	next := c.at(p+size, hi)
	switch {
	case r == '.' && next == '.':
		return len(c.s[p:hi]) - len(strings.TrimLeft(c.s[p:hi], "."))
	case r == '…':
		return size
	case isTokIcon(r):
		return c.nextB(p+size) - p
	case isTokDigit(prev) && strings.ContainsRune("+-*^", r) && (isTokDigit(next) || next == '-'):
		return size
	case r == '.' && (isTokLower(prev) || isTokQuote(prev)) && (isTokUpper(next) || isTokQuote(next)):
		return size
	case r == ',' && isTokAlpha(prev) && isTokAlpha(next):
		return size
	}
	if r != '-' && r != '–' && r != '—' && r != '~' && !strings.ContainsRune(":<>=/", r) {
		return 0 // every infix below starts with one of these
	}
	if isTokAlpha(prev) || isTokDigit(prev) {
		for _, h := range tokHyphens {
			if strings.HasPrefix(c.s[p:hi], h) && isTokAlpha(c.at(p+len(h), hi)) {
				return len(h)
			}
		}
		if strings.ContainsRune(":<>=/", r) && isTokAlpha(next) {
			return size
		}
	}
	return 0
}

// piece emits a token, cut at Unicode word boundaries when it holds a
// script written without spaces.
func (c *chunkTokenizer) piece(a, b int) {
	if !c.ascii && strings.IndexFunc(c.s[a:b], isUnspaced) >= 0 {
		rest, state := c.s[a:b], -1
		var w string
		for len(rest) > 0 {
			w, rest, state = uniseg.FirstWordInString(rest, state)
			c.out = append(c.out, [2]int{a, a + len(w)})
			a += len(w)
		}
		return
	}
	c.out = append(c.out, [2]int{a, b})
}
