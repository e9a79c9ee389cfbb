package agree

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// GammaUnit is one annotator's unit for γ: [Start, End) with a category.
type GammaUnit struct {
	Annotator int
	Category  string
	Start     float64
	End       float64
}

// GammaOptions are γ's parameters. Zero values take pygamma-agreement's
// defaults (Alpha 1, Beta 1, DeltaEmpty 1, 30 samples); Mathet et al. and
// the reference test use Alpha 3.
type GammaOptions struct {
	Alpha, Beta float64 // weights of the positional and categorical dissimilarity
	DeltaEmpty  float64 // dissimilarity of a unit with no counterpart
	Samples     int     // random continua for the expected disorder, at least
	// Precision, when above 0, adds samples until the estimated expected
	// disorder is within this relative error at 95% confidence (Mathet et
	// al. 2015, section 5.3).
	Precision float64
	Seed      uint64 // seed of the random continua (reproducible results)
	// Convention chooses between the two definitions pygamma-agreement
	// has shipped; the zero value is the paper's.
	Convention GammaConvention
}

// GammaConvention is a definition of γ's disorders and random continua.
type GammaConvention int

const (
	// GammaPaper is Mathet et al. (2015) as pygamma-agreement 0.2 and
	// later implement it (matched there against the authors' Java
	// program): an alignment's disorder is divided by the mean number of
	// units per annotator; random continua shuffle every annotator's
	// units around pivots kept apart (ShuffleContinuumSampler).
	GammaPaper GammaConvention = iota
	// GammaPygamma01 is pygamma-agreement 0.1 (continuum.py
	// compute_disorders and sample_from_continuum, before the 0.2.0
	// "mismatches with the original java implementation" fixes): an
	// alignment's disorder is divided by its number of unitary alignments;
	// each random annotator is a random annotator's units moved by a
	// pivot drawn uniformly between the mean unit length and the last
	// start (units starting after the pivot move back by it, the others
	// forward), pivots drawn independently.
	GammaPygamma01
)

// String names the convention as reports state it.
func (c GammaConvention) String() string {
	if c == GammaPygamma01 {
		return "pygamma-0.1"
	}
	return "paper"
}

// GammaResult is γ = 1 - Observed/Expected: Observed the disorder of the
// best alignment, Expected the mean best-alignment disorder of Samples
// random continua; Alignment lists the best alignment's unitary
// alignments, each holding one unit index (into the units given) or -1 per
// annotator.
type GammaResult struct {
	Gamma, Observed, Expected float64
	Samples                   int
	Alignment                 [][]int
}

// MaxGammaTuples bounds the candidate unitary alignments (the product of
// each annotator's unit count plus one) an exact best alignment may search.
const MaxGammaTuples = 5_000_000

// maxGammaNodes bounds the search for one best alignment, so an input
// too tangled for an exact answer fails instead of running for hours.
var maxGammaNodes = 20_000_000

// ErrGammaTooLarge is returned when a continuum has more candidate
// alignments than MaxGammaTuples, or its best alignment takes too long a
// search.
var ErrGammaTooLarge = errors.New("γ: too many units for an exact best alignment; split the text into shorter continua")

