package article

import (
	"slices"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/bidi"
)

// Bidirectional text. Lines are broken in logical order (wrap.go); each
// line is then shown by the Unicode bidirectional algorithm (UAX #9):
//
//   - A paragraph's direction is that of its first strong character (P2,
//     P3): Arabic and Hebrew paragraphs are right to left and their lines
//     end at the column's right edge.
//   - Each line's embedding levels come from golang.org/x/text/unicode/bidi
//     (rules W1 to L1, with the paragraph's level). Its public API tells
//     only whether a character is left to right or right to left, so the
//     numbers that belong inside right-to-left text in a left-to-right
//     paragraph (level 2) are raised here (raiseNumbers).
//   - The line is cut into pieces of one level, one face and one run kind,
//     and the pieces are reordered by rule L2. A right-to-left piece is
//     drawn as one text, which Fyne shapes right to left; one holding no
//     right-to-left letter (punctuation between Arabic words) is cut into
//     grapheme clusters, since Fyne would shape it left to right. Mirrored
//     characters of right-to-left pieces (brackets, guillemets) are swapped
//     for their mirror images (L4), which Fyne does not do.
//
// A line without right-to-left characters in a left-to-right paragraph has
// one piece per run, where the run is: nothing moves.
//
// Every position comes from the pieces: the caret sits at the leading edge
// of the character after it (its left edge if it runs left to right, else
// its right edge), a range covers the clusters it holds wherever they are
// drawn (several rectangles when it crosses a change of direction), and a
// click finds the cluster under it and the nearer of its two edges.

// piece is a stretch of a line of one level, face and run kind, as drawn.
type piece struct {
	kind   runKind
	b0, b1 int32 // bytes, relative to the line
	c0, c1 int32 // code points, relative to the line
	x, w   float32
	rtl    bool   // odd level: its clusters run right to left
	level  uint8  // embedding level
	face   uint8  // faces.go
	text   string // what is drawn: the line's bytes [b0, b1), mirrored if rtl
}

// lineVis is a line laid out for display.
type lineVis struct {
	pieces []piece // logical order
	order  []int32 // indexes of pieces, left to right
	rtl    bool    // right-to-left paragraph
	bidi   bool    // drawn piece by piece (anything right to left)
	width  float32 // column width: a right-to-left line ends there
}

// paraRTL reports whether a paragraph runs right to left: its first strong
// character, outside isolates, is right to left (rules P2 and P3).
func paraRTL(s string) bool {
	depth := 0
	for _, r := range s {
		if r < 0x80 {
			if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
				if depth == 0 {
					return false
				}
			}
			continue
		}
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.LRI, bidi.RLI, bidi.FSI:
			depth++
		case bidi.PDI:
			depth = max(depth-1, 0)
		case bidi.L:
			if depth == 0 {
				return false
			}
		case bidi.R, bidi.AL:
			if depth == 0 {
				return true
			}
		}
	}
	return false
}

// hasRTL reports whether s holds a character that makes a left-to-right
// paragraph's line reorder: a right-to-left letter, an Arabic number or a
// right-to-left embedding, override or isolate.
func hasRTL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0xd6 { // below U+0590 (and continuation bytes) nothing is
			continue
		}
		r, _ := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError {
			continue
		}
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.R, bidi.AL, bidi.AN, bidi.RLE, bidi.RLO, bidi.RLI, bidi.FSI:
			return true
		}
	}
	return false
}

// bidiLevels returns the embedding level of each code point of a line of
// a paragraph whose direction is rtl.
func bidiLevels(rs []rune, rtl bool) []uint8 {
	base := uint8(0)
	lv := make([]uint8, len(rs))
	in := make([]rune, 0, len(rs)+1)
	dir := bidi.RightToLeft
	if rtl {
		base = 1
	} else {
		// x/text takes LeftToRight as "find out" (P2): a leading LRM
		// fixes level 0, and as a strong L it resolves what follows as
		// the start of a level 0 paragraph would.
		in = append(in, '\u200e')
		dir = bidi.LeftToRight
	}
	for _, r := range rs {
		if p, _ := bidi.LookupRune(r); p.Class() == bidi.B {
			r = '\t' // a paragraph separator inside a line: x/text stops there
		}
		in = append(in, r)
	}
	for i := range lv {
		lv[i] = base
	}
	var p bidi.Paragraph
	if _, err := p.SetString(string(in), bidi.DefaultDirection(dir)); err != nil {
		return lv
	}
	o, err := p.Order()
	if err != nil {
		return lv
	}
	skip := len(in) - len(rs)
	for k := range o.NumRuns() {
		run := o.Run(k)
		s, e := run.Pos() // e inclusive
		var l uint8       // left to right in a left-to-right paragraph
		switch {
		case run.Direction() == bidi.RightToLeft:
			l = 1
		case rtl:
			l = 2 // left to right inside right to left (I2)
		}
		for i := max(s-skip, 0); i <= e-skip && i < len(lv); i++ {
			lv[i] = l
		}
	}
	if !rtl {
		raiseNumbers(rs, lv)
	}
	return lv
}

