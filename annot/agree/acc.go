package agree

import (
	"math"
	"strconv"
)

// Value is a coefficient that may be undefined (NaN): JSON writes it as
// null rather than failing, and text shows "-".
type Value float64

// Defined reports whether v is a number.
func (v Value) Defined() bool { return !math.IsNaN(float64(v)) && !math.IsInf(float64(v), 0) }

// MarshalJSON writes v as a number, or null when undefined.
func (v Value) MarshalJSON() ([]byte, error) {
	if !v.Defined() {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, float64(v), 'g', -1, 64), nil
}

// String is v to three places, or "-" when undefined.
func (v Value) String() string {
	if !v.Defined() {
		return "-"
	}
	return strconv.FormatFloat(float64(v), 'f', 3, 64)
}

var undefined = Value(math.NaN())

// nominalAcc accumulates Krippendorff's nominal α unit by unit, without
// holding the reliability data: with n_uc the values of category c in unit
// u (m_u of them) and n_c their totals over pairable units,
//
//	α = 1 - (n-1) Σ_u (m_u² - Σ_c n_uc²)/(m_u-1) / (n² - Σ_c n_c²)
//
// which is Alpha's coincidence-matrix formula with δ² 0/1 summed in closed
// form (Krippendorff 2011, section A).
type nominalAcc struct {
	n, do float64
	nc    []float64
}

func newNominalAcc() *nominalAcc { return &nominalAcc{} }

// unit adds one unit's values (categories of the coders who coded it); a
// unit with fewer than two values is not pairable and adds nothing.
func (a *nominalAcc) unit(values []int) {
	m := float64(len(values))
	if m < 2 {
		return
	}
	sq := 0.0
	eachCount(values, func(v int, c float64) {
		sq += c * c
		a.nc = grow(a.nc, v)
		a.nc[v] += c
	})
	a.n += m
	a.do += (m*m - sq) / (m - 1)
}

func (a *nominalAcc) alpha() Value {
	sq := 0.0
	for _, x := range a.nc {
		sq += x * x
	}
	de := a.n*a.n - sq
	if a.n < 2 || de == 0 {
		return undefined
	}
	return Value(1 - (a.n-1)*a.do/de)
}

// binaryAcc is nominalAcc for one category against all others (a label
// against every other label and none), for many categories at once: a
// unit only touches the categories present in it.
type binaryAcc struct {
	n  float64   // pairable values
	n1 []float64 // pairable values of each category
	do []float64 // Σ_u 2k(m-k)/(m-1), k the unit's values of the category
}

func newBinaryAcc() *binaryAcc { return &binaryAcc{} }

func (a *binaryAcc) unit(values []int) {
	m := float64(len(values))
	if m < 2 {
		return
	}
	a.n += m
	eachCount(values, func(v int, k float64) {
		a.n1 = grow(a.n1, v)
		a.do = grow(a.do, v)
		a.n1[v] += k
		a.do[v] += 2 * k * (m - k) / (m - 1)
	})
}

// alpha is α of category c against the rest: 1 - (n-1)·Do / (2 n₁ n₀).
func (a *binaryAcc) alpha(c int) Value {
	if c >= len(a.n1) {
		return undefined
	}
	n1 := a.n1[c]
	de := 2 * n1 * (a.n - n1)
	if a.n < 2 || de == 0 {
		return undefined
	}
	return Value(1 - (a.n-1)*a.do[c]/de)
}

// cohenAcc accumulates a confusion table of two coders, for Cohen's κ.
// Categories are small ints: the margins are slices, not maps, because
// every token of every pair passes here.
type cohenAcc struct {
	n, diag    float64
	rows, cols []float64
}

func newCohenAcc() *cohenAcc { return &cohenAcc{} }

// eachCount calls f once for each distinct value in values, in the order
// of first appearance, with the number of times it occurs.
func eachCount(values []int, f func(v int, c float64)) {
	for i, v := range values {
		seen := false
		for _, w := range values[:i] {
			if w == v {
				seen = true
				break
			}
		}
		if seen {
			continue
		}
		c := 0.0
		for _, w := range values[i:] {
			if w == v {
				c++
			}
		}
		f(v, c)
	}
}

// grow makes xs long enough for index i.
func grow(xs []float64, i int) []float64 {
	for len(xs) <= i {
		xs = append(xs, 0)
	}
	return xs
}

func (a *cohenAcc) add(x, y int) {
	a.n++
	if x == y {
		a.diag++
	}
	a.rows = grow(a.rows, x)
	a.cols = grow(a.cols, y)
	a.rows[x]++
	a.cols[y]++
}

func (a *cohenAcc) merge(b *cohenAcc) {
	a.n += b.n
	a.diag += b.diag
	for k, v := range b.rows {
		a.rows = grow(a.rows, k)
		a.rows[k] += v
	}
	for k, v := range b.cols {
		a.cols = grow(a.cols, k)
		a.cols[k] += v
	}
}

// kappa is Cohen's κ = (p_o - p_e)/(1 - p_e), as CohenKappa.
func (a *cohenAcc) kappa() Value {
	if a.n == 0 {
		return undefined
	}
	pe := 0.0
	for k, r := range a.rows {
		if k < len(a.cols) {
			pe += r / a.n * a.cols[k] / a.n
		}
	}
	if pe == 1 {
		return undefined
	}
	return Value((a.diag/a.n - pe) / (1 - pe))
}

// fleissAcc accumulates Fleiss' κ subject by subject, each rated by the
// same number of raters r, as FleissKappa.
type fleissAcc struct {
	r, subjects, pbar float64
	p                 []float64
}

func newFleissAcc(raters int) *fleissAcc {
	return &fleissAcc{r: float64(raters)}
}

// subject adds one subject's ratings (len(values) must be r).
func (a *fleissAcc) subject(values []int) {
	sq := 0.0
	eachCount(values, func(v int, c float64) {
		sq += c * c
		a.p = grow(a.p, v)
		a.p[v] += c
	})
	a.subjects++
	a.pbar += (sq - a.r) / (a.r * (a.r - 1))
}

func (a *fleissAcc) kappa() Value {
	if a.subjects == 0 || a.r < 2 {
		return undefined
	}
	pe := 0.0
	for _, x := range a.p {
		pj := x / (a.subjects * a.r)
		pe += pj * pj
	}
	if pe == 1 {
		return undefined
	}
	return Value((a.pbar/a.subjects - pe) / (1 - pe))
}