// Gamma is the γ agreement of Mathet, Widlöcher & Métivier (2015), "The
// Unified and Holistic Method Gamma (γ) for Inter-Annotator Agreement
// Measure and Alignment", Computational Linguistics 41(3), with the
// combined dissimilarity
//
//	d(u,v) = α ((|s_u-s_v| + |e_u-e_v|) / (l_u+l_v))² Δ∅ + β [cat_u ≠ cat_v] Δ∅,
//
// d(u,∅) = Δ∅. A unitary alignment (one unit or ∅ per annotator) has the
// mean of d over its annotator pairs as disorder; an alignment (every unit
// in exactly one unitary alignment) the sum of these over the mean number
// of units per annotator. The best alignment has the least disorder and is
// found exactly (pygamma-agreement solves the same integer program with a
// MIP solver). The expected disorder is the mean best-alignment disorder
// over random continua drawn as in Mathet et al. (2015), section 5.2, and
// pygamma-agreement's ShuffleContinuumSampler (integer pivots): for each
// annotator, some annotator's units (drawn at random) shifted by a random
// pivot along the continuum, wrapping at its end, pivots kept half a mean
// unit length apart.
//
// That is opt.Convention GammaPaper, the default. GammaPygamma01 instead
// follows pygamma-agreement 0.1, whose tests (and issue 14) quote γ 0.28-0.31
// on the AlexPaulSuzan data where the paper's definition gives 0.44-0.47.
func Gamma(annotators int, units []GammaUnit, opt GammaOptions) (GammaResult, error) {
	if opt.Alpha == 0 && opt.Beta == 0 {
		opt.Alpha, opt.Beta = 1, 1
	}
	if opt.DeltaEmpty == 0 {
		opt.DeltaEmpty = 1
	}
	if opt.Samples <= 0 {
		opt.Samples = 30
	}
	if annotators < 2 || len(units) == 0 {
		return GammaResult{}, fmt.Errorf("γ needs at least 2 annotators and 1 unit (have %d and %d)", annotators, len(units))
	}
	for _, u := range units {
		if u.Annotator < 0 || u.Annotator >= annotators {
			return GammaResult{}, fmt.Errorf("unit %v: annotator %d is not one of 0..%d", u, u.Annotator, annotators-1)
		}
		if !(u.End > u.Start) || math.IsInf(u.Start, 0) || math.IsInf(u.End, 0) {
			return GammaResult{}, fmt.Errorf("unit %v: end must be after start", u)
		}
	}
	obs, align, err := bestAlignment(annotators, units, opt, nil)
	if err != nil {
		return GammaResult{}, err
	}
	res := GammaResult{Observed: obs, Alignment: align}
	sample := newShuffleSampler(annotators, units).sample
	if opt.Convention == GammaPygamma01 {
		sample = newPivotSampler(annotators, units).sample
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x9e3779b97f4a7c15))
	var chance []float64
	sc := &gammaScratch{}
	draw := func(n int) error {
		for range n {
			d, _, err := bestAlignment(annotators, sample(rng), opt, sc)
			if err != nil {
				return err
			}
			chance = append(chance, d)
		}
		return nil
	}
	if err := draw(opt.Samples); err != nil {
		return GammaResult{}, err
	}
	if opt.Precision > 0 {
		mean, sd := meanStd(chance)
		if need := int(math.Ceil(math.Pow(sd/mean*1.96/opt.Precision, 2))); need > len(chance) {
			if err := draw(need - len(chance)); err != nil {
				return GammaResult{}, err
			}
		}
	}
	res.Expected, _ = meanStd(chance)
	res.Samples = len(chance)
	if obs == 0 {
		res.Gamma = 1
	} else {
		res.Gamma = 1 - obs/res.Expected
	}
	return res, nil
}

// meanStd is the mean and population standard deviation.
func meanStd(xs []float64) (float64, float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	var m float64
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	var v float64
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return m, math.Sqrt(v / float64(len(xs)))
}

// gammaCand is a candidate unitary alignment: one unit index or -1 per
// annotator, and its disorder.
type gammaCand struct {
	units []int
	cost  float64
}

// gammaScratch keeps the candidates' memory from one best alignment to
// the next (the random continua of one γ); the alignment returned then
// lives only until the next call.
type gammaScratch struct {
	flat  []int
	cands []gammaCand
}

