package suggest

import (
	"sort"
	"strings"

	"spanbench/annot"
)

// SpeakerChoices returns the order in which the entities ents are offered
// as who said q (a quote or a claim), as indexes into ents:
//
//  1. the entity hint names, when there is a hint (the speaker a suggester
//     proposed for q, see SuggestedSpeaker): the entity with hint's ID or
//     extent, else the nearest entity with the same name, or whose words
//     end or begin with the hint's ("Patel" names "Vedant Patel");
//  2. then people (PERSON), then organisations (ORG), then the other
//     entities; in each group the entities outside q before those inside
//     it (a name quoted is seldom who speaks), each nearest q first (the
//     number of code points between the two), ties in document order.
//
// ix indexes the document's text. The window walks the result with Tab
// after L.
func SpeakerChoices(ix *annot.Index, q annot.Span, ents []annot.Span, hint *annot.Span) []int {
	order := make([]int, len(ents))
	for i := range order {
		order[i] = i
	}
	rank := func(e annot.Span) int {
		r := 2
		switch e.Label {
		case annot.LabelPerson:
			r = 0
		case annot.LabelOrg:
			r = 1
		}
		if inside(q, e) {
			r += 3
		}
		return r
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := ents[order[a]], ents[order[b]]
		if rx, ry := rank(x), rank(y); rx != ry {
			return rx < ry
		}
		if gx, gy := gap(q, x), gap(q, y); gx != gy {
			return gx < gy
		}
		return x.Start < y.Start
	})
	if hint == nil {
		return order
	}
	best := -1
	for k, i := range order {
		if e := ents[i]; e.ID != "" && e.ID == hint.ID || e.Start == hint.Start && e.End == hint.End {
			best = k
			break
		}
	}
	if best < 0 {
		name := words(ix.Slice(hint.Start, hint.End))
		bestGap := -1
		for k, i := range order {
			e := ents[i]
			if !sameName(words(ix.Slice(e.Start, e.End)), name) {
				continue
			}
			if g := gap(*hint, e); bestGap < 0 || g < bestGap {
				best, bestGap = k, g
			}
		}
	}
	if best > 0 {
		first := order[best]
		copy(order[1:best+1], order[:best])
		order[0] = first
	}
	return order
}

// gap is the number of code points between two spans' extents; 0 when they
// overlap.
func gap(a, b annot.Span) int {
	switch {
	case b.End <= a.Start:
		return a.Start - b.End
	case b.Start >= a.End:
		return b.Start - a.End
	}
	return 0
}

// inside reports whether e lies within one of q's pieces.
func inside(q, e annot.Span) bool {
	for _, p := range q.Pieces() {
		if e.Start >= p.Start && e.End <= p.End {
			return true
		}
	}
	return false
}

func words(s string) []string { return strings.Fields(strings.ToLower(s)) }

// sameName reports whether entity words e name the same one as hint words
// h: equal, or h the last or first words of e (or e of h).
func sameName(e, h []string) bool {
	if len(e) == 0 || len(h) == 0 {
		return false
	}
	if len(e) < len(h) {
		e, h = h, e
	}
	eq := func(a, b []string) bool {
		for i := range a {
			if a[i] != b[i] {
				return false
			}
		}
		return true
	}
	return eq(e[len(e)-len(h):], h) || eq(e[:len(h)], h)
}

// SuggestedSpeaker returns the entity the suggestions propose as who said
// span from (the target of a SPEAKER or CLAIMANT relation from it): a span
// the document has, which find looks up by ID, or one the suggestion would
// create. When the suggestion creates that span (the source mention "he",
// "the company", "Patel") and links it by SAME_AS to the name it refers to,
// the name is returned instead: the entity the coder can pick among the
// document's.
func SuggestedSpeaker(sgs []Suggestion, from string, find func(id string) (annot.Span, bool)) (annot.Span, bool) {
	lookup := func(id string) (annot.Span, bool, bool) {
		if find != nil {
			if sp, ok := find(id); ok {
				return sp, true, true
			}
		}
		for _, sg := range sgs {
			for _, sp := range sg.Spans {
				if sp.ID == id {
					return sp, false, true
				}
			}
		}
		return annot.Span{}, false, false
	}
	// sameAs returns the end of a suggested SAME_AS from id, or "".
	sameAs := func(id string) string {
		for _, sg := range sgs {
			for _, r := range sg.Relations {
				if r.Label == annot.RelSameAs && r.From == id {
					return r.To
				}
			}
		}
		return ""
	}
	for _, sg := range sgs {
		for _, r := range sg.Relations {
			if r.From != from || r.Label != annot.RelSpeaker && r.Label != annot.RelClaimant {
				continue
			}
			sp, saved, ok := lookup(r.To)
			if !ok {
				continue
			}
			// "he" → "Patel" → the document's "Vedant Patel".
			for hops := 0; !saved && hops < 4; hops++ {
				to := sameAs(sp.ID)
				if to == "" {
					break
				}
				next, s, ok := lookup(to)
				if !ok {
					break
				}
				sp, saved = next, s
			}
			return sp, true
		}
	}
	return annot.Span{}, false
}
