package article

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"spanbench/annot"
)

func mk(id string, pieces ...int) Mark {
	m := Mark{ID: id}
	for i := 0; i+1 < len(pieces); i += 2 {
		m.Pieces = append(m.Pieces, annot.Fragment{Start: pieces[i], End: pieces[i+1]})
	}
	return m
}

func TestAssignTracks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		hs, he []int32
		skip   []bool
		want   []uint8
	}{
		{"disjoint", []int32{0, 10}, []int32{5, 15}, nil, []uint8{0, 0}},
		{"nested: inner lowest", []int32{0, 2}, []int32{20, 5}, nil, []uint8{1, 0}},
		{"three deep", []int32{0, 5, 7}, []int32{30, 20, 9}, nil, []uint8{2, 1, 0}},
		{"two inner siblings", []int32{0, 2, 8}, []int32{20, 5, 12}, nil, []uint8{1, 0, 0}},
		{"partial overlap", []int32{0, 5}, []int32{10, 15}, nil, []uint8{0, 1}},
		{"touching is not overlap", []int32{0, 5}, []int32{5, 10}, nil, []uint8{0, 0}},
		{"suggestion takes no track", []int32{0, 2}, []int32{20, 5}, []bool{false, true}, []uint8{0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			skip := tc.skip
			if skip == nil {
				skip = make([]bool, len(tc.hs))
			}
			if got := assignTracks(tc.hs, tc.he, skip, nil); !slices.Equal(got, tc.want) {
				t.Errorf("tracks = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAssignTracksLargeClusterNoCollision(t *testing.T) {
	// One mark over everything plus 100 small ones: >64, the sweep fallback.
	hs, he := []int32{0}, []int32{10000}
	for i := range 100 {
		hs = append(hs, int32(i*50))
		he = append(he, int32(i*50+30))
	}
	tr := assignTracks(hs, he, make([]bool, len(hs)), nil)
	for a := range hs {
		for b := range a {
			if overlaps(hs, he, int32(a), int32(b)) && tr[a] == tr[b] {
				t.Fatalf("marks %d and %d overlap and share track %d", a, b, tr[a])
			}
		}
	}
}

func TestMarkIndexQuery(t *testing.T) {
	marks := []Mark{
		mk("a", 0, 5),
		mk("b", 600, 700),
		mk("c", 100, 120, 1500, 1510), // discontinuous: a gap 120..1500
		mk("d", 10, 2000),
	}
	mi := buildMarkIndex(marks, 3000)
	type hit struct {
		mark string
		s, e int32
		gap  bool
	}
	q := func(s, e int) []hit {
		var out []hit
		mi.query(s, e, func(it item) {
			out = append(out, hit{marks[it.mark].ID, it.s, it.e, it.gap})
		})
		slices.SortFunc(out, func(a, b hit) int {
			if a.mark != b.mark {
				if a.mark < b.mark {
					return -1
				}
				return 1
			}
			return int(a.s - b.s)
		})
		return out
	}
	for _, tc := range []struct {
		s, e int
		want []hit
	}{
		{0, 3, []hit{{"a", 0, 5, false}}},
		{5, 10, nil},
		{650, 660, []hit{{"b", 600, 700, false}, {"c", 120, 1500, true}, {"d", 10, 2000, false}}},
		{0, 3000, []hit{{"a", 0, 5, false}, {"b", 600, 700, false}, {"c", 100, 120, false}, {"c", 120, 1500, true}, {"c", 1500, 1510, false}, {"d", 10, 2000, false}}},
		{2500, 2600, nil},
	} {
		if got := q(tc.s, tc.e); !slices.Equal(got, tc.want) {
			t.Errorf("query(%d,%d) = %v, want %v", tc.s, tc.e, got, tc.want)
		}
	}
	for _, tc := range []struct {
		cp   int
		want string
	}{{2, "a"}, {12, "d"}, {110, "c"}, {130, "d"}, {650, "b"}, {2500, ""}} {
		got := ""
		if m := mi.innermostAt(tc.cp); m >= 0 {
			got = marks[m].ID
		}
		if got != tc.want {
			t.Errorf("innermostAt(%d) = %q, want %q", tc.cp, got, tc.want)
		}
	}
	// c's extent (100..1510) holds b, so c sits above b and d above both.
	var tracks []int
	for m := range marks {
		tracks = append(tracks, mi.trackOf(m))
	}
	if !slices.Equal(tracks, []int{0, 0, 1, 2}) {
		t.Errorf("tracks = %v", tracks)
	}
}

// TestLazyTracksMatchGlobal checks that tracks worked out cluster by
// cluster, in any order, equal one pass over all marks.
func TestLazyTracksMatchGlobal(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var marks []Mark
	for i := range 400 {
		s := rng.IntN(5000)
		m := mk(fmt.Sprint(i), s, s+1+rng.IntN(60))
		if rng.IntN(10) == 0 {
			e := m.Pieces[0].End + rng.IntN(200)
			m.Pieces = append(m.Pieces, annot.Fragment{Start: e, End: e + 5})
		}
		m.Suggested = rng.IntN(15) == 0
		marks = append(marks, m)
	}
	mi := buildMarkIndex(marks, 6000)
	skip := make([]bool, len(marks))
	for m := range marks {
		skip[m] = marks[m].Suggested
	}
	ids := make([]string, len(marks))
	for m := range marks {
		ids[m] = marks[m].ID
	}
	want := assignTracks(mi.hullS, mi.hullE, skip, ids)
	for _, m := range rng.Perm(len(marks)) {
		if got := mi.trackOf(m); got != int(want[m]) {
			t.Fatalf("mark %d: lazy track %d, global %d", m, got, want[m])
		}
	}
}

// randomMark is a mark of one or two pieces somewhere in [0, n), sometimes
// a suggestion, sometimes with the extent of an earlier one.
func randomMark(rng *rand.Rand, id string, n int, prev []Mark) Mark {
	if len(prev) > 0 && rng.IntN(8) == 0 {
		m := prev[rng.IntN(len(prev))]
		return Mark{ID: id, Pieces: m.Pieces}
	}
	s := rng.IntN(n - 300)
	m := mk(id, s, s+1+rng.IntN(60))
	if rng.IntN(25) == 0 { // longer than longMark
		m = mk(id, s/2, s/2+longMark+rng.IntN(2000))
	}
	if rng.IntN(6) == 0 {
		e := m.Pieces[0].End + 1 + rng.IntN(200)
		m.Pieces = append(m.Pieces, annot.Fragment{Start: e, End: e + 5})
	}
	m.Suggested = rng.IntN(12) == 0
	return m
}

// sameIndex checks that an index changed mark by mark answers like one
// built at once from its marks: the marks, what each query finds, the
// innermost mark at each point and every mark's track.
func sameIndex(t *testing.T, got *markIndex, n int) {
	t.Helper()
	marks := got.liveMarks()
	want := buildMarkIndex(slices.Clone(marks), n)
	if len(marks) != len(want.marks) {
		t.Fatalf("%d marks, want %d", len(marks), len(want.marks))
	}
	type hit struct {
		id   string
		s, e int32
		gap  bool
	}
	hits := func(mi *markIndex, s, e int) []hit {
		var out []hit
		mi.query(s, e, func(it item) {
			out = append(out, hit{mi.mark(int(it.mark)).ID, it.s, it.e, it.gap})
		})
		slices.SortFunc(out, func(a, b hit) int {
			return cmp.Or(cmp.Compare(a.id, b.id), cmp.Compare(a.s, b.s))
		})
		return out
	}
	id := func(mi *markIndex, m int) string {
		if m < 0 {
			return "-"
		}
		return mi.mark(m).ID
	}
	for s := 0; s < n; s += 97 {
		if g, w := hits(got, s, s+150), hits(want, s, s+150); !slices.Equal(g, w) {
			t.Fatalf("query(%d,%d) = %v, want %v", s, s+150, g, w)
		}
		if g, w := id(got, got.innermostAt(s)), id(want, want.innermostAt(s)); g != w {
			t.Fatalf("innermostAt(%d) = %s, want %s", s, g, w)
		}
	}
	for m := range want.marks {
		g := got.find(want.marks[m].ID)
		if g < 0 {
			t.Fatalf("mark %s not found", want.marks[m].ID)
		}
		if gt, wt := got.trackOf(g), want.trackOf(m); gt != wt {
			t.Fatalf("mark %s: track %d, want %d (as built at once)", want.marks[m].ID, gt, wt)
		}
	}
}

// model applies changes the plain way: remove, then replace in place or
// append.
func model(marks []Mark, upsert []Mark, remove []string) []Mark {
	for _, id := range remove {
		if i := slices.IndexFunc(marks, func(m Mark) bool { return m.ID == id }); i >= 0 {
			marks = slices.Delete(marks, i, i+1)
		}
	}
	for _, m := range upsert {
		if i := slices.IndexFunc(marks, func(o Mark) bool { return o.ID == m.ID }); i >= 0 {
			marks[i] = m
		} else {
			marks = append(marks, m)
		}
	}
	return marks
}

// TestMarkIndexUpdates changes marks one at a time (add, replace, move,
// remove) and now and then a third of them at once, and checks the index
// against one built from scratch, across the rebuilds that clean up after
// changes, and the marks' order against the plain model.
func TestMarkIndexUpdates(t *testing.T) {
	t.Run("in text order", func(t *testing.T) { markIndexUpdates(t, true) })
	t.Run("any order", func(t *testing.T) { markIndexUpdates(t, false) })
}

func markIndexUpdates(t *testing.T, sorted bool) {
	const n = 6000
	rng := rand.New(rand.NewPCG(3, 4))
	var marks []Mark
	for i := range 300 {
		marks = append(marks, randomMark(rng, fmt.Sprint("m", i), n, marks))
	}
	if sorted {
		slices.SortStableFunc(marks, func(a, b Mark) int { return cmp.Compare(a.Pieces[0].Start, b.Pieces[0].Start) })
	}
	mi := buildMarkIndex(slices.Clone(marks), n)
	if (mi.runs != nil) != sorted {
		t.Fatalf("marks in text order %v, but runs %v", sorted, mi.runs)
	}
	// Tracks known before the changes must be forgotten where they change.
	for m := range mi.size() {
		mi.trackOf(m)
	}
	next := len(marks)
	rebuilt := 0
	for step := range 600 {
		live := mi.liveMarks()
		var up []Mark
		var rm []string
		switch r := rng.IntN(20); {
		case r < 8: // add
			up = append(up, randomMark(rng, fmt.Sprint("m", next), n, live))
			next++
		case r < 15 && len(live) > 0: // replace: move, resize, relabel
			old := live[rng.IntN(len(live))]
			up = append(up, randomMark(rng, old.ID, n, live))
		case r < 19 && len(live) > 0:
			rm = append(rm, live[rng.IntN(len(live))].ID, "no such mark")
		default: // a new set of suggestions: many at once
			for _, m := range live {
				if rng.IntN(3) == 0 {
					rm = append(rm, m.ID)
				} else if rng.IntN(4) == 0 {
					up = append(up, randomMark(rng, m.ID, n, live))
				}
			}
			for range 40 {
				up = append(up, randomMark(rng, fmt.Sprint("m", next), n, live))
				next++
			}
			if len(rm) > 0 { // removed and added back in the same change
				up = append(up, randomMark(rng, rm[0], n, live))
			}
		}
		want := model(slices.Clone(live), up, rm)
		before := mi
		mi = mi.update(up, rm)
		if mi != before {
			rebuilt++
		}
		got := mi.liveMarks()
		if !slices.EqualFunc(got, want, func(a, b Mark) bool { return a.ID == b.ID && slices.Equal(a.Pieces, b.Pieces) }) {
			t.Fatalf("step %d: marks differ from the model", step)
		}
		if step%5 == 0 || mi != before {
			sameIndex(t, mi, n)
		}
	}
	sameIndex(t, mi, n)
	if rebuilt < 5 {
		t.Errorf("600 changes rebuilt the index %d times", rebuilt)
	}
}

func TestMarkIndexTiesByID(t *testing.T) {
	// Same extent: the order they come in does not matter, ids do.
	a, b := mk("a", 10, 20), mk("b", 10, 20)
	for _, marks := range [][]Mark{{a, b}, {b, a}} {
		mi := buildMarkIndex(marks, 100)
		ta, tb := mi.trackOf(mi.find("a")), mi.trackOf(mi.find("b"))
		if ta != 0 || tb != 1 {
			t.Errorf("order %s%s: tracks a=%d b=%d, want 0 1", marks[0].ID, marks[1].ID, ta, tb)
		}
		if m := mi.innermostAt(15); mi.mark(m).ID != "b" {
			t.Errorf("order %s%s: innermost %s, want b", marks[0].ID, marks[1].ID, mi.mark(m).ID)
		}
	}
}
