package agree

import (
	"fmt"
	"math"
)

// CohenKappa is Cohen's (1960) κ of a square confusion table: table[i][j]
// counts the units coder A put in category i and coder B in category j.
//
//	κ = (p_o - p_e) / (1 - p_e)
//
// p_o the proportion on the diagonal, p_e Σ_i (row_i/N)(col_i/N).
func CohenKappa(table [][]float64) (float64, error) {
	k := len(table)
	for i, row := range table {
		if len(row) != k {
			return 0, fmt.Errorf("confusion table row %d has %d cells, want %d (a square table)", i+1, len(row), k)
		}
		for j, x := range row {
			if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
				return 0, fmt.Errorf("confusion table cell (%d,%d) is %v, not a count", i+1, j+1, x)
			}
		}
	}
	rows := make([]float64, k)
	cols := make([]float64, k)
	var n, diag float64
	for i, row := range table {
		for j, x := range row {
			rows[i] += x
			cols[j] += x
			n += x
		}
		diag += row[i]
	}
	if n == 0 {
		return math.NaN(), ErrUndefined
	}
	po := diag / n
	pe := 0.0
	for i := range rows {
		pe += rows[i] / n * cols[i] / n
	}
	if pe == 1 {
		return math.NaN(), ErrUndefined
	}
	return (po - pe) / (1 - pe), nil
}

// CohenKappaLabels is Cohen's κ of two coders' labels for the same units,
// a[i] and b[i] for unit i; the two sequences must be equally long.
func CohenKappaLabels(a, b []string) (float64, error) {
	table, _, err := Confusion(a, b)
	if err != nil {
		return 0, err
	}
	return CohenKappa(table)
}

// Confusion counts two label sequences into a square table over the
// categories in the order they first appear (a's labels, then b's).
func Confusion(a, b []string) ([][]float64, []string, error) {
	if len(a) != len(b) {
		return nil, nil, fmt.Errorf("the coders labelled %d and %d units; want the same units", len(a), len(b))
	}
	index := map[string]int{}
	var cats []string
	add := func(s string) {
		if _, ok := index[s]; !ok {
			index[s] = len(cats)
			cats = append(cats, s)
		}
	}
	for _, s := range a {
		add(s)
	}
	for _, s := range b {
		add(s)
	}
	table := make([][]float64, len(cats))
	for i := range table {
		table[i] = make([]float64, len(cats))
	}
	for i := range a {
		table[index[a[i]]][index[b[i]]]++
	}
	return table, cats, nil
}

// FleissKappa is Fleiss' (1971) κ of counts[subject][category], the number
// of raters who put the subject in the category; every subject must have
// the same number of raters n.
//
//	P_i = (Σ_j n_ij² - n) / (n(n-1)),  P̄ = mean P_i
//	p_j = Σ_i n_ij / (N n),            P̄_e = Σ_j p_j²
//	κ = (P̄ - P̄_e) / (1 - P̄_e)
func FleissKappa(counts [][]float64) (float64, error) {
	if len(counts) == 0 {
		return math.NaN(), ErrUndefined
	}
	k := len(counts[0])
	n := -1.0
	p := make([]float64, k)
	pbar := 0.0
	for i, row := range counts {
		if len(row) != k {
			return 0, fmt.Errorf("subject %d has %d categories, want %d", i+1, len(row), k)
		}
		ni, sq := 0.0, 0.0
		for j, x := range row {
			if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
				return 0, fmt.Errorf("subject %d, category %d: %v is not a count", i+1, j+1, x)
			}
			ni += x
			sq += x * x
			p[j] += x
		}
		if n < 0 {
			n = ni
		} else if ni != n {
			return 0, fmt.Errorf("subject %d has %v ratings, subject 1 has %v; Fleiss' κ needs the same number of raters for every subject", i+1, ni, n)
		}
		if n < 2 {
			return math.NaN(), ErrUndefined
		}
		pbar += (sq - n) / (n * (n - 1))
	}
	N := float64(len(counts))
	pbar /= N
	pe := 0.0
	for j := range p {
		pj := p[j] / (N * n)
		pe += pj * pj
	}
	if pe == 1 {
		return math.NaN(), ErrUndefined
	}
	return (pbar - pe) / (1 - pe), nil
}