// raiseNumbers sets level 2 on the numbers of a left-to-right paragraph's
// line that resolve as numbers (European numbers after right-to-left
// text, Arabic numbers): rules W1 to W7, then I1 of UAX #9, for a line
// without explicit embeddings.
func raiseNumbers(rs []rune, lv []uint8) {
	idx := make([]int, 0, len(rs)) // characters not removed by X9
	t := make([]bidi.Class, 0, len(rs))
	for i, r := range rs {
		p, _ := bidi.LookupRune(r)
		switch c := p.Class(); c {
		case bidi.BN, bidi.LRE, bidi.RLE, bidi.LRO, bidi.RLO, bidi.PDF:
		default:
			idx, t = append(idx, i), append(t, c)
		}
	}
	isolate := func(c bidi.Class) bool {
		return c == bidi.LRI || c == bidi.RLI || c == bidi.FSI || c == bidi.PDI
	}
	// W1: a nonspacing mark takes the type of what it follows.
	prev := bidi.L
	for k := range t {
		if t[k] == bidi.NSM {
			t[k] = prev
			if isolate(prev) {
				t[k] = bidi.ON
			}
		}
		prev = t[k]
	}
	// W2, W3: a European number after Arabic letters is an Arabic number;
	// Arabic letters are then R.
	strong := bidi.L
	for k, c := range t {
		switch c {
		case bidi.L, bidi.R, bidi.AL:
			strong = c
		case bidi.EN:
			if strong == bidi.AL {
				t[k] = bidi.AN
			}
		}
	}
	for k := range t {
		if t[k] == bidi.AL {
			t[k] = bidi.R
		}
	}
	// W4: one separator between two numbers of a type joins them.
	for k := 1; k+1 < len(t); k++ {
		a, c, b := t[k-1], t[k], t[k+1]
		switch {
		case c == bidi.ES && a == bidi.EN && b == bidi.EN, c == bidi.CS && a == bidi.EN && b == bidi.EN:
			t[k] = bidi.EN
		case c == bidi.CS && a == bidi.AN && b == bidi.AN:
			t[k] = bidi.AN
		}
	}
	// W5: terminators next to a European number are part of it.
	for k := 0; k < len(t); {
		if t[k] != bidi.ET {
			k++
			continue
		}
		j := k
		for j < len(t) && t[j] == bidi.ET {
			j++
		}
		if k > 0 && t[k-1] == bidi.EN || j < len(t) && t[j] == bidi.EN {
			for m := k; m < j; m++ {
				t[m] = bidi.EN
			}
		}
		k = j
	}
	// W7: a European number after left-to-right text (or at the start)
	// is left to right. W6 (other separators become neutral) changes no
	// number.
	strong = bidi.L
	for k, c := range t {
		switch c {
		case bidi.L, bidi.R:
			strong = c
		case bidi.EN:
			if strong == bidi.L {
				t[k] = bidi.L
			}
		}
	}
	// I1: numbers at level 0 go to level 2.
	for k, c := range t {
		if (c == bidi.EN || c == bidi.AN) && lv[idx[k]] == 0 {
			lv[idx[k]] = 2
		}
	}
	// Characters removed by X9 (zero width joiners, soft hyphens) inside a
	// number stay with it.
	for k := 1; k < len(idx); k++ {
		if lv[idx[k-1]] == 2 && lv[idx[k]] == 2 {
			for i := idx[k-1] + 1; i < idx[k]; i++ {
				lv[i] = 2
			}
		}
	}
}

// reorder returns the visual order (left to right) of items with the
// given levels, by rule L2: from the highest level down to the lowest odd
// one, every maximal sequence at that level or higher is reversed.
func reorder(levels []uint8) []int32 {
	order := make([]int32, len(levels))
	var hi, lo uint8 = 0, 255
	for i, l := range levels {
		order[i] = int32(i)
		hi = max(hi, l)
		if l&1 == 1 {
			lo = min(lo, l)
		}
	}
	for l := int(hi); l >= int(lo) && l > 0; l-- {
		for i := 0; i < len(order); {
			if int(levels[order[i]]) < l {
				i++
				continue
			}
			j := i
			for j < len(order) && int(levels[order[j]]) >= l {
				j++
			}
			slices.Reverse(order[i:j])
			i = j
		}
	}
	return order
}