// bestAlignment returns the least disorder of an alignment of units and
// the unitary alignments achieving it. sc, when not nil, lends memory.
func bestAlignment(annotators int, units []GammaUnit, opt GammaOptions, sc *gammaScratch) (float64, [][]int, error) {
	if sc == nil {
		sc = &gammaScratch{}
	}
	if len(units) == 0 {
		return 0, nil, nil
	}
	// by[a]: annotator a's units, carved from one array.
	count := make([]int, annotators+1)
	for _, u := range units {
		count[u.Annotator+1]++
	}
	for a := range annotators {
		count[a+1] += count[a]
	}
	byFlat := make([]int, len(units))
	fill := slices.Clone(count[:annotators])
	for i, u := range units {
		byFlat[fill[u.Annotator]] = i
		fill[u.Annotator]++
	}
	by := make([][]int, annotators)
	for a := range annotators {
		by[a] = byFlat[count[a]:count[a+1]:count[a+1]]
	}
	tuples := 1.0
	for _, us := range by {
		tuples *= float64(len(us) + 1)
	}
	if tuples > MaxGammaTuples {
		return 0, nil, ErrGammaTooLarge
	}
	d := func(a, b int) float64 {
		if a < 0 || b < 0 {
			return opt.DeltaEmpty
		}
		u, v := units[a], units[b]
		p := (math.Abs(u.Start-v.Start) + math.Abs(u.End-v.End)) / (u.End - u.Start + v.End - v.Start)
		c := 0.0
		if u.Category != v.Category {
			c = 1
		}
		return (opt.Alpha*p*p + opt.Beta*c) * opt.DeltaEmpty
	}
	pairs := float64(annotators * (annotators - 1) / 2)
	// Candidate unitary alignments: every choice of one unit or ∅ per
	// annotator, keeping those under the criterion of Mathet et al. (2015),
	// section 5.1.1 (a worse one is never better than its units alone).
	type cand = gammaCand
	cands := sc.cands[:0]
	cur := make([]int, annotators)
	flat := sc.flat[:0]
	// The tuples are built annotator by annotator with their running sum
	// of pair dissimilarities; as every term is at least 0, a partial
	// tuple already dearer than what its units could be worth alone
	// (Δ∅ per unit chosen or still to choose, the filter below) is cut
	// there, instead of enumerating the product of every annotator's units.
	var rec func(a, n int, sum float64)
	rec = func(a, n int, sum float64) {
		if bound := pairs * opt.DeltaEmpty * float64(n+annotators-a); sum > bound*(1+1e-9) {
			return
		}
		if a == annotators {
			if n == 0 {
				return
			}
			if sum <= pairs*opt.DeltaEmpty*float64(annotators) {
				// One backing array for all candidates' units: a slice
				// of an outgrown array stays valid.
				flat = append(flat, cur...)
				cands = append(cands, cand{flat[len(flat)-annotators : len(flat) : len(flat)], sum / pairs})
			}
			return
		}
		cur[a] = -1
		rec(a+1, n, sum+float64(a)*opt.DeltaEmpty)
		for _, i := range by[a] {
			t := 0.0
			for j := 0; j < a; j++ {
				t += d(i, cur[j])
			}
			cur[a] = i
			rec(a+1, n+1, sum+t)
		}
	}
	rec(0, 0, 0)
	// A unitary alignment costing more than its units alone (Δ∅ each) is
	// never needed: splitting it is cheaper.
	kept := cands[:0]
	for _, c := range cands {
		n := 0
		for _, x := range c.units {
			if x >= 0 {
				n++
			}
		}
		if n == 1 || c.cost <= float64(n)*opt.DeltaEmpty {
			kept = append(kept, c)
		}
	}
	cands = kept
	sc.cands, sc.flat = cands, flat
	// Exact cover of the units by candidates at least cost, one connected
	// group of units at a time (units sharing a candidate): depth-first,
	// always extending the first uncovered unit, bounded below by each
	// uncovered unit's cheapest share of a candidate.
	// withUnit[x]: the candidates holding unit x, carved from one array.
	offs := make([]int, len(units)+1)
	for _, c := range cands {
		for _, x := range c.units {
			if x >= 0 {
				offs[x+1]++
			}
		}
	}
	for x := range units {
		offs[x+1] += offs[x]
	}
	withFlat := make([]int, offs[len(units)])
	withUnit := make([][]int, len(units))
	for x := range units {
		withUnit[x] = withFlat[offs[x]:offs[x]:offs[x+1]]
	}
	share := make([]float64, len(units))
	for i := range share {
		share[i] = math.Inf(1)
	}
	parent := make([]int, len(units))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for ci, c := range cands {
		n, first := 0, -1
		for _, x := range c.units {
			if x >= 0 {
				n++
				if first < 0 {
					first = x
				} else {
					parent[find(x)] = find(first)
				}
			}
		}
		for _, x := range c.units {
			if x >= 0 {
				withUnit[x] = append(withUnit[x], ci)
				share[x] = min(share[x], c.cost/float64(n))
			}
		}
	}
	for x := range withUnit {
		slices.SortStableFunc(withUnit[x], func(p, q int) int { return cmp.Compare(cands[p].cost, cands[q].cost) })
	}
	// The groups: units ordered by their group's root, then by index.
	roots := make([]int, len(units))
	order := make([]int, len(units))
	for x := range units {
		roots[x], order[x] = find(x), x
	}
	slices.SortStableFunc(order, func(p, q int) int { return cmp.Compare(roots[p], roots[q]) })
	var groups [][]int
	for i := 0; i < len(order); {
		j := i
		for j < len(order) && roots[order[j]] == roots[order[i]] {
			j++
		}
		groups = append(groups, order[i:j])
		i = j
	}
	covered := make([]bool, len(units))
	nodes := 0
	var bestSet []int
	total := 0.0
	for _, group := range groups {
		bound := 0.0
		for _, x := range group {
			bound += share[x]
		}
		best := math.Inf(1)
		var groupBest, chosen []int
		var search func(cost, rest float64)
		search = func(cost, rest float64) {
			nodes++
			if nodes > maxGammaNodes || cost+rest >= best-1e-12 {
				return
			}
			first := -1
			for _, x := range group {
				if !covered[x] {
					first = x
					break
				}
			}
			if first < 0 {
				best = cost
				groupBest = append(groupBest[:0], chosen...)
				return
			}
		next:
			for _, ci := range withUnit[first] {
				c := cands[ci]
				gone := 0.0
				for _, x := range c.units {
					if x >= 0 {
						if covered[x] {
							continue next
						}
						gone += share[x]
					}
				}
				for _, x := range c.units {
					if x >= 0 {
						covered[x] = true
					}
				}
				chosen = append(chosen, ci)
				search(cost+c.cost, rest-gone)
				chosen = chosen[:len(chosen)-1]
				for _, x := range c.units {
					if x >= 0 {
						covered[x] = false
					}
				}
			}
		}
		search(0, bound)
		if nodes > maxGammaNodes {
			return 0, nil, ErrGammaTooLarge
		}
		total += best
		bestSet = append(bestSet, groupBest...)
	}
	best := total
	align := make([][]int, len(bestSet))
	for i, ci := range bestSet {
		align[i] = cands[ci].units
	}
	slices.SortFunc(align, func(p, q []int) int { return cmp.Compare(firstUnit(p), firstUnit(q)) })
	div := float64(len(units)) / float64(annotators)
	if opt.Convention == GammaPygamma01 {
		div = float64(len(bestSet))
	}
	return best / div, align, nil
}

