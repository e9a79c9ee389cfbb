package article

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"spanbench/annot"
)

// The document is cut into blocks of about blockBytes bytes, each ending at
// a hard line break (\n, \r\n or \r): finding where they end reads a few
// bytes past every blockBytes, not the whole text, so opening a document
// costs about the same at any size. Inside a block, lines are the hard
// lines (paragraphs), very long ones cut further (see splitBlocks), each
// wrapped to the column. Blocks are wrapped only when they come on screen;
// until then their line count is an estimate from the average advance width
// and the number of line feeds. Line counts live in a Fenwick tree, so the
// line before a block, the block at a line and the total are O(log n) and
// correcting an estimate is too. The scroll position is kept relative to a
// block (see viewport), so correcting estimates above the screen never
// moves the text on it.

// maxBlock is the longest paragraph, in bytes, before a hard line is cut
// (at a space where possible). Very long paragraphs then get a short line
// every maxBlock bytes; news paragraphs never come near it.
const maxBlock = 8192

// blockBytes is the size from which a block ends at the next paragraph end
// (or cut of a long paragraph): about a screenful of text.
const blockBytes = 2048

// splitChunks returns the byte range [start, end) of every block: runs of
// paragraphs (as splitBlocks cuts them) of at least chunk bytes, the last
// one shorter. A block ends where a paragraph does, before its line break,
// and the next starts after the break. Only the bytes around every chunk
// boundary are read (and, once, the stretches searched for line breaks).
func splitChunks(text string, chunk, limit int) (start, end []int32) {
	n := len(text)
	nb := n/chunk + 1
	start, end = make([]int32, 0, nb), make([]int32, 0, nb)
	// nextLF is the first \n at or after the last target (n: none);
	// nextCR the first \r found, and crFree where the text searched for \r
	// without finding one ends: no byte is searched twice.
	nextLF, nextCR, crFree := -1, -1, 0
	b := 0
	for {
		target := b + chunk
		if target >= n {
			start, end = append(start, int32(b)), append(end, int32(n))
			return start, end
		}
		// The paragraph break at or after target; a \r\n straddling
		// target is one break. \r (rare) is looked for only before the
		// next \n.
		if nextLF < target {
			nextLF = n
			if k := strings.IndexByte(text[target:], '\n'); k >= 0 {
				nextLF = target + k
			}
		}
		if from := max(target, crFree); nextCR < target && from < nextLF {
			if k := strings.IndexByte(text[from:nextLF], '\r'); k >= 0 {
				nextCR = from + k
			} else {
				crFree = nextLF
			}
		}
		j := nextLF
		if nextCR >= target {
			j = min(j, nextCR)
		}
		if j < n && text[j] == '\n' && text[j-1] == '\r' && j-1 >= b {
			j--
		}
		stop := j
		if j-b > limit {
			// A long paragraph may be cut before j: follow its cuts from
			// its start (b, or the last break before target) as
			// splitBlocks does, and end the block at the first cut at or
			// after target.
			ls := b
			if k := strings.LastIndexAny(text[b:target], "\r\n"); k >= 0 {
				ls = b + k + 1
			}
			for cs := ls; j-cs > limit; {
				p := cutPoint(text, cs+limit, j)
				if p < 0 {
					break
				}
				if p >= target {
					stop = p
					break
				}
				cs = p
			}
		}
		start, end = append(start, int32(b)), append(end, int32(stop))
		switch {
		case stop < j: // a cut: the next block goes on with the paragraph
			b = stop
		case j == n:
			return start, end
		default:
			b = j + 1
			if text[j] == '\r' && b < n && text[b] == '\n' {
				b++
			}
		}
	}
}

// paragraphs returns the paragraphs of block [bs, be) of text, as
// splitBlocks cuts the whole text, relative to bs. A block ending at a cut
// of a long paragraph is split with the rest of that paragraph, since
// where a cut falls depends on where the paragraph ends.
func paragraphs(text string, bs, be, limit int) (start, end []int32) {
	stop := be
	if be < len(text) && text[be] != '\n' && text[be] != '\r' {
		stop = len(text)
		if j := strings.IndexByte(text[be:], '\n'); j >= 0 {
			stop = be + j
		}
		if j := strings.IndexByte(text[be:stop], '\r'); j >= 0 {
			stop = be + j
		}
	}
	start, end = splitBlocks(text[bs:stop], limit)
	if stop > be {
		k := len(start)
		for k > 0 && start[k-1] >= int32(be-bs) {
			k--
		}
		start, end = start[:k], end[:k]
	}
	return start, end
}