// mirrors are the characters with a mirror image (Bidi_Mirrored) common in
// text, each with one of the same UTF-8 length.
var mirrors = map[rune]rune{
	'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<',
	'«': '»', '»': '«', '‹': '›', '›': '‹', '⁅': '⁆', '⁆': '⁅', '≤': '≥', '≥': '≤',
	'〈': '〉', '〉': '〈', '⟨': '⟩', '⟩': '⟨', '（': '）', '）': '（', '［': '］', '］': '［',
	'「': '」', '」': '「', '『': '』', '』': '『', '【': '】', '】': '【',
}

// mirrored returns s with its mirrored characters swapped (rule L4).
func mirrored(s string) string {
	var out []byte
	for i, r := range s {
		m, ok := mirrors[r]
		if !ok {
			continue
		}
		if out == nil {
			out = []byte(s)
		}
		utf8.EncodeRune(out[i:], m)
	}
	if out == nil {
		return s
	}
	return string(out)
}

// strongRTL reports whether s holds a right-to-left letter.
func strongRTL(s string) bool {
	for _, r := range s {
		if r >= 0x590 {
			if p, _ := bidi.LookupRune(r); p.Class() == bidi.R || p.Class() == bidi.AL {
				return true
			}
		}
	}
	return false
}

// visual lays out a line for display: text is the line, runs its logical
// layout (layoutLine), rtl the paragraph's direction and width the column
// width.
func (sh *shaper) visual(text string, runs []run, rtl bool, width float32) lineVis {
	lv := lineVis{rtl: rtl, width: width}
	if !rtl && !hasRTL(text) {
		lv.pieces = make([]piece, len(runs))
		lv.order = make([]int32, len(runs))
		for i, r := range runs {
			lv.pieces[i] = piece{kind: r.kind, b0: r.b0, b1: r.b1, c0: r.c0, c1: r.c1, x: r.x, w: r.w, text: text[r.b0:r.b1]}
			lv.order[i] = int32(i)
		}
		return lv
	}
	lv.bidi = true
	levels := bidiLevels([]rune(text), rtl)
	ps := make([]piece, 0, 2*len(runs))
	for _, r := range runs {
		if r.kind == runTab || r.kind == runHidden {
			ps = append(ps, piece{kind: r.kind, b0: r.b0, b1: r.b1, c0: r.c0, c1: r.c1, w: r.w, level: levels[r.c0]})
			continue
		}
		// Clusters of one level and face make a piece.
		rest, state := text[r.b0:r.b1], -1
		b, c := r.b0, r.c0
		cur := -1
		for len(rest) > 0 {
			var cl string
			cl, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
			n := int32(utf8.RuneCountInString(cl))
			l, f := levels[c], uint8(faceText)
			if r.kind == runText {
				f = faceOf(cl)
			}
			if cur < 0 || ps[cur].level != l || ps[cur].face != f {
				ps = append(ps, piece{kind: r.kind, b0: b, c0: c, level: l, face: f})
				cur = len(ps) - 1
			}
			b += int32(len(cl))
			c += n
			ps[cur].b1, ps[cur].c1 = b, c
		}
	}
	// Right-to-left pieces without a right-to-left letter: one per cluster.
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		if p.kind != runText || p.level&1 == 0 || strongRTL(text[p.b0:p.b1]) {
			continue
		}
		var split []piece
		rest, state := text[p.b0:p.b1], -1
		b, c := p.b0, p.c0
		for len(rest) > 0 {
			var cl string
			cl, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
			q := p
			q.b0, q.c0 = b, c
			b += int32(len(cl))
			c += int32(utf8.RuneCountInString(cl))
			q.b1, q.c1 = b, c
			split = append(split, q)
		}
		if len(split) > 1 {
			ps = slices.Replace(ps, i, i+1, split...)
			i += len(split) - 1
		}
	}
	levs := make([]uint8, len(ps))
	var total float32
	for i := range ps {
		p := &ps[i]
		p.rtl = p.level&1 == 1
		p.text = text[p.b0:p.b1]
		if p.rtl {
			p.text = mirrored(p.text)
		}
		if p.kind == runText || p.kind == runSpace {
			p.w = sh.measure(p.text)
		}
		levs[i] = p.level
		total += p.w
	}
	lv.pieces, lv.order = ps, reorder(levs)
	x := float32(0)
	if rtl {
		x = width - total
	}
	for _, k := range lv.order {
		ps[k].x = x
		x += ps[k].w
	}
	return lv
}