func firstUnit(t []int) int {
	m := math.MaxInt
	for _, x := range t {
		if x >= 0 {
			m = min(m, x)
		}
	}
	return m
}

// shuffleSampler draws random continua like pygamma-agreement's
// ShuffleContinuumSampler with integer pivots.
type shuffleSampler struct {
	by         [][]GammaUnit
	lo, hi     float64 // the continuum: first start, last end
	minDist    float64 // half the mean unit length
	annotators int
}

func newShuffleSampler(annotators int, units []GammaUnit) *shuffleSampler {
	s := &shuffleSampler{by: make([][]GammaUnit, annotators), annotators: annotators,
		lo: math.Inf(1), hi: math.Inf(-1)}
	total := 0.0
	for _, u := range units {
		s.by[u.Annotator] = append(s.by[u.Annotator], u)
		s.lo = min(s.lo, u.Start)
		s.hi = max(s.hi, u.End)
		total += u.End - u.Start
	}
	s.minDist = total / float64(len(units)) / 2
	return s
}

type span struct{ lo, hi float64 }

func (s *shuffleSampler) sample(rng *rand.Rand) []GammaUnit {
	// When some annotator has no units, every annotator may draw that
	// annotator's: a continuum without units says nothing about chance
	// disorder (its disorder is 0/0), so it is drawn again.
	for range 1000 {
		if out := s.draw(rng); len(out) > 0 {
			return out
		}
	}
	return nil
}

