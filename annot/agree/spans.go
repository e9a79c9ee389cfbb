package agree

import "sort"

// Span is one coder's labelled stretch of a text, [Start, End) in code
// points.
type Span struct {
	Start, End int
	Label      string
}

// Match counts how two coders' span sets agree: Matched pairs (each span
// in at most one pair), spans OnlyA and OnlyB left unmatched, and
// F1 = 2·Matched / (|A|+|B|), which is symmetric in the two coders (1 when
// both sets are empty).
type Match struct {
	Matched, OnlyA, OnlyB int
	F1                    float64
}

func newMatch(matched, na, nb int) Match {
	m := Match{Matched: matched, OnlyA: na - matched, OnlyB: nb - matched, F1: 1}
	if na+nb > 0 {
		m.F1 = 2 * float64(matched) / float64(na+nb)
	}
	return m
}

// ExactMatch pairs spans with the same start, end and label. Duplicates
// pair off one for one.
func ExactMatch(a, b []Span) Match {
	count := map[Span]int{}
	for _, s := range b {
		count[s]++
	}
	matched := 0
	for _, s := range a {
		if count[s] > 0 {
			count[s]--
			matched++
		}
	}
	return newMatch(matched, len(a), len(b))
}

// OverlapMatch pairs spans with the same label that share at least one
// code point, one to one: the pairs sharing the most are taken first (ties
// by position), so a long span does not swallow a better partner's match.
func OverlapMatch(a, b []Span) Match {
	type pair struct{ i, j, overlap int }
	var pairs []pair
	for i, x := range a {
		for j, y := range b {
			if x.Label != y.Label {
				continue
			}
			if o := min(x.End, y.End) - max(x.Start, y.Start); o > 0 {
				pairs = append(pairs, pair{i, j, o})
			}
		}
	}
	sort.SliceStable(pairs, func(p, q int) bool { return pairs[p].overlap > pairs[q].overlap })
	usedA := make([]bool, len(a))
	usedB := make([]bool, len(b))
	matched := 0
	for _, p := range pairs {
		if !usedA[p.i] && !usedB[p.j] {
			usedA[p.i], usedB[p.j] = true, true
			matched++
		}
	}
	return newMatch(matched, len(a), len(b))
}
