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
	// Pass 1: n_c, the pairable values of each kind (the marginals of the
	// coincidence matrix: Σ_k o_ck counts each pairable value once).
	nc := make([]float64, len(values))
	var inUnit []int
	pairable := func(u int) []int {
		inUnit = inUnit[:0]
		for _, row := range data {
			if u < len(row) && !IsMissing(row[u]) {
				inUnit = append(inUnit, index[row[u]])
			}
		}
		if len(inUnit) < 2 {
			return nil
		}
		return inUnit
	}
	n := 0.0
	for u := 0; u < units; u++ {
		for _, c := range pairable(u) {
			nc[c]++
			n++
		}
	}
	delta := deltaFunc(level, values, nc)
	// Pass 2: Σ o_ck δ²(c,k), unit by unit, without building o (with
	// interval data nearly every value is distinct, and a V×V matrix would
	// not fit).
	var do float64
	for u := 0; u < units; u++ {
		vs := pairable(u)
		sum := 0.0
		for i, c := range vs {
			for j, k := range vs {
				if i != j && c != k {
					sum += delta(c, k)
				}
			}
		}
		if len(vs) > 1 {
			do += sum / float64(len(vs)-1)
		}
	}
	de := expectedSum(level, values, nc, delta)
	if n < 2 || de == 0 {
		return math.NaN(), ErrUndefined
	}
	return 1 - (n-1)*do/de, nil
}

// expectedSum is Σ_c Σ_k n_c n_k δ²(c,k); for nominal data in closed form,
// n² - Σ n_c², and for interval data 2(n Σ n_c c² - (Σ n_c c)²), with the
// values centred on their mean for precision.
func expectedSum(level Level, values, nc []float64, delta func(c, k int) float64) float64 {
	if level == Interval {
		var n, s float64
		for c, x := range nc {
			n += x
			s += x * values[c]
		}
		if n == 0 {
			return 0
		}
		mean := s / n
		var ss float64
		for c, x := range nc {
			d := values[c] - mean
			ss += x * d * d
		}
		return 2 * n * ss
	}
	if level == Nominal { // n² - Σ n_c²
		var n, sq float64
		for _, x := range nc {
			n += x
			sq += x * x
		}
		return n*n - sq
	}
	var de float64
	for c := range nc {
		for k := range nc {
			if c != k {
				de += nc[c] * nc[k] * delta(c, k)
			}
		}
	}
	return de
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
