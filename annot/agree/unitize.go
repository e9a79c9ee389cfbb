package agree

import (
	"fmt"
	"math"
	"sort"
)

// Unit is one coder's unit of a category on a continuum (a text in code
// points): [Start, Start+Length).
type Unit struct {
	Coder    int
	Category string
	Start    int
	Length   int
}

// UnitizedAlpha is αU of one continuum: the overall value and one per
// category, with each category's observed and expected disagreement.
type UnitizedAlpha struct {
	Alpha      float64
	Categories map[string]CategoryAlpha
}

// CategoryAlpha is αU of one category: 1 - Do/De (NaN when De is 0).
type CategoryAlpha struct {
	Alpha, Do, De float64
}

// segment is a stretch of one coder's segmentation of the continuum for one
// category: a unit, or a gap between units.
type segment struct {
	start, length int
	unit          bool
}

// AlphaU is Krippendorff's αU for unitizing (Krippendorff 2004, "Measuring
// the reliability of qualitative text analysis data", Quality & Quantity 38,
// 787-800; also Content Analysis, 2nd ed., 2004, pp. 251-256): coders
// coders segment the continuum [begin, begin+length) into units of
// categories; whatever a coder left outside the units of a category is gap
// for that category. Per category c,
//
//	Do_c = Σ_{i≠j} Σ_g Σ_h δ²(g,h) / (m(m-1)L²)
//
// over every segment g of coder i and h of coder j: two overlapping units
// differ by (b_g-b_h)² + (e_g-e_h)², a unit inside a gap by its squared
// length, anything else by 0. The expected disagreement considers every
// placement of the category's N_c units (of length l) among all gaps G:
//
//	De_c = (2/L) Σ_units [ (N_c-1)(2l³-3l²+l)/3 + l² Σ_{G≥l} (G-l+1) ]
//	       / ( mL(mL-1) - Σ_units l(l-1) )
//
// αU_c = 1 - Do_c/De_c; the overall αU is 1 - Σ_c Do_c / Σ_c De_c. A
// coder's units of one category must not overlap each other.
func AlphaU(begin, length, coders int, units []Unit) (UnitizedAlpha, error) {
	if length <= 0 {
		return UnitizedAlpha{}, fmt.Errorf("continuum length %d: want more than 0", length)
	}
	if coders < 2 {
		return UnitizedAlpha{}, fmt.Errorf("%d coders: αU needs at least 2", coders)
	}
	byCat := map[string][][]Unit{}
	var cats []string
	for _, u := range units {
		if u.Coder < 0 || u.Coder >= coders {
			return UnitizedAlpha{}, fmt.Errorf("unit (%d,%d) of %q: coder %d is not one of 0..%d", u.Start, u.Length, u.Category, u.Coder, coders-1)
		}
		if u.Length <= 0 || u.Start < begin || u.Start+u.Length > begin+length {
			return UnitizedAlpha{}, fmt.Errorf("unit (%d,%d) of %q: not a non-empty stretch of the continuum %d..%d", u.Start, u.Length, u.Category, begin, begin+length)
		}
		if byCat[u.Category] == nil {
			byCat[u.Category] = make([][]Unit, coders)
			cats = append(cats, u.Category)
		}
		byCat[u.Category][u.Coder] = append(byCat[u.Category][u.Coder], u)
	}
	sort.Strings(cats)
	res := UnitizedAlpha{Categories: map[string]CategoryAlpha{}}
	var sumDo, sumDe float64
	for _, c := range cats {
		segs := make([][]segment, coders)
		for i, us := range byCat[c] {
			s, err := segmentation(begin, length, us)
			if err != nil {
				return UnitizedAlpha{}, fmt.Errorf("coder %d, category %q: %w", i, c, err)
			}
			segs[i] = s
		}
		do := observedU(segs, length)
		de := expectedU(segs, length)
		ca := CategoryAlpha{Alpha: math.NaN(), Do: do, De: de}
		if de > 0 {
			ca.Alpha = 1 - do/de
		}
		res.Categories[c] = ca
		sumDo += do
		sumDe += de
	}
	if sumDe == 0 {
		res.Alpha = math.NaN()
		return res, ErrUndefined
	}
	res.Alpha = 1 - sumDo/sumDe
	return res, nil
}

