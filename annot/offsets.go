package annot

import (
	"sort"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Index converts offsets into one document text between the four units the
// outside world uses. It is the only place in Spanbench that knows about a
// unit other than code points: code points (Python's text[start:end], the
// unit of every offset stored or passed around), UTF-8 bytes (Go strings),
// UTF-16 code units (JavaScript, Java, Label Studio in the browser) and
// grapheme clusters (what a reader sees as one character).
//
// Offsets are always positions between characters, from 0 to the length in
// that unit. Conversions from code points never fail for offsets in range;
// conversions into code points fail when the offset falls inside a character
// (a byte in the middle of a UTF-8 sequence, the low half of a surrogate pair).
//
// Building an Index costs one pass over the text; the grapheme table is built
// on first use because segmentation is the expensive part. An Index is safe
// for concurrent use.
type Index struct {
	text  string
	n     int  // length in code points
	ascii bool // every code point is one byte and one UTF-16 unit
	// bytes holds the byte offset of every cpStep-th code point (0,
	// cpStep, 2*cpStep, ... up to n); nil when ascii. A table of every
	// code point would take four bytes per character, four times a
	// mostly-ASCII text: 240 MB beside a 60 MB text being exported.
	bytes []int32
	// astral holds the code point offsets of characters outside the BMP,
	// which take two UTF-16 units; sorted.
	astral []int32
	// inside holds the code point offsets that lie inside a grapheme
	// cluster, sorted (interior(); built lazily).
	inside     []int32
	graphOnce  sync.Once
	graphBuilt atomic.Bool
	// tokens caches Tokens(); built lazily.
	tokens     []Token
	tokensOnce sync.Once
	// sents caches Sentences(); built lazily.
	sents     []Token
	sentsOnce sync.Once
}

// NewIndex indexes text for offset conversion.
func NewIndex(text string) *Index {
	ix := &Index{text: text, ascii: true}
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			ix.ascii = false
			break
		}
	}
	if ix.ascii {
		ix.n = len(text)
		return ix
	}
	ix.bytes = make([]int32, 0, len(text)/cpStep+2)
	cp := 0
	for b, r := range text {
		if cp%cpStep == 0 {
			ix.bytes = append(ix.bytes, int32(b))
		}
		if r > 0xFFFF {
			ix.astral = append(ix.astral, int32(cp))
		}
		cp++
	}
	if cp%cpStep == 0 {
		ix.bytes = append(ix.bytes, int32(len(text)))
	}
	ix.n = cp
	return ix
}

// cpStep is the spacing of the byte offsets an Index keeps: a conversion
// walks at most cpStep-1 characters from the nearest kept one before it
// (as a range loop steps: an invalid byte is one code point), and the
// table costs an eighth of a byte per character.
const cpStep = 32

// Text returns the indexed text.
func (ix *Index) Text() string { return ix.text }

// Len returns the length of the text in code points.
func (ix *Index) Len() int { return ix.n }

// InRange reports whether 0 <= cp <= Len().
func (ix *Index) InRange(cp int) bool { return cp >= 0 && cp <= ix.n }

// Byte converts a code point offset to a UTF-8 byte offset. cp is clamped to
// [0, Len()].
func (ix *Index) Byte(cp int) int {
	cp = clamp(cp, 0, ix.n)
	if ix.ascii {
		return cp
	}
	k := cp / cpStep
	b, t := int(ix.bytes[k]), ix.text
	for i := k * cpStep; i < cp; i++ {
		if t[b] < utf8.RuneSelf {
			b++
			continue
		}
		_, w := utf8.DecodeRuneInString(t[b:])
		b += w
	}
	return b
}