// posIn returns the x of code point offset cp (in [p.c0, p.c1]) in piece p:
// the leading edge of the character at cp; p.c1 gives the trailing edge.
func (sh *shaper) posIn(p *piece, cp int32) float32 {
	var d float32
	switch {
	case cp <= p.c0 || p.kind == runHidden:
	case cp >= p.c1:
		d = p.w
	case p.kind == runTab:
		d = p.w
	default:
		k := int32(0)
		for c := p.c0; c < cp && k < int32(len(p.text)); c++ {
			_, n := utf8.DecodeRuneInString(p.text[k:])
			k += int32(n)
		}
		d = sh.measure(p.text[:k])
	}
	if p.rtl {
		return p.x + p.w - d
	}
	return p.x + d
}

// caretX returns the x of the caret before code point offset cp: at the
// leading edge of the character after it; at the end of the line, at the
// trailing edge of the last character.
func (sh *shaper) caretX(lv *lineVis, cp int32) float32 {
	for i := range lv.pieces {
		if p := &lv.pieces[i]; cp >= p.c0 && cp < p.c1 {
			return sh.posIn(p, cp)
		}
	}
	if len(lv.pieces) == 0 {
		if lv.rtl {
			return lv.width
		}
		return 0
	}
	last := &lv.pieces[len(lv.pieces)-1]
	return sh.posIn(last, last.c1)
}

// spanXs appends to out the x ranges, left to right, covered by code point
// offsets [a, b) of the line; touching ranges are merged.
func (sh *shaper) spanXs(lv *lineVis, a, b int32, out [][2]float32) [][2]float32 {
	start := len(out)
	for _, k := range lv.order {
		p := &lv.pieces[k]
		lo, hi := max(a, p.c0), min(b, p.c1)
		if lo >= hi || p.w <= 0 {
			continue
		}
		x1, x2 := sh.posIn(p, lo), sh.posIn(p, hi)
		if x1 > x2 {
			x1, x2 = x2, x1
		}
		if x2 <= x1 {
			continue
		}
		if n := len(out); n > start && x1 <= out[n-1][1]+0.01 {
			out[n-1][1] = max(out[n-1][1], x2)
			continue
		}
		out = append(out, [2]float32{x1, x2})
	}
	return out
}

// hit finds the code point offsets for x: the nearest character boundary
// (where a click puts the caret) and the start of the cluster under x (-1
// when x is beside the text). next returns the cluster boundary after an
// offset.
func (sh *shaper) hit(lv *lineVis, x float32, next func(int32) int32) (nearest, under int32) {
	if len(lv.pieces) == 0 {
		return 0, -1
	}
	// edges returns the offsets at p's left and right edges.
	edges := func(p *piece) (int32, int32) {
		if p.rtl {
			return p.c1, p.c0
		}
		return p.c0, p.c1
	}
	first, last := &lv.pieces[lv.order[0]], &lv.pieces[lv.order[len(lv.order)-1]]
	if x < first.x {
		l, _ := edges(first)
		return l, -1
	}
	if x >= last.x+last.w {
		_, r := edges(last)
		return r, -1
	}
	for _, k := range lv.order {
		p := &lv.pieces[k]
		if p.w <= 0 || x < p.x || x >= p.x+p.w {
			continue
		}
		prev := p.c0
		for prev < p.c1 {
			cp := next(prev)
			if cp <= prev || cp > p.c1 {
				cp = p.c1
			}
			e0, e1 := sh.posIn(p, prev), sh.posIn(p, cp)
			if x >= min(e0, e1) && x < max(e0, e1) {
				d0, d1 := x-e0, x-e1
				if d0*d0 < d1*d1 {
					return prev, prev
				}
				return cp, prev
			}
			prev = cp
		}
		l, r := edges(p)
		if x-p.x < p.x+p.w-x {
			return l, p.c0
		}
		return r, p.c0
	}
	_, r := edges(last)
	return r, -1
}

// mergeXs sorts x ranges and merges those that touch or overlap.
func mergeXs(xs [][2]float32) [][2]float32 {
	slices.SortFunc(xs, func(a, b [2]float32) int {
		switch {
		case a[0] < b[0]:
			return -1
		case a[0] > b[0]:
			return 1
		}
		return 0
	})
	out := xs[:0]
	for _, x := range xs {
		if n := len(out); n > 0 && x[0] <= out[n-1][1]+0.01 {
			out[n-1][1] = max(out[n-1][1], x[1])
			continue
		}
		out = append(out, x)
	}
	return out
}
