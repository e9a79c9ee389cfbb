package article

import (
	"spanbench/annot"
)

// Selection maths: every offset is a code point; grapheme and token
// boundaries come from annot.Index, the one place that knows them.

// snapRange orders a and b and snaps the range outward to grapheme cluster
// boundaries. With words set it then widens to whole tokens and trims
// whitespace off both ends, so a loose mouse drag over "said Vedant Patel ,"
// gives exactly the tokens touched.
func snapRange(ix *annot.Index, a, b int, words bool) (s, e int) {
	if a == b {
		a = ix.SnapGrapheme(a, false)
		return a, a
	}
	s, e = min(a, b), max(a, b)
	s, e = ix.SnapGrapheme(s, false), ix.SnapGrapheme(e, true)
	if !words || s == e {
		return s, e
	}
	return ix.TrimSpace(ix.SnapWord(s, e))
}

// wordAt returns the token holding code point cp, for a double click; an
// empty range at cp when cp is in whitespace.
func wordAt(ix *annot.Index, cp int) (s, e int) {
	toks := ix.Tokens()
	i := ix.TokenAt(cp)
	if i < len(toks) && toks[i].Start <= cp && cp < toks[i].End {
		return toks[i].Start, toks[i].End
	}
	return cp, cp
}

// moveKind is a keyboard step.
type moveKind int

const (
	moveGrapheme moveKind = iota
	moveWord
)

// step moves offset cp one grapheme cluster or one word (to the next
// token's end going forward, to the previous token's start going back).
func step(ix *annot.Index, cp int, kind moveKind, forward bool) int {
	switch {
	case kind == moveWord && forward:
		return ix.NextWordEnd(cp)
	case kind == moveWord:
		return ix.PrevWordStart(cp)
	case forward:
		return ix.NextGrapheme(cp)
	default:
		return ix.PrevGrapheme(cp)
	}
}

// collapse returns where the caret goes when an arrow key without Shift is
// pressed: with a selection, to its start (backward) or end (forward); with
// a caret, one step on.
func collapse(ix *annot.Index, anchor, active int, kind moveKind, forward bool) int {
	if anchor != active {
		if forward {
			return max(anchor, active)
		}
		return min(anchor, active)
	}
	return step(ix, active, kind, forward)
}
