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
	pairs := greedyPairs(len(a), len(b), func(i, j int) int {
		if a[i].Label != b[j].Label {
			return 0
		}
		return min(a[i].End, b[j].End) - max(a[i].Start, b[j].Start)
	})
	return newMatch(len(pairs), len(a), len(b))
}

// greedyPairs pairs items i < na and j < nb whose overlap(i, j) is
// positive, one to one, those overlapping most first (ties in i's, then
// j's order).
func greedyPairs(na, nb int, overlap func(i, j int) int) [][2]int {
	type pair struct{ i, j, o int }
	var ps []pair
	for i := range na {
		for j := range nb {
			if o := overlap(i, j); o > 0 {
				ps = append(ps, pair{i, j, o})
			}
		}
	}
	sort.SliceStable(ps, func(p, q int) bool { return ps[p].o > ps[q].o })
	usedA := make([]bool, na)
	usedB := make([]bool, nb)
	var out [][2]int
	for _, p := range ps {
		if !usedA[p.i] && !usedB[p.j] {
			usedA[p.i], usedB[p.j] = true, true
			out = append(out, [2]int{p.i, p.j})
		}
	}
	return out
}
