package agree

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

// reliability parses rows of space-separated values, "." for missing.
func reliability(t *testing.T, rows ...string) [][]float64 {
	t.Helper()
	var data [][]float64
	for _, r := range rows {
		var row []float64
		for _, f := range strings.Fields(r) {
			if f == "." {
				row = append(row, Missing)
				continue
			}
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatal(err)
			}
			row = append(row, v)
		}
		data = append(data, row)
	}
	return data
}

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// canonical is the reliability data of Krippendorff (2011), "Computing
// Krippendorff's Alpha-Reliability", section C: 4 observers, 12 units,
// missing values marked ".".
var canonical = []string{
	"1 2 3 3 2 1 4 1 2 . . .",
	"1 2 3 3 2 2 4 1 2 5 . 3",
	". 3 3 3 2 3 4 2 2 5 1 .",
	"1 2 3 3 2 4 4 1 2 5 1 .",
}

func TestAlphaKrippendorff2011(t *testing.T) {
	data := reliability(t, canonical...)
	// Expected values printed in Krippendorff (2011), section C (a-d):
	// nominal α = .743, ordinal α = .815, interval α = .849, ratio α = .797.
	for _, c := range []struct {
		level Level
		want  float64
	}{
		{Nominal, 0.743},
		{Ordinal, 0.815},
		{Interval, 0.849},
		{Ratio, 0.797},
	} {
		got, err := Alpha(data, c.level)
		if err != nil || !near(got, c.want, 0.0005) {
			t.Errorf("%s: α = %.4f, %v; want %.3f", c.level, got, err, c.want)
		}
	}
}

func TestAlphaNoVariationIsUndefined(t *testing.T) {
	// All values equal: De = 0, α is 0/0 (Krippendorff 2011 leaves it undefined).
	data := reliability(t, "1 1 .", "1 1 1")
	if a, err := Alpha(data, Nominal); !errors.Is(err, ErrUndefined) {
		t.Errorf("α = %v, %v; want ErrUndefined", a, err)
	}
	// A unit coded by one coder only is not pairable.
	if a, err := Alpha(reliability(t, "1 .", ". 2"), Nominal); !errors.Is(err, ErrUndefined) {
		t.Errorf("α = %v, %v; want ErrUndefined", a, err)
	}
}

func TestAlphaNominalTwoCodersHandCount(t *testing.T) {
	// Two coders, units (a,a) (a,b) (b,b) (b,b), hand count: o_aa = 2,
	// o_ab = o_ba = 1, o_bb = 4; n_a = 3, n_b = 5, n = 8;
	// α = 1 - (n-1) (o_ab+o_ba) / (2 n_a n_b) = 1 - 7*2/30 = 0.5333.
	got, err := Alpha(reliability(t, "1 1 2 2", "1 2 2 2"), Nominal)
	if err != nil || !near(got, 1-14.0/30, 1e-12) {
		t.Errorf("α = %v, %v; want %v", got, err, 1-14.0/30)
	}
}

func TestCohenKappaTables(t *testing.T) {
	for _, c := range []struct {
		name  string
		table [][]float64
		want  float64
		tol   float64
	}{
		// Cohen (1960), "A coefficient of agreement for nominal scales",
		// Table 1: p_o = .70, p_e = .41, κ = .492.
		{"Cohen 1960", [][]float64{{88, 14, 18}, {10, 40, 10}, {2, 6, 12}}, 0.492, 0.0005},
		// Wikipedia "Cohen's kappa", simple example: 50 proposals,
		// p_o = 0.7, p_e = 0.5, κ = 0.4.
		{"2x2", [][]float64{{20, 5}, {10, 15}}, 0.40, 1e-12},
		// statsmodels test_inter_rater.py table10, a SAS example: κ = 0.4842.
		{"SAS", [][]float64{{0, 4, 1}, {0, 8, 0}, {0, 1, 5}}, 0.4842, 0.00005},
	} {
		got, err := CohenKappa(c.table)
		if err != nil || !near(got, c.want, c.tol) {
			t.Errorf("%s: κ = %.4f, %v; want %v", c.name, got, err, c.want)
		}
	}
}