// splitBlocks returns the byte range [start, end) of every paragraph: the
// text between hard line breaks, end excluding the break, with paragraphs
// longer than limit cut. A text ending in a line break has an empty last
// paragraph; the empty text has one empty paragraph. A block is cut into
// paragraphs when it is wrapped (see paragraphs).
func splitBlocks(text string, limit int) (start, end []int32) {
	est := strings.Count(text, "\n") + 1
	start = make([]int32, 0, est)
	end = make([]int32, 0, est)
	nextCR := strings.IndexByte(text, '\r')
	if nextCR < 0 {
		nextCR = len(text)
	}
	b := 0
	for {
		stop := len(text)
		if j := strings.IndexByte(text[b:], '\n'); j >= 0 {
			stop = b + j
		}
		if nextCR < b {
			if j := strings.IndexByte(text[b:], '\r'); j >= 0 {
				nextCR = b + j
			} else {
				nextCR = len(text)
			}
		}
		stop = min(stop, nextCR)
		cs := b
		for limit > 0 && stop-cs > limit {
			p := cutPoint(text, cs+limit, stop)
			if p < 0 {
				break
			}
			start, end = append(start, int32(cs)), append(end, int32(p))
			cs = p
		}
		start, end = append(start, int32(cs)), append(end, int32(stop))
		if stop == len(text) {
			break
		}
		b = stop + 1
		if text[stop] == '\r' && b < len(text) && text[b] == '\n' {
			b++
		}
	}
	return start, end
}

// cutPoint finds a byte offset in text[from:stop] where a long line may be
// cut without splitting a grapheme cluster: after a space, else between two
// ASCII characters, else before a Han or kana character. -1 if none is near.
func cutPoint(text string, from, stop int) int {
	for from < stop && !utf8.RuneStart(text[from]) {
		from++
	}
	lim := min(stop, from+4096)
	for i := from; i < lim; i++ {
		if text[i] == ' ' && i+1 < stop {
			return i + 1
		}
	}
	for i := max(from, 1); i < lim; i++ {
		if text[i-1] >= 0x20 && text[i-1] < 0x7f && text[i] >= 0x20 && text[i] < 0x7f {
			return i
		}
	}
	for i := from; i < lim; {
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) {
			return i
		}
		i += n
	}
	return -1
}

// fenwick is a binary indexed tree of line counts, 1-based inside.
type fenwick []int32

func newFenwick(v []int32) fenwick {
	f := make(fenwick, len(v)+1)
	for i, x := range v {
		k := i + 1
		f[k] += x
		if j := k + (k & -k); j <= len(v) {
			f[j] += f[k]
		}
	}
	return f
}

func (f fenwick) add(i int, d int32) {
	for i++; i < len(f); i += i & -i {
		f[i] += d
	}
}

// prefix returns the sum of the first i values.
func (f fenwick) prefix(i int) int {
	s := 0
	for ; i > 0; i -= i & -i {
		s += int(f[i])
	}
	return s
}

// find returns the index of the value that contains unit target (0-based):
// the largest i with prefix(i) <= target, clamped to len-1.
func (f fenwick) find(target int) int {
	n := len(f) - 1
	if n <= 0 {
		return 0
	}
	pos, rem := 0, int32(target)
	step := 1
	for step*2 <= n {
		step *= 2
	}
	for ; step > 0; step >>= 1 {
		if pos+step <= n && f[pos+step] <= rem {
			pos += step
			rem -= f[pos]
		}
	}
	return min(pos, n-1)
}

// docLayout holds the blocks of one document and their wrapped lines.
type docLayout struct {
	ix    *annot.Index
	text  string
	start []int32 // bytes
	end   []int32
	lf    []int32       // line feeds in each block, for estimates
	wraps []*blockLines // nil until wrapped
	count []int32       // lines per block, estimated until wrapped
	fw    fenwick
	sh    shaper
	width float32 // wrap width
	avg   float32 // average advance of a byte of text, for estimates
	buf   []run
}

// blockLines is a wrapped block: its code point range and its lines'
// starts and ends (relative code points; the first start is 0). A line
// ending a paragraph ends before the paragraph's line break, so the next
// line starts after it; par marks those lines.
type blockLines struct {
	cs, ce int
	starts []int32
	ends   []int32
	par    []bool
	rtl    []bool // the line's paragraph runs right to left (bidi.go)
}

// newDocLayout cuts ix's text into blocks, to be wrapped with sh at width
// (sh.measure nil: metrics not known yet, every paragraph one line).
func newDocLayout(ix *annot.Index, sh shaper, avg, width float32) *docLayout {
	d := &docLayout{ix: ix, text: ix.Text()}
	d.start, d.end = splitChunks(d.text, blockBytes, maxBlock)
	d.lf = make([]int32, len(d.start))
	for b := range d.start {
		d.lf[b] = int32(strings.Count(d.text[d.start[b]:d.end[b]], "\n"))
	}
	d.setMetrics(sh, avg, width)
	return d
}

