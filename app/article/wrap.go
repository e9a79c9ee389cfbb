package article

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Line breaking and line layout. These are plain functions over a measure
// function so they can be table-tested with a fake monospace font; the widget
// passes a cached fyne.MeasureText.
//
// A block (one hard line of the document) is cut into line-break units with
// Unicode line breaking (UAX #14) stepped grapheme cluster by grapheme
// cluster (uniseg.StepString), so a break can only fall between clusters.
// A unit is its body plus trailing whitespace; the body must fit, the
// whitespace may hang past the edge. A body wider than a whole line is cut
// between grapheme clusters.

// measureFunc returns the advance width of s, a run of text without tabs,
// line breaks or other control characters.
type measureFunc func(s string) float32

type runKind uint8

const (
	runText   runKind = iota // glyphs to draw
	runSpace                 // whitespace before a break opportunity: advances, not drawn
	runTab                   // advances to the next tab stop, not drawn
	runHidden                // controls, BOM, bidi marks: no width, not drawn
)

// run is one piece of a laid-out line. Offsets are relative to the start of
// the line: bytes into the line's text and code points.
type run struct {
	kind   runKind
	b0, b1 int32
	c0, c1 int32
	x, w   float32
}

// shaper lays out text with one measure function and tab width.
type shaper struct {
	measure measureFunc
	tab     float32 // distance between tab stops
}

// isHidden reports characters that take no room and are not drawn: C0/C1
// controls other than tab, the BOM / zero-width no-break space, zero-width
// space, word joiner, bidi marks and the Unicode line/paragraph separators.
// ZWJ and ZWNJ stay in the text because they shape emoji and scripts.
func isHidden(r rune) bool {
	switch {
	case r < 0x20 && r != '\t':
		return true
	case r >= 0x7f && r < 0xa0:
		return true
	}
	switch r {
	case '\ufeff', '\u200b', '\u2060', '\u200e', '\u200f', '\u2028', '\u2029':
		return true
	}
	return false
}

// isTrailSpace reports whitespace that may hang at the end of a line.
func isTrailSpace(r rune) bool { return unicode.IsSpace(r) || isHidden(r) }

func (sh *shaper) tabStop(x float32) float32 {
	t := sh.tab
	if t <= 0 {
		t = 1
	}
	return float32(math.Floor(float64(x/t))+1) * t
}

// segRuns appends the runs of one line-break unit seg, which starts at
// byte b0 and code point c0 of the line and at x. It returns the runs, the
// x where the body (the unit without trailing whitespace) ends and the x
// where the unit ends.
func (sh *shaper) segRuns(out []run, seg string, b0, c0 int32, x float32) ([]run, float32, float32) {
	body := len(strings.TrimRightFunc(seg, isTrailSpace))
	bodyX := x
	// Fast path: plain ASCII word with plain trailing spaces.
	plain := true
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		if c >= utf8.RuneSelf || c < 0x20 || c == 0x7f {
			plain = false
			break
		}
	}
	if plain {
		if body > 0 {
			w := sh.measure(seg[:body])
			out = append(out, run{kind: runText, b0: b0, b1: b0 + int32(body), c0: c0, c1: c0 + int32(body), x: x, w: w})
			x += w
		}
		bodyX = x
		if body < len(seg) {
			w := sh.measure(seg[body:])
			out = append(out, run{kind: runSpace, b0: b0 + int32(body), b1: b0 + int32(len(seg)), c0: c0 + int32(body), c1: c0 + int32(len(seg)), x: x, w: w})
			x += w
		}
		return out, bodyX, x
	}
	// General path: group code points by kind; tabs one by one.
	i, cp := 0, c0
	for i < len(seg) {
		r, n := utf8.DecodeRuneInString(seg[i:])
		kind := kindOf(r, i >= body)
		j, cj := i+n, cp+1
		if kind != runTab {
			for j < len(seg) {
				r2, n2 := utf8.DecodeRuneInString(seg[j:])
				if kindOf(r2, j >= body) != kind {
					break
				}
				j += n2
				cj++
			}
		}
		var w float32
		switch kind {
		case runText, runSpace:
			w = sh.measure(seg[i:j])
		case runTab:
			w = sh.tabStop(x) - x
		}
		out = append(out, run{kind: kind, b0: b0 + int32(i), b1: b0 + int32(j), c0: cp, c1: cj, x: x, w: w})
		x += w
		if i < body {
			bodyX = x
		}
		i, cp = j, cj
	}
	return out, bodyX, x
}

// kindOf is the kind of run code point r belongs to; trailing says it is
// in the unit's trailing whitespace.
func kindOf(r rune, trailing bool) runKind {
	switch {
	case r == '\t':
		return runTab
	case isHidden(r):
		return runHidden
	case trailing:
		return runSpace
	}
	return runText
}