// FromByte converts a UTF-8 byte offset to a code point offset. It fails when
// b is out of range or inside a multi-byte character.
func (ix *Index) FromByte(b int) (int, error) {
	if b < 0 || b > len(ix.text) {
		return 0, Invalidf("", "byte offset %d is outside the text (0..%d)", b, len(ix.text))
	}
	if ix.ascii {
		return b, nil
	}
	// The last kept offset at or before b (the first is 0), then walk.
	k := sort.Search(len(ix.bytes), func(i int) bool { return int(ix.bytes[i]) > b }) - 1
	p, cp := int(ix.bytes[k]), k*cpStep
	for t := ix.text; p < b; cp++ {
		if t[p] < utf8.RuneSelf {
			p++
			continue
		}
		_, w := utf8.DecodeRuneInString(t[p:])
		p += w
	}
	if p != b {
		return 0, Invalidf("", "byte offset %d falls inside a character", b)
	}
	return cp, nil
}

// Slice returns text[start:end] in code points, as Python slices; offsets are
// clamped to the text.
func (ix *Index) Slice(start, end int) string {
	s, e := ix.Byte(start), ix.Byte(end)
	if e < s {
		return ""
	}
	return ix.text[s:e]
}

// UTF16 converts a code point offset to a UTF-16 code unit offset. cp is
// clamped to [0, Len()].
func (ix *Index) UTF16(cp int) int {
	cp = clamp(cp, 0, ix.n)
	// Every astral character before cp adds one extra unit.
	return cp + sort.Search(len(ix.astral), func(i int) bool { return int(ix.astral[i]) >= cp })
}

