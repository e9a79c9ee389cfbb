package agree

import (
	"fmt"
	"math"
	"sort"
)

// Level is a level of measurement, choosing α's difference function.
type Level int

const (
	Nominal Level = iota
	Ordinal
	Interval
	Ratio
)

func (l Level) String() string {
	switch l {
	case Nominal:
		return "nominal"
	case Ordinal:
		return "ordinal"
	case Interval:
		return "interval"
	case Ratio:
		return "ratio"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// ParseLevel reads nominal, ordinal, interval or ratio.
func ParseLevel(s string) (Level, error) {
	for l := Nominal; l <= Ratio; l++ {
		if l.String() == s {
			return l, nil
		}
	}
	return 0, fmt.Errorf("unknown level %q (known: nominal, ordinal, interval, ratio)", s)
}

// Missing marks a missing value in reliability data.
var Missing = math.NaN()

// IsMissing reports whether v is a missing value.
func IsMissing(v float64) bool { return math.IsNaN(v) }

// Alpha is Krippendorff's α of reliability data: data[coder][unit], a
// missing value (Missing) where a coder did not code a unit. Computed by the
// coincidence-matrix method of Krippendorff (2011), "Computing
// Krippendorff's Alpha-Reliability": units with fewer than two values are
// not pairable and drop out; each remaining unit u with m_u values adds
// 1/(m_u-1) to o_ck for every ordered pair of its values (c, k) from
// different coders; then
//
//	α = 1 - (n-1) Σ o_ck δ²(c,k) / Σ n_c n_k δ²(c,k)
//
// with n_c the marginals of o and n their total. For nominal data values
// are only compared for equality; for ordinal data only their order counts.
func Alpha(data [][]float64, level Level) (float64, error) {
	if level < Nominal || level > Ratio {
		return 0, fmt.Errorf("unknown level %d", int(level))
	}
	units := 0
	for _, row := range data {
		units = max(units, len(row))
	}
	// Distinct values, sorted: the rows and columns of the coincidence matrix.
	index := map[float64]int{}
	var values []float64
	for _, row := range data {
		for _, v := range row {
			if IsMissing(v) {
				continue
			}
			if math.IsInf(v, 0) {
				return 0, fmt.Errorf("value %v is not a finite number", v)
			}
			if level == Ratio && v < 0 {
				return 0, fmt.Errorf("ratio data cannot be negative (%v)", v)
			}
			if _, ok := index[v]; !ok {
				index[v] = 0
				values = append(values, v)
			}
		}
	}
	sort.Float64s(values)
	for i, v := range values {
		index[v] = i
	}
	V := len(values)
	o := make([][]float64, V)
	for i := range o {
		o[i] = make([]float64, V)
	}
	var inUnit []int
	for u := 0; u < units; u++ {
		inUnit = inUnit[:0]
		for _, row := range data {
			if u < len(row) && !IsMissing(row[u]) {
				inUnit = append(inUnit, index[row[u]])
			}
		}
		m := len(inUnit)
		if m < 2 {
			continue
		}
		w := 1 / float64(m-1)
		for i, c := range inUnit {
			for j, k := range inUnit {
				if i != j {
					o[c][k] += w
				}
			}
		}
	}
	nc := make([]float64, V)
	n := 0.0
	for c := range o {
		for k := range o[c] {
			nc[c] += o[c][k]
		}
		n += nc[c]
	}
	delta := deltaFunc(level, values, nc)
	var do, de float64
	for c := 0; c < V; c++ {
		for k := 0; k < V; k++ {
			if c == k {
				continue
			}
			d := delta(c, k)
			do += o[c][k] * d
			de += nc[c] * nc[k] * d
		}
	}
	if n < 2 || de == 0 {
		return math.NaN(), ErrUndefined
	}
	return 1 - (n-1)*do/de, nil
}

// deltaFunc returns δ²(c,k) over value indexes, per Krippendorff (2011),
// section C: nominal 0/1; ordinal (Σ_{g=c..k} n_g - (n_c+n_k)/2)²; interval
// (c-k)²; ratio ((c-k)/(c+k))².
func deltaFunc(level Level, values, nc []float64) func(c, k int) float64 {
	switch level {
	case Ordinal:
		// cum[i] = n_0 + ... + n_{i-1}
		cum := make([]float64, len(nc)+1)
		for i, x := range nc {
			cum[i+1] = cum[i] + x
		}
		return func(c, k int) float64 {
			if c > k {
				c, k = k, c
			}
			s := cum[k+1] - cum[c] - (nc[c]+nc[k])/2
			return s * s
		}
	case Interval:
		return func(c, k int) float64 {
			d := values[c] - values[k]
			return d * d
		}
	case Ratio:
		return func(c, k int) float64 {
			s := values[c] + values[k]
			if s == 0 {
				return 0
			}
			d := (values[c] - values[k]) / s
			return d * d
		}
	}
	return func(c, k int) float64 {
		if c == k {
			return 0
		}
		return 1
	}
}