// segIter walks the line-break units of a text: runs of grapheme clusters
// ending where UAX #14 allows or requires a break.
type segIter struct {
	rest   string
	b, c   int32 // byte and code point offset of rest
	state  int
	simple bool // every code point is a grapheme cluster of its own
}

func newSegIter(s string) segIter { return segIter{rest: s, state: -1, simple: simpleText(s)} }

// simpleText reports text in which every code point is its own grapheme
// cluster: Latin and general punctuation without combining marks, joiners,
// regional indicators or line feeds. Most news text is; it can skip the
// grapheme-by-grapheme stepping, which costs three times as much.
func simpleText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == '\r' || c == '\n' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !(r < 0x300 || r >= 0x2010 && r <= 0x2027 || r >= 0x2030 && r <= 0x205e) {
			return false
		}
		i += n
	}
	return true
}

// next returns the next unit [b0, b1) bytes, [c0, c1) code points, and
// whether a mandatory break follows it (not reported at the end of text).
func (it *segIter) next() (b0, b1, c0, c1 int32, must, ok bool) {
	if len(it.rest) == 0 {
		return 0, 0, 0, 0, false, false
	}
	b0, c0 = it.b, it.c
	if it.simple {
		var seg string
		seg, it.rest, must, it.state = uniseg.FirstLineSegmentInString(it.rest, it.state)
		it.b += int32(len(seg))
		it.c += int32(utf8.RuneCountInString(seg))
		return b0, it.b, c0, it.c, must && len(it.rest) > 0, true
	}
	for len(it.rest) > 0 {
		var cl string
		var bd int
		cl, it.rest, bd, it.state = uniseg.StepString(it.rest, it.state)
		it.b += int32(len(cl))
		it.c += int32(utf8.RuneCountInString(cl))
		if lb := bd & uniseg.MaskLine; lb != uniseg.LineDontBreak {
			must = lb == uniseg.LineMustBreak && len(it.rest) > 0
			break
		}
	}
	return b0, it.b, c0, it.c, must, true
}

// wrap breaks text (one block, no hard line breaks except the rare Unicode
// separators) into lines no wider than maxW where possible. It returns the
// code point offset of each line's start, relative to text; the first is 0.
func (sh *shaper) wrap(text string, maxW float32, buf []run) ([]int32, []run) {
	starts := []int32{0}
	var x float32
	var lineStart int32
	it := newSegIter(text)
	for {
		b0, b1, c0, c1, must, ok := it.next()
		if !ok {
			break
		}
		seg := text[b0:b1]
		var bodyX, endX float32
		buf, bodyX, endX = sh.segRuns(buf[:0], seg, b0, c0, x)
		if c0 > lineStart && bodyX > maxW {
			starts = append(starts, c0)
			lineStart, x = c0, 0
			buf, bodyX, endX = sh.segRuns(buf[:0], seg, b0, c0, 0)
		}
		if bodyX > maxW && c0 == lineStart {
			// Overlong: cut between grapheme clusters.
			x, lineStart, starts = sh.cutLong(seg, c0, x, maxW, lineStart, starts)
		} else {
			x = endX
		}
		if must {
			starts = append(starts, c1)
			lineStart, x = c1, 0
		}
	}
	return starts, buf
}

// cutLong places the clusters of an overlong unit one by one, starting new
// lines as needed (at least one cluster per line).
func (sh *shaper) cutLong(seg string, c0 int32, x, maxW float32, lineStart int32, starts []int32) (float32, int32, []int32) {
	rest := seg
	cp := c0
	state := -1
	body := len(strings.TrimRightFunc(seg, isTrailSpace))
	pos := 0
	for len(rest) > 0 {
		var cl string
		cl, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		r, _ := utf8.DecodeRuneInString(cl)
		var w float32
		switch {
		case r == '\t':
			w = sh.tabStop(x) - x
		case isHidden(r):
		default:
			w = sh.measure(cl)
		}
		if pos < body && cp > lineStart && x+w > maxW {
			starts = append(starts, cp)
			lineStart, x = cp, 0
			if r == '\t' {
				w = sh.tabStop(0)
			}
		}
		x += w
		pos += len(cl)
		cp += int32(utf8.RuneCountInString(cl))
	}
	return x, lineStart, starts
}

// layoutLine lays out one line's text from x = 0.
func (sh *shaper) layoutLine(text string, out []run) []run {
	out = out[:0]
	var x float32
	it := newSegIter(text)
	for {
		b0, b1, c0, _, _, ok := it.next()
		if !ok {
			break
		}
		out, _, x = sh.segRuns(out, text[b0:b1], b0, c0, x)
	}
	return out
}

// lineWidth returns the width of a laid-out line, and the width without
// trailing whitespace.
func lineWidth(runs []run) (full, ink float32) {
	for _, r := range runs {
		full = r.x + r.w
		if r.kind == runText {
			ink = r.x + r.w
		}
	}
	return full, ink
}