// setMetrics changes the shaper, estimate and wrap width; any change
// forgets every wrapped block.
func (d *docLayout) setMetrics(sh shaper, avg, width float32) {
	if width < 1 {
		width = 1
	}
	d.sh, d.avg, d.width = sh, avg, width
	d.invalidate()
}

func (d *docLayout) invalidate() {
	n := len(d.start)
	if d.wraps == nil || len(d.wraps) != n {
		d.wraps = make([]*blockLines, n)
		d.count = make([]int32, n)
	} else {
		clear(d.wraps)
	}
	// A paragraph takes its bytes' width in lines, rounded up: about
	// three quarters of a line more than its width (paragraphs of news
	// text alternate with empty lines).
	k := float64(d.avg) / float64(d.width)
	for b := range n {
		d.count[b] = int32(max(1, math.Round(float64(d.end[b]-d.start[b])*k+0.75*float64(d.lf[b]))))
	}
	d.fw = newFenwick(d.count)
}

func (d *docLayout) blocks() int { return len(d.start) }

func (d *docLayout) cpOf(b int32) int {
	cp, err := d.ix.FromByte(int(b))
	if err != nil { // cannot happen: blocks start and end on rune starts
		panic(err)
	}
	return cp
}

// ensure wraps block b if needed.
func (d *docLayout) ensure(b int) *blockLines {
	if w := d.wraps[b]; w != nil {
		return w
	}
	bs := int(d.start[b])
	w := &blockLines{cs: d.cpOf(d.start[b]), ce: d.cpOf(d.end[b])}
	ps, pe := paragraphs(d.text, bs, int(d.end[b]), maxBlock)
	var starts []int32
	for p := range ps {
		s0, e0 := int32(d.cpOf(int32(bs)+ps[p])-w.cs), int32(d.cpOf(int32(bs)+pe[p])-w.cs)
		rtl := paraRTL(d.text[bs+int(ps[p]) : bs+int(pe[p])])
		if d.sh.measure == nil {
			starts = append(starts[:0], 0)
		} else {
			starts, d.buf = d.sh.wrap(d.text[bs+int(ps[p]):bs+int(pe[p])], d.width, d.buf)
		}
		for i, st := range starts {
			w.starts = append(w.starts, s0+st)
			if i+1 < len(starts) {
				w.ends = append(w.ends, s0+starts[i+1])
			} else {
				w.ends = append(w.ends, e0)
			}
			w.par = append(w.par, i+1 == len(starts))
			w.rtl = append(w.rtl, rtl)
		}
	}
	d.wraps[b] = w
	if delta := int32(len(w.starts)) - d.count[b]; delta != 0 {
		d.count[b] = int32(len(w.starts))
		d.fw.add(b, delta)
	}
	return w
}

// lines returns the number of lines of block b, wrapping it.
func (d *docLayout) lines(b int) int { return len(d.ensure(b).starts) }

// blockOf returns the block holding code point cp (a break between blocks
// belongs to the block it ends).
func (d *docLayout) blockOf(cp int) int {
	bt := int32(d.ix.Byte(cp))
	i := sort.Search(len(d.start), func(i int) bool { return d.start[i] > bt })
	return max(i-1, 0)
}

// lineOf returns the block and line holding code point cp.
func (d *docLayout) lineOf(cp int) (b, i int) {
	b = d.blockOf(cp)
	w := d.ensure(b)
	rel := int32(cp - w.cs)
	i = sort.Search(len(w.starts), func(i int) bool { return w.starts[i] > rel }) - 1
	return b, max(i, 0)
}

// nextLine returns the line after line i of block b in text order (before
// it when forward is false); ok is false at the end (start) of the text.
func (d *docLayout) nextLine(b, i int, forward bool) (nb, ni int, ok bool) {
	switch {
	case forward && i+1 < d.lines(b):
		return b, i + 1, true
	case forward && b+1 < d.blocks():
		return b + 1, 0, true
	case !forward && i > 0:
		return b, i - 1, true
	case !forward && b > 0:
		return b - 1, d.lines(b-1) - 1, true
	}
	return b, i, false
}

// lineSpan returns the code point range of line i of block b.
func (d *docLayout) lineSpan(b, i int) (s, e int) {
	w := d.ensure(b)
	return w.cs + int(w.starts[i]), w.cs + int(w.ends[i])
}

// rtl reports whether line i of block b is in a right-to-left paragraph.
func (d *docLayout) rtl(b, i int) bool { return d.ensure(b).rtl[i] }

// endsParagraph reports whether line i of block b is the last of its
// paragraph (a line break, or a cut of a long paragraph, follows it).
func (d *docLayout) endsParagraph(b, i int) bool { return d.ensure(b).par[i] }