func TestCohenKappaLabelsMatchesTable(t *testing.T) {
	// The 2x2 example above written out as 50 pairs of labels.
	var a, b []string
	add := func(n int, x, y string) {
		for range n {
			a, b = append(a, x), append(b, y)
		}
	}
	add(20, "yes", "yes")
	add(5, "yes", "no")
	add(10, "no", "yes")
	add(15, "no", "no")
	got, err := CohenKappaLabels(a, b)
	if err != nil || !near(got, 0.4, 1e-12) {
		t.Errorf("κ = %v, %v; want 0.4", got, err)
	}
	if _, err := CohenKappaLabels([]string{"x"}, nil); err == nil {
		t.Error("unequal sequences: want an error")
	}
}

// fleiss1971 is Fleiss (1971), "Measuring nominal scale agreement among
// many raters", Table 1: 30 patients, 6 psychiatrists, 5 diagnoses
// (1 depression, 2 personality disorder, 3 schizophrenia, 4 neurosis,
// 5 other), one row per patient, one diagnosis per rater, as given in
// statsmodels' test_inter_rater.py (array "diagnoses", also R irr's data).
var fleiss1971 = [][]int{
	{4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5},
	{2, 2, 2, 4, 4, 4}, {1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4},
	{1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5}, {1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4},
	{2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5}, {3, 3, 3, 3, 3, 5},
	{1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
	{5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4},
	{1, 4, 4, 4, 4, 5}, {2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4},
	{1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5},
}

func TestFleissKappa(t *testing.T) {
	counts := make([][]float64, len(fleiss1971))
	colsum := make([]float64, 5)
	for i, row := range fleiss1971 {
		counts[i] = make([]float64, 5)
		for _, d := range row {
			counts[i][d-1]++
			colsum[d-1]++
		}
	}
	// Column totals from statsmodels' test_aggregate_raters: 26 26 30 55 43.
	for j, want := range []float64{26, 26, 30, 55, 43} {
		if colsum[j] != want {
			t.Fatalf("diagnosis %d given %v times; want %v (data mistyped)", j+1, colsum[j], want)
		}
	}
	for _, c := range []struct {
		name   string
		counts [][]float64
		want   float64
		tol    float64
	}{
		// Fleiss (1971): κ = .430; R irr kappam.fleiss(diagnoses) = 0.4302445
		// (quoted in statsmodels' test_fleiss_kappa_irr).
		{"Fleiss 1971", counts, 0.4302445, 5e-8},
		// Wikipedia "Fleiss' kappa", worked example: 10 subjects, 14 raters,
		// κ = 0.210 (statsmodels test_fleiss_kappa; 0.20993 to five places).
		{"Wikipedia", [][]float64{
			{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
			{7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
		}, 0.2099, 0.00005},
	} {
		got, err := FleissKappa(c.counts)
		if err != nil || !near(got, c.want, c.tol) {
			t.Errorf("%s: κ = %.7f, %v; want %v", c.name, got, err, c.want)
		}
	}
	if _, err := FleissKappa([][]float64{{1, 1}, {3, 0}}); err == nil {
		t.Error("unequal raters per subject: want an error")
	}
}

// krippendorff2004 is the unitizing example of Krippendorff (2004),
// "Measuring the reliability of qualitative text analysis data", Quality &
// Quantity 38 (also Content Analysis, 2nd ed., p. 254): continuum 150-450,
// two coders, categories c and k, units as (start, length).
var krippendorff2004 = []Unit{
	{0, "c", 225, 70}, {0, "c", 370, 30}, {0, "k", 180, 60}, {0, "k", 300, 50},
	{1, "c", 220, 80}, {1, "c", 355, 20}, {1, "c", 400, 20}, {1, "k", 180, 60}, {1, "k", 300, 50},
}

func TestAlphaUKrippendorff2004(t *testing.T) {
	got, err := AlphaU(150, 300, 2, krippendorff2004)
	if err != nil {
		t.Fatal(err)
	}
	// Published: αU = .8591 overall, c: Do = .0144, De = .0532, α = .7286;
	// k: Do = 0, De = .0490, α = 1 (the same figures are asserted by DKPro
	// Statistics' Krippendorff2004Test).
	// The published overall .8591 is 1 - .0144/(.0532+.0490), from the
	// rounded figures; from unrounded ones (Do_c = .014444, De_c = .053222,
	// De_k = .048979) it is .85867. So: exact against the unrounded
	// per-category values, and within .0005 of the published figure (the
	// tolerance DKPro's test uses for the same number).
	c, k := got.Categories["c"], got.Categories["k"]
	if want := 1 - (c.Do+k.Do)/(c.De+k.De); got.Alpha != want {
		t.Errorf("αU = %v; want 1 - ΣDo/ΣDe = %v", got.Alpha, want)
	}
	if !near(got.Alpha, 0.8591, 0.0005) {
		t.Errorf("αU = %.5f; want 0.8591", got.Alpha)
	}
	for _, c := range []struct {
		cat           string
		do, de, alpha float64
	}{
		{"c", 0.0144, 0.0532, 0.7286},
		{"k", 0, 0.0490, 1},
	} {
		g := got.Categories[c.cat]
		if !near(g.Do, c.do, 0.00005) || !near(g.De, c.de, 0.00005) || !near(g.Alpha, c.alpha, 0.00005) {
			t.Errorf("%s: Do %.5f De %.5f α %.5f; want %v %v %v", c.cat, g.Do, g.De, g.Alpha, c.do, c.de, c.alpha)
		}
	}
}

func TestDeltaUKrippendorff2004(t *testing.T) {
	// Pairwise differences quoted from the worked example (and DKPro
	// Statistics' Krippendorff2004Test.testDistanceMetric2).
	for _, c := range []struct {
		g, h segment
		want float64
	}{
		{segment{225, 70, true}, segment{220, 80, true}, 50},  // 5² + 5²
		{segment{370, 30, true}, segment{355, 20, true}, 850}, // 15² + 25²
		{segment{400, 50, false}, segment{400, 20, true}, 400},
		{segment{400, 20, true}, segment{400, 50, false}, 400},
		{segment{400, 20, true}, segment{410, 50, false}, 0}, // gap does not hold the unit
		{segment{100, 10, true}, segment{110, 10, true}, 0},  // adjacent units do not overlap
	} {
		if got := deltaU(c.g, c.h); got != c.want {
			t.Errorf("δ²(%v, %v) = %v; want %v", c.g, c.h, got, c.want)
		}
	}
}

func TestAlphaURejectsBadUnits(t *testing.T) {
	for _, us := range [][]Unit{
		{{0, "c", 140, 20}},                    // starts before the continuum
		{{0, "c", 440, 20}},                    // ends after it
		{{2, "c", 200, 20}},                    // no such coder
		{{0, "c", 200, 20}, {0, "c", 210, 20}}, // one coder's units of c overlap
		{{0, "c", 200, 0}},                     // empty
	} {
		if _, err := AlphaU(150, 300, 2, us); err == nil {
			t.Errorf("%v: want an error", us)
		}
	}
}

func TestSpanMatch(t *testing.T) {
	a := []Span{{0, 5, "PER"}, {10, 20, "ORG"}, {30, 40, "PER"}, {50, 55, "LOC"}}
	b := []Span{{0, 5, "PER"}, {12, 20, "ORG"}, {30, 40, "LOC"}, {60, 65, "LOC"}, {70, 71, "PER"}}
	// Hand count. Exact: only (0,5,PER) agrees; 3 of a and 4 of b left;
	// F1 = 2*1/9.
	// Overlap: (0,5,PER) and (10,20,ORG)~(12,20,ORG); (30,40) differs in
	// label; F1 = 2*2/9.
	for _, c := range []struct {
		name string
		got  Match
		want Match
	}{
		{"exact", ExactMatch(a, b), Match{1, 3, 4, 2.0 / 9}},
		{"overlap", OverlapMatch(a, b), Match{2, 2, 3, 4.0 / 9}},
		{"exact empty", ExactMatch(nil, nil), Match{0, 0, 0, 1}},
		{"overlap one side", OverlapMatch(a, nil), Match{0, 4, 0, 0}},
		// Duplicates pair one for one.
		{"exact duplicates", ExactMatch([]Span{{0, 1, "X"}, {0, 1, "X"}}, []Span{{0, 1, "X"}}), Match{1, 1, 0, 2.0 / 3}},
		// The long span of b overlaps both spans of a; the closer pair
		// (overlap 9) is taken first, then the long span has no partner
		// left, so a's second span stays single.
		{"overlap one to one", OverlapMatch(
			[]Span{{0, 10, "X"}, {8, 12, "X"}},
			[]Span{{0, 9, "X"}}), Match{1, 1, 0, 2.0 / 3}},
	} {
		if c.got.Matched != c.want.Matched || c.got.OnlyA != c.want.OnlyA || c.got.OnlyB != c.want.OnlyB || !near(c.got.F1, c.want.F1, 1e-12) {
			t.Errorf("%s: %+v; want %+v", c.name, c.got, c.want)
		}
	}
}

func TestAlphaManyDistinctValues(t *testing.T) {
	// 20000 units of interval data, nearly all values distinct: coder B is
	// coder A plus noise of ±1 around values spread over 0..2000. A V×V
	// coincidence matrix would take gigabytes; Alpha must not build one.
	// Expected α by hand: the difference d = ±1 in every unit gives
	// Do-part Σ o_ck δ² = 2·units·1 (two ordered pairs per unit, weight 1);
	// De-part 2n Σ(v-mean)² over the n = 2·units values.
	const units = 20000
	a := make([]float64, units)
	b := make([]float64, units)
	for i := range a {
		a[i] = float64(i) / 10
		b[i] = a[i] + float64(1-2*(i%2))
	}
	got, err := Alpha([][]float64{a, b}, Interval)
	if err != nil {
		t.Fatal(err)
	}
	var mean, ss float64
	for i := range a {
		mean += a[i] + b[i]
	}
	n := float64(2 * units)
	mean /= n
	for i := range a {
		ss += (a[i]-mean)*(a[i]-mean) + (b[i]-mean)*(b[i]-mean)
	}
	want := 1 - (n-1)*(2*units)/(2*n*ss)
	if !near(got, want, 1e-9) {
		t.Errorf("α = %v; want %v", got, want)
	}
}

func TestAlphaUObservedKrippendorff1995(t *testing.T) {
	// Krippendorff (1995), "On the reliability of unitizing contiguous
	// data", Sociological Methodology 25, p. 57: four pairs of coders
	// (A-D) on a continuum of 24, units as (start, length). The published
	// observed disagreements (also asserted by DKPro Statistics'
	// Krippendorff1995Test): A .03125, B 2.26736, C .02777, D .38715. Only
	// Do is compared: DKPro notes the paper's expected disagreement differs
	// from the 2004 formula by a sign.
	us := func(cat string, coder int, pairs ...int) []Unit {
		var out []Unit
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, Unit{coder, cat, pairs[i], pairs[i+1]})
		}
		return out
	}
	var units []Unit
	units = append(units, us("A", 0, 2, 8, 14, 6)...)
	units = append(units, us("A", 1, 4, 4, 15, 2)...)
	units = append(units, us("B", 0, 0, 18)...)
	units = append(units, us("B", 1, 0, 2, 2, 1, 3, 1, 4, 1, 5, 1, 6, 3, 9, 1)...)
	units = append(units, us("C", 0, 2, 6, 10, 2, 14, 4, 20, 2)...)
	units = append(units, us("C", 1, 0, 2, 4, 4, 10, 4, 16, 2, 20, 2)...)
	units = append(units, us("D", 0, 0, 2, 2, 8, 10, 4, 14, 6, 20, 4)...)
	units = append(units, us("D", 1, 0, 4, 4, 4, 8, 7, 15, 2, 17, 7)...)
	got, err := AlphaU(0, 24, 2, units)
	if err != nil {
		t.Fatal(err)
	}
	for cat, want := range map[string]float64{"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715} {
		if do := got.Categories[cat].Do; !near(do, want, 0.00001) {
			t.Errorf("%s: Do = %.5f; want %v", cat, do, want)
		}
	}
}