// segmentation sorts one coder's units of one category and fills the gaps
// around them, so the segments tile the continuum.
func segmentation(begin, length int, us []Unit) ([]segment, error) {
	us = append([]Unit(nil), us...)
	sort.Slice(us, func(i, j int) bool { return us[i].Start < us[j].Start })
	var segs []segment
	pos := begin
	for _, u := range us {
		if u.Start < pos {
			return nil, fmt.Errorf("units (%d,%d) and the one before overlap", u.Start, u.Length)
		}
		if u.Start > pos {
			segs = append(segs, segment{pos, u.Start - pos, false})
		}
		segs = append(segs, segment{u.Start, u.Length, true})
		pos = u.Start + u.Length
	}
	if end := begin + length; pos < end {
		segs = append(segs, segment{pos, end - pos, false})
	}
	return segs, nil
}

// deltaU is δ² of two segments of different coders (Krippendorff 2004).
func deltaU(g, h segment) float64 {
	switch {
	case g.unit && h.unit:
		if g.start < h.start+h.length && h.start < g.start+g.length {
			db := float64(g.start - h.start)
			dl := float64(g.start + g.length - h.start - h.length)
			return db*db + dl*dl
		}
	case g.unit && !h.unit:
		if h.start <= g.start && g.start+g.length <= h.start+h.length {
			return float64(g.length) * float64(g.length)
		}
	case !g.unit && h.unit:
		return deltaU(h, g)
	}
	return 0
}

func observedU(segs [][]segment, length int) float64 {
	m := len(segs)
	sum := 0.0
	for i := range segs {
		for j := range segs {
			if i != j {
				sum += overlapDelta(segs[i], segs[j])
			}
		}
	}
	L := float64(length)
	return sum / (float64(m*(m-1)) * L * L)
}

// overlapDelta is Σ_g Σ_h δ²(g,h) over the segments g of a and h of b.
// Both tile the continuum in order, and δ² is 0 for segments that do not
// overlap, so each g meets only the few h that overlap it: linear in the
// segments, not quadratic (a project laid end to end has thousands).
func overlapDelta(a, b []segment) float64 {
	sum := 0.0
	k := 0
	for _, g := range a {
		for k < len(b) && b[k].start+b[k].length <= g.start {
			k++
		}
		for h := k; h < len(b) && b[h].start < g.start+g.length; h++ {
			sum += deltaU(g, b[h])
		}
	}
	return sum
}

func expectedU(segs [][]segment, length int) float64 {
	var lens, gaps []float64
	for _, ss := range segs {
		for _, s := range ss {
			if s.unit {
				lens = append(lens, float64(s.length))
			} else {
				gaps = append(gaps, float64(s.length))
			}
		}
	}
	// Σ_{G≥l} (G-l+1) = Σ_{G≥l} G - (l-1)·#{G≥l}, from the gaps sorted and
	// their suffix sums.
	sort.Float64s(gaps)
	suffix := make([]float64, len(gaps)+1)
	for i := len(gaps) - 1; i >= 0; i-- {
		suffix[i] = suffix[i+1] + gaps[i]
	}
	N := float64(len(lens))
	L := float64(length)
	mL := float64(len(segs)) * L
	num, self := 0.0, 0.0
	for _, l := range lens {
		num += (N - 1) * (2*l*l*l - 3*l*l + l) / 3
		i := sort.SearchFloat64s(gaps, l)
		fit := suffix[i] - (l-1)*float64(len(gaps)-i)
		num += l * l * fit
		self += l * (l - 1)
	}
	return 2 / L * num / (mL*(mL-1) - self)
}