// before returns the number of lines before block b.
func (d *docLayout) before(b int) int { return d.fw.prefix(b) }

// total returns the number of lines (partly estimated).
func (d *docLayout) total() int { return d.fw.prefix(len(d.count)) }

// viewport is a scroll position over a docLayout: block b's top is off
// pixels above the viewport's top (off < 0 only in block 0, showing the top
// margin). Lines are pitch pixels apart.
type viewport struct {
	d         *docLayout
	pitch     float32
	padTop    float32
	padBottom float32
	h         float32
	b         int
	off       float32
}

// top returns the content y of the viewport's top edge (partly estimated).
func (vp *viewport) top() float32 {
	return vp.padTop + float32(vp.d.before(vp.b))*vp.pitch + vp.off
}

// contentH returns the height of the whole document (partly estimated).
func (vp *viewport) contentH() float32 {
	return vp.padTop + float32(vp.d.total())*vp.pitch + vp.padBottom
}

func (vp *viewport) blockH(b int) float32 {
	vp.d.ensure(b)
	return float32(vp.d.count[b]) * vp.pitch
}

// normalize moves the anchor to the block the viewport's top is in, wraps
// it, and keeps the viewport inside the content.
func (vp *viewport) normalize() {
	n := vp.d.blocks()
	if vp.pitch <= 0 {
		return
	}
	vp.b = min(max(vp.b, 0), n-1)
	for vp.off < 0 && vp.b > 0 {
		vp.b--
		vp.off += vp.blockH(vp.b)
	}
	for vp.b < n-1 {
		h := vp.blockH(vp.b)
		if vp.off < h {
			break
		}
		vp.off -= h
		vp.b++
	}
	vp.blockH(vp.b)
	// Keep the bottom of the content at or below the bottom of the view.
	need := vp.off + vp.h - vp.padBottom
	var acc float32
	for k := vp.b; k < n && acc < need; k++ {
		acc += vp.blockH(k)
	}
	if acc < need {
		vp.off -= need - acc
		for vp.off < 0 && vp.b > 0 {
			vp.b--
			vp.off += vp.blockH(vp.b)
		}
	}
	if vp.b == 0 && vp.off < -vp.padTop {
		vp.off = -vp.padTop
	}
}

// scrollBy scrolls dy pixels (positive: down the document).
func (vp *viewport) scrollBy(dy float32) {
	if dy > 3*vp.h || dy < -3*vp.h {
		vp.setTop(vp.top() + dy)
		return
	}
	vp.off += dy
	vp.normalize()
}

// setTop scrolls so that content y is at the top (partly estimated: used
// for big jumps, where the exact line does not matter).
func (vp *viewport) setTop(y float32) {
	y = min(y, vp.contentH()-vp.h) - vp.padTop
	if y < 0 {
		vp.b, vp.off = 0, y
		vp.normalize()
		return
	}
	line := int(y / vp.pitch)
	vp.b = vp.d.fw.find(line)
	vp.off = y - float32(vp.d.before(vp.b))*vp.pitch
	vp.normalize()
}

// lineY returns the viewport y of line i of block b, exact when the blocks
// between the anchor and b are wrapped (they are when b is near the screen).
func (vp *viewport) lineY(b, i int) float32 {
	if b >= vp.b && b-vp.b < 64 {
		for k := vp.b; k < b; k++ {
			vp.d.ensure(k)
		}
	}
	return float32(vp.d.before(b)-vp.d.before(vp.b)+i)*vp.pitch - vp.off
}

// reveal scrolls, if needed, so that the line holding cp is on screen, and
// places it a third of the way down when it was off screen. It reports
// whether it scrolled.
func (vp *viewport) reveal(cp int) bool {
	b, i := vp.d.lineOf(cp)
	y := vp.lineY(b, i)
	if y >= 0 && y+vp.pitch <= vp.h {
		return false
	}
	vp.b = b
	if y < 0 {
		vp.off = float32(i) * vp.pitch
	} else {
		vp.off = float32(i)*vp.pitch - max(vp.h/3, 0)
	}
	vp.normalize()
	return true
}

// visible calls fn for each line on screen, top to bottom, with its
// viewport y, until fn returns false.
func (vp *viewport) visible(fn func(b, i int, y float32) bool) {
	y0 := -vp.off
	for k := vp.b; k < vp.d.blocks() && y0 < vp.h; k++ {
		n := vp.d.lines(k)
		for i := range n {
			y := y0 + float32(i)*vp.pitch
			if y+vp.pitch <= 0 {
				continue
			}
			if y >= vp.h {
				return
			}
			if !fn(k, i, y) {
				return
			}
		}
		y0 += float32(n) * vp.pitch
	}
}