// FromUTF16 converts a UTF-16 code unit offset to a code point offset. It
// fails when u is out of range or between the two halves of a surrogate pair.
func (ix *Index) FromUTF16(u int) (int, error) {
	if u < 0 || u > ix.n+len(ix.astral) {
		return 0, Invalidf("", "UTF-16 offset %d is outside the text (0..%d)", u, ix.n+len(ix.astral))
	}
	// Find the code point cp with UTF16(cp) == u: cp = u - k where k astral
	// characters precede cp. Search on k.
	lo, hi := 0, len(ix.astral)
	for lo < hi {
		m := (lo + hi) / 2
		// If the m-th astral char starts before u-m-... compare its UTF-16 start.
		if int(ix.astral[m])+m < u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	// lo astral characters start strictly before u (in UTF-16 units).
	cp := u - lo
	if lo > 0 && int(ix.astral[lo-1])+(lo-1)+2 > u {
		return 0, Invalidf("", "UTF-16 offset %d falls inside a surrogate pair", u)
	}
	return cp, nil
}

// UTF16Len returns the length of the text in UTF-16 code units.
func (ix *Index) UTF16Len() int { return ix.n + len(ix.astral) }

// interior returns the code point offsets that lie inside a grapheme
// cluster (not on a boundary), ascending. Most text has few clusters of
// more than one code point (a CRLF, an accent written as a combining mark,
// an emoji sequence), so this list is short where a table of every
// boundary took 4 bytes a character (240 MB for a 60 MiB text).
func (ix *Index) interior() []int32 {
	ix.graphOnce.Do(ix.buildInterior)
	return ix.inside
}

func (ix *Index) buildInterior() {
	var in []int32
	cp := 0
	state := -1
	rest := ix.text
	var cluster string
	for len(rest) > 0 {
		cluster, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		n := len(cluster)
		if !ix.ascii {
			n = utf8.RuneCountInString(cluster)
		}
		for k := 1; k < n; k++ {
			in = append(in, int32(cp+k))
		}
		cp += n
	}
	ix.inside = in
	ix.graphBuilt.Store(true)
}

// inside reports whether cp (0 < cp < Len) lies inside a cluster, and the
// position in interior() where it is or would be.
func (ix *Index) insideAt(cp int) (int, bool) {
	in := ix.interior()
	i := sort.Search(len(in), func(i int) bool { return int(in[i]) >= cp })
	return i, i < len(in) && int(in[i]) == cp
}

// IsGraphemeBoundary reports whether cp lies between two grapheme clusters
// (or at either end of the text), so a span may start or end there.
func (ix *Index) IsGraphemeBoundary(cp int) bool {
	if cp == 0 || cp == ix.n {
		return true
	}
	if cp < 0 || cp > ix.n {
		return false
	}
	if !ix.graphBuilt.Load() {
		if ok, known := ix.localBoundary(ix.Byte(cp)); known {
			return ok
		}
	}
	_, in := ix.insideAt(cp)
	return !in
}

// localBoundary decides whether byte offset b (0 < b < len, on a code point
// boundary) is a grapheme boundary by segmenting only the stretch before
// it, so that validating a few spans does not segment a whole long text.
// Two ASCII characters other than CR LF always have a boundary between
// them, and segmentation may restart at such a boundary: no rule of UAX #29
// looks back past an ASCII character (GB11 looks back through Extend and
// ZWJ only, GB12/13 count regional indicators only). known is false when no
// restart point lies close enough; the caller then uses the full table.
func (ix *Index) localBoundary(b int) (ok, known bool) {
	t := ix.text
	asciiPair := func(p int) bool {
		return t[p-1] < utf8.RuneSelf && t[p] < utf8.RuneSelf && (t[p-1] != '\r' || t[p] != '\n')
	}
	if asciiPair(b) {
		return true, true
	}
	const maxBack = 1024
	p := b - 1
	for ; p > 0 && !asciiPair(p); p-- {
		if b-p > maxBack {
			return false, false
		}
	}
	state := -1
	rest := t[p:]
	var cluster string
	for p < b {
		cluster, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		p += len(cluster)
	}
	return p == b, true
}

// GraphemeLen returns the number of grapheme clusters in the text.
func (ix *Index) GraphemeLen() int { return ix.n - len(ix.interior()) }

// Grapheme converts a code point offset to a grapheme cluster offset: the
// number of whole clusters before cp. An offset inside a cluster counts that
// cluster as not yet passed.
func (ix *Index) Grapheme(cp int) int {
	cp = clamp(cp, 0, ix.n)
	// Each code point in (0, cp] is either the end of a cluster or inside one.
	in := ix.interior()
	return cp - sort.Search(len(in), func(i int) bool { return int(in[i]) > cp })
}

// FromGrapheme converts a grapheme cluster offset to a code point offset.
// g is clamped to [0, GraphemeLen()].
func (ix *Index) FromGrapheme(g int) int {
	g = clamp(g, 0, ix.GraphemeLen())
	// The boundary is g plus the k interior offsets before it: in[i]-i
	// grows with i, and in[i] lies before the boundary while in[i]-i <= g.
	in := ix.interior()
	return g + sort.Search(len(in), func(i int) bool { return int(in[i])-i > g })
}

// SnapGrapheme moves cp to a grapheme boundary: the start of the cluster it
// is inside when forward is false, its end when forward is true. Offsets
// already on a boundary are returned unchanged (clamped to the text).
func (ix *Index) SnapGrapheme(cp int, forward bool) int {
	cp = clamp(cp, 0, ix.n)
	i, in := ix.insideAt(cp)
	if !in {
		return cp
	}
	// The offsets inside one cluster are consecutive; the boundary after
	// the last (or before the first) ends the run.
	ins := ix.interior()
	if forward {
		for i+1 < len(ins) && ins[i+1] == ins[i]+1 {
			i++
		}
		return int(ins[i]) + 1
	}
	for i > 0 && ins[i-1] == ins[i]-1 {
		i--
	}
	return int(ins[i]) - 1
}

// NextGrapheme returns the boundary after cp (Len() at the end).
func (ix *Index) NextGrapheme(cp int) int {
	if cp >= ix.n {
		return ix.n
	}
	return ix.SnapGrapheme(max(cp+1, 0), true)
}

// PrevGrapheme returns the boundary before cp (0 at the start).
func (ix *Index) PrevGrapheme(cp int) int {
	if cp <= 0 {
		return 0
	}
	return ix.SnapGrapheme(min(cp-1, ix.n), false)
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