func (s *shuffleSampler) draw(rng *rand.Rand) []GammaUnit {
	free := []span{{s.lo, s.hi}}
	var out []GammaUnit
	for a := 0; a < s.annotators; a++ {
		var pivot float64
		if len(free) > 0 {
			total := 0.0
			for _, f := range free {
				total += f.hi - f.lo
			}
			r := rng.Float64() * total
			pick := free[len(free)-1]
			for _, f := range free {
				if r < f.hi-f.lo {
					pick = f
					break
				}
				r -= f.hi - f.lo
			}
			pivot = math.Trunc(pick.lo + rng.Float64()*(pick.hi-pick.lo))
			free = removeAround(free, pivot, s.minDist)
		} else {
			pivot = s.lo + rng.Float64()*(s.hi-s.lo)
		}
		src := s.by[rng.IntN(s.annotators)]
		for _, u := range src {
			shift := pivot
			if u.Start+pivot > s.hi {
				shift = pivot + s.lo - s.hi
			}
			out = append(out, GammaUnit{a, u.Category, u.Start + shift, u.End + shift})
		}
	}
	return out
}

// removeAround takes [p-d, p+d] out of the free stretches.
func removeAround(free []span, p, d float64) []span {
	var out []span
	for _, f := range free {
		if f.lo < p-d {
			out = append(out, span{f.lo, min(f.hi, p-d)})
		}
		if f.hi > p+d {
			out = append(out, span{max(f.lo, p+d), f.hi})
		}
	}
	return out
}

// pivotSampler draws random continua like pygamma-agreement 0.1's
// Continuum.sample_from_continuum with its default float pivots.
type pivotSampler struct {
	by         [][]GammaUnit
	lo, hi     float64 // the pivots' range: mean unit length, last start
	annotators int
}

func newPivotSampler(annotators int, units []GammaUnit) *pivotSampler {
	s := &pivotSampler{by: make([][]GammaUnit, annotators), annotators: annotators, hi: math.Inf(-1)}
	for _, u := range units {
		s.by[u.Annotator] = append(s.by[u.Annotator], u)
		s.lo += u.End - u.Start
		s.hi = max(s.hi, u.Start)
	}
	s.lo /= float64(len(units))
	return s
}

func (s *pivotSampler) sample(rng *rand.Rand) []GammaUnit {
	// As in shuffleSampler.sample: a continuum without units is drawn again.
	for range 1000 {
		var out []GammaUnit
		for a := 0; a < s.annotators; a++ {
			pivot := s.lo + rng.Float64()*(s.hi-s.lo)
			for _, u := range s.by[rng.IntN(s.annotators)] {
				shift := pivot
				if pivot < u.Start {
					shift = -pivot
				}
				out = append(out, GammaUnit{a, u.Category, u.Start + shift, u.End + shift})
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}
