package article

import (
	"cmp"
	"slices"
	"sort"
)

// Marks are indexed for drawing: every piece of a mark, and every gap
// between two pieces of a discontinuous mark (where the connector runs), is
// an item. Finding the items on screen costs what is on screen, not what is
// in the document; tracks are worked out when a mark is first drawn, for
// its whole cluster of overlapping marks (so the answer does not depend on
// what is on screen).
//
// Building the index is one pass over the marks. They usually come in a
// few runs in text order (the window gives its spans by start, then its
// suggestions by start): the pass then only notes each mark's extent, a
// query binary-searches each run for the marks starting at most longMark
// before it and reads the few longer marks from a list, and a mark's items
// are made from its pieces when it is drawn. Marks in any other order are
// sorted into fixed-size code point buckets (compressed rows) by a second
// pass.
//
// Marks can also be changed one at a time (upsert, remove): a changed
// mark's old items stop counting (its place in a run is marked stale, or
// its bucketed items dead), its new items are made at once and listed in
// per-bucket overflow lists, and the tracks of the clusters it left and
// joined are forgotten. When changes reach an eighth of the marks the index
// is rebuilt from the live marks, so a change costs what it touches,
// amortized.

// bucketShift sets the bucket size, 512 code points.
const bucketShift = 9

// maxTracks is how many underline tracks a line has room for; deeper marks
// share the last one.
const maxTracks = 3

// longMark is the longest extent, in code points, of a mark found through
// the runs; longer ones are listed apart and every query reads the list.
const longMark = 1024

// maxRuns is how many runs in text order the marks may come in before
// they are bucketed instead.
const maxRuns = 8

type item struct {
	mark int32
	s, e int32 // code points
	gap  bool  // connector between two pieces, not a piece
	dead bool  // its mark was changed or removed
}

type markIndex struct {
	n     int     // text length in code points
	marks []Mark  // as given to SetMarks (the view owns them); see mark
	added []Mark  // marks added since: mark len(marks)+i is added[i]
	hullS []int32 // first piece start
	hullE []int32 // last piece end
	track []int16 // track+1; 0: not yet known; see assignTracks
	stamp []uint32
	epoch uint32
	per   []int32 // the memory of hullS and hullE

	// The marks as built, [0, len(marks)): in runs of text order (runs
	// not nil) or bucketed.
	runs  []int32 // run r is marks [runs[r], runs[r+1])
	runS  []int32 // the runs' starts as built, once a mark in them changed
	long  []int32 // marks of the runs longer than longMark
	stale []bool  // marks of the runs whose place there no longer counts
	first []int32 // bucketed: items of mark m are items[first[m]:first[m]+nItem[m]]
	nItem []int32
	rows  []int32 // bucketed: items of bucket k are cells[rows[k]:rows[k+1]]
	cells []int32

	items []item             // bucketed items, then those made by changes
	moved map[int32][2]int32 // mark changed or added -> its items [lo, hi)
	more  map[int32][]int32  // bucket -> items made by changes
	gone  []bool             // removed marks; nil until one is
	byID  map[string]int32   // built on first use
	// garbage counts changes since the build (dead items, stale marks,
	// items in more).
	garbage int
	live    int // marks not gone
}

// mark returns mark m.
func (mi *markIndex) mark(m int) *Mark {
	if m < len(mi.marks) {
		return &mi.marks[m]
	}
	return &mi.added[m-len(mi.marks)]
}

// size returns the number of marks, gone ones included.
func (mi *markIndex) size() int { return len(mi.marks) + len(mi.added) }

func (mi *markIndex) isGone(m int) bool { return mi.gone != nil && mi.gone[m] }

func buildMarkIndex(marks []Mark, n int) *markIndex { return rebuildMarkIndex(nil, marks, n) }

// rebuildMarkIndex builds the index of marks in the memory of old, an index
// no longer used (nil: new memory): opening one document after another
// then does not leave the garbage collector a megabyte to clear each time.
func rebuildMarkIndex(old *markIndex, marks []Mark, n int) *markIndex {
	mi := &markIndex{n: n, marks: marks, live: len(marks)}
	if old == nil {
		old = &markIndex{}
	}
	// Room for marks added later, so the first ones do not copy it all.
	nm := len(marks)
	room := nm + nm/8 + 16
	per := old.per
	if cap(per) < 2*room {
		per = make([]int32, 2*room)
	}
	mi.per = per
	hullS, hullE := per[:nm:room], per[room:room+nm:2*room]
	mi.hullS, mi.hullE = hullS, hullE
	// The extents, and the runs in text order.
	runs, long := old.runs[:0], old.long[:0]
	runs = append(runs, 0)
	n32 := int32(n)
	prev := int32(-1)
	for m := range marks {
		hs, he := int32(-1), int32(-1)
		for _, p := range marks[m].Pieces {
			s, e := min(max(int32(p.Start), 0), n32), min(max(int32(p.End), 0), n32)
			if e < s {
				s, e = e, s
			}
			if hs < 0 || s < hs {
				hs = s
			}
			he = max(he, e)
		}
		if hs < 0 {
			hs, he = 0, 0
		}
		hullS[m], hullE[m] = hs, he
		if hs < prev && len(runs) <= maxRuns {
			runs = append(runs, int32(m))
		}
		prev = hs
		if he-hs > longMark {
			long = append(long, int32(m))
		}
	}
	runs = append(runs, int32(nm))
	mi.items = old.items[:0]
	if len(runs) <= maxRuns+1 {
		mi.runs, mi.long = runs, long
	} else {
		mi.bucket(old, room)
	}
	mi.track = old.track[:0]
	if cap(mi.track) < room {
		mi.track = make([]int16, nm, room)
	} else {
		mi.track = mi.track[:nm]
		clear(mi.track)
	}
	// Stamps older than the epoch mean nothing: they need no clearing.
	mi.stamp, mi.epoch = old.stamp, old.epoch
	if cap(mi.stamp) < nm {
		mi.stamp = nil
	} else {
		mi.stamp = mi.stamp[:nm]
	}
	return mi
}

// bucket makes the items of every mark and sorts them into buckets.
func (mi *markIndex) bucket(old *markIndex, room int) {
	nm := len(mi.marks)
	mi.first, mi.nItem = old.first[:0], old.nItem[:0]
	if cap(mi.first) < nm {
		mi.first, mi.nItem = make([]int32, nm, room), make([]int32, nm, room)
	} else {
		mi.first, mi.nItem = mi.first[:nm], mi.nItem[:nm]
	}
	if cap(mi.items) < room+nm/4 {
		mi.items = make([]item, 0, room+nm/4)
	}
	for m := range mi.marks {
		mi.first[m] = int32(len(mi.items))
		mi.addItems(int32(m))
		mi.nItem[m] = int32(len(mi.items)) - mi.first[m]
	}
	// rows[k+2] counts the cells of bucket k; summed, rows[k+1] is where
	// bucket k's cells start, and filling moves it to where they end, which
	// is where bucket k+1's start: rows[:nb+1].
	nb := mi.n>>bucketShift + 1
	rows := old.rows[:0]
	if cap(rows) < nb+2 {
		rows = make([]int32, nb+2)
	} else {
		rows = rows[:nb+2]
		clear(rows)
	}
	count := rows[2:]
	for _, it := range mi.items {
		for k := it.s >> bucketShift; k <= max(it.e-1, it.s)>>bucketShift; k++ {
			count[k]++
		}
	}
	for k := 2; k < len(rows); k++ {
		rows[k] += rows[k-1]
	}
	cells := old.cells[:0]
	if cap(cells) < int(rows[nb+1]) {
		cells = make([]int32, rows[nb+1])
	} else {
		cells = cells[:rows[nb+1]]
	}
	start := rows[1:]
	for i, it := range mi.items {
		for k := it.s >> bucketShift; k <= max(it.e-1, it.s)>>bucketShift; k++ {
			cells[start[k]] = int32(i)
			start[k]++
		}
	}
	mi.rows, mi.cells = rows[:nb+1], cells
}

// eachItem calls fn for each item of mark m (its pieces clamped to the
// text, and the gaps between them) and returns its extent.
func (mi *markIndex) eachItem(m int32, fn func(it item)) (hs, he int32) {
	hs, he = -1, -1
	n32 := int32(mi.n)
	var prevEnd int32 = -1
	for _, p := range mi.mark(int(m)).Pieces {
		s, e := min(max(int32(p.Start), 0), n32), min(max(int32(p.End), 0), n32)
		if e < s {
			s, e = e, s
		}
		if hs < 0 || s < hs {
			hs = s
		}
		he = max(he, e)
		if prevEnd >= 0 && s > prevEnd {
			fn(item{mark: m, s: prevEnd, e: s, gap: true})
		}
		fn(item{mark: m, s: s, e: e})
		prevEnd = e
	}
	if hs < 0 {
		hs, he = 0, 0
	}
	return hs, he
}

// addItems appends the items of mark m and returns its extent.
func (mi *markIndex) addItems(m int32) (hs, he int32) {
	return mi.eachItem(m, func(it item) { mi.items = append(mi.items, it) })
}

// find returns the index of the mark with id, -1 if none (with duplicate
// ids, the first).
func (mi *markIndex) find(id string) int {
	if id == "" {
		return -1
	}
	if mi.byID == nil {
		mi.indexIDs()
	}
	if m, ok := mi.byID[id]; ok {
		return int(m)
	}
	return -1
}

// indexIDs builds byID.
func (mi *markIndex) indexIDs() {
	mi.byID = make(map[string]int32, mi.size())
	for m := range mi.size() {
		if id := mi.mark(m).ID; !mi.isGone(m) {
			if _, dup := mi.byID[id]; !dup {
				mi.byID[id] = int32(m)
			}
		}
	}
}

// remove takes out the mark with id, if there is one.
func (mi *markIndex) remove(id string) {
	m := mi.find(id)
	if m < 0 {
		return
	}
	mi.forgetTracks(m)
	mi.killItems(m)
	if mi.gone == nil {
		mi.gone = make([]bool, mi.size(), cap(mi.hullS))
	}
	mi.gone[m] = true
	mi.live--
	delete(mi.byID, id)
}

// upsert replaces the mark with mk's id, in place, or adds mk at the end.
func (mi *markIndex) upsert(mk Mark) {
	m := mi.find(mk.ID)
	if m >= 0 {
		mi.forgetTracks(m)
		mi.killItems(m)
		*mi.mark(m) = mk
	} else {
		m = mi.size()
		mi.added = append(mi.added, mk)
		mi.hullS = append(mi.hullS, 0)
		mi.hullE = append(mi.hullE, 0)
		mi.track = append(mi.track, 0)
		if mi.gone != nil {
			mi.gone = append(mi.gone, false)
		}
		if mi.stamp != nil {
			mi.stamp = append(mi.stamp, 0)
		}
		mi.live++
		if mk.ID != "" {
			mi.byID[mk.ID] = int32(m)
		}
	}
	lo := int32(len(mi.items))
	mi.hullS[m], mi.hullE[m] = mi.addItems(int32(m))
	if mi.moved == nil {
		mi.moved = map[int32][2]int32{}
	}
	mi.moved[int32(m)] = [2]int32{lo, int32(len(mi.items))}
	if mi.more == nil {
		mi.more = map[int32][]int32{}
	}
	for i := lo; i < int32(len(mi.items)); i++ {
		it := mi.items[i]
		for k := it.s >> bucketShift; k <= max(it.e-1, it.s)>>bucketShift; k++ {
			mi.more[k] = append(mi.more[k], i)
		}
		mi.garbage++
	}
	mi.forgetTracks(m)
}

// killItems makes mark m's items stop counting.
func (mi *markIndex) killItems(m int) {
	if r, ok := mi.moved[int32(m)]; ok {
		for i := r[0]; i < r[1]; i++ {
			mi.items[i].dead = true
		}
		delete(mi.moved, int32(m))
		mi.garbage++
		return
	}
	if m >= len(mi.marks) {
		return
	}
	if mi.runs != nil {
		if mi.runS == nil {
			// The runs are searched by their starts as built.
			mi.runS = slices.Clone(mi.hullS[:len(mi.marks)])
		}
		if mi.stale == nil {
			mi.stale = make([]bool, len(mi.marks))
		}
		if !mi.stale[m] {
			mi.stale[m] = true
			mi.garbage++
		}
		return
	}
	for i := mi.first[m]; i < mi.first[m]+mi.nItem[m]; i++ {
		mi.items[i].dead = true
		mi.garbage++
	}
	mi.nItem[m] = 0
}

// forgetTracks forgets the tracks of mark m's cluster, to be worked out
// again when drawn: called before m changes (for the cluster it leaves) and
// after (for the cluster it joins).
func (mi *markIndex) forgetTracks(m int) {
	mi.track[m] = 0
	if mi.mark(m).Suggested {
		return
	}
	for _, o := range mi.cluster(m) {
		mi.track[o] = 0
	}
}

// update removes the marks with the ids in remove, then adds or replaces
// the marks in upsert, and returns the index: mi changed in place, or,
// when the changes leave enough garbage, a new one built from the result.
// A change of more than a quarter of the marks (a new set of suggestions)
// goes straight to the rebuild.
func (mi *markIndex) update(upsert []Mark, remove []string) *markIndex {
	if len(upsert)+len(remove) <= max(64, mi.live/4) {
		for _, id := range remove {
			mi.remove(id)
		}
		for _, m := range upsert {
			mi.upsert(m)
		}
		if mi.garbage <= max(64, mi.live/8) {
			return mi
		}
		return mi.rebuilt(mi.liveMarks())
	}
	drop := make(map[string]bool, len(remove))
	for _, id := range remove {
		drop[id] = true
	}
	// pos: where the mark an upsert replaces is in the new list.
	pos := make(map[string]int, len(upsert))
	for _, m := range upsert {
		if m.ID != "" {
			pos[m.ID] = -1
		}
	}
	marks := make([]Mark, 0, mi.live+len(upsert))
	for m := range mi.size() {
		mk := mi.mark(m)
		if mi.isGone(m) || drop[mk.ID] {
			continue
		}
		if p, ok := pos[mk.ID]; ok && p < 0 {
			pos[mk.ID] = len(marks)
		}
		marks = append(marks, *mk)
	}
	for _, m := range upsert {
		if p := pos[m.ID]; m.ID != "" && p >= 0 {
			marks[p] = m
			continue
		}
		if m.ID != "" {
			pos[m.ID] = len(marks)
		}
		marks = append(marks, m)
	}
	return mi.rebuilt(marks)
}

// rebuilt returns a new index of marks, with the id lookup ready: an index
// that was changed once is likely to be changed again, and building the
// lookup then would hold up that change.
func (mi *markIndex) rebuilt(marks []Mark) *markIndex {
	nmi := rebuildMarkIndex(mi, marks, mi.n)
	nmi.indexIDs()
	return nmi
}

// liveMarks returns the marks not removed, in index order.
func (mi *markIndex) liveMarks() []Mark {
	if len(mi.added) == 0 && mi.live == len(mi.marks) {
		return mi.marks
	}
	out := make([]Mark, 0, mi.live)
	for m := range mi.size() {
		if !mi.isGone(m) {
			out = append(out, *mi.mark(m))
		}
	}
	return out
}

// cluster returns mark m and every mark linked to it through overlaps
// (suggestions left out: they take no track).
func (mi *markIndex) cluster(m int) []int32 {
	if mi.stamp == nil {
		mi.stamp = make([]uint32, mi.size())
	}
	mi.epoch++
	cl := []int32{int32(m)}
	mi.stamp[m] = mi.epoch
	lo, hi := int(mi.hullS[m]), int(mi.hullE[m])
	collect := func(s, e int) {
		mi.query(s, e, func(it item) {
			o := it.mark
			if mi.stamp[o] != mi.epoch && !mi.mark(int(o)).Suggested {
				mi.stamp[o] = mi.epoch
				cl = append(cl, o)
			}
		})
	}
	collect(lo, max(hi, lo+1))
	// Grow to the union of the cluster's extents until nothing is added.
	for {
		nlo, nhi := lo, hi
		for _, o := range cl {
			nlo, nhi = min(nlo, int(mi.hullS[o])), max(nhi, int(mi.hullE[o]))
		}
		if nlo == lo && nhi == hi {
			break
		}
		if nlo < lo {
			collect(nlo, lo)
		}
		if nhi > hi {
			collect(hi, nhi)
		}
		lo, hi = nlo, nhi
	}
	return cl
}

// trackOf returns mark m's track, assigning tracks to its cluster (every
// mark linked to it through overlaps) the first time.
func (mi *markIndex) trackOf(m int) int {
	if t := mi.track[m]; t > 0 {
		return int(t) - 1
	}
	if mi.mark(m).Suggested {
		mi.track[m] = 1
		return 0
	}
	cl := mi.cluster(m)
	hs, he, ids := make([]int32, len(cl)), make([]int32, len(cl)), make([]string, len(cl))
	for k, o := range cl {
		hs[k], he[k], ids[k] = mi.hullS[o], mi.hullE[o], mi.mark(int(o)).ID
	}
	tr := assignTracks(hs, he, make([]bool, len(cl)), ids)
	for k, o := range cl {
		mi.track[o] = int16(tr[k]) + 1
	}
	return int(mi.track[m]) - 1
}

func clampInt(v, lo, hi int) int { return min(max(v, lo), hi) }

// query calls fn for every live item overlapping [s, e), each once.
func (mi *markIndex) query(s, e int, fn func(it item)) {
	if e <= s {
		return
	}
	overlaps := func(it item) bool { return int(it.s) < e && int(it.e) > s }
	emit := func(it item) {
		if overlaps(it) {
			fn(it)
		}
	}
	if mi.runs != nil {
		keys := mi.runS
		if keys == nil {
			keys = mi.hullS[:len(mi.marks)]
		}
		for r := 0; r+1 < len(mi.runs); r++ {
			lo, hi := int(mi.runs[r]), int(mi.runs[r+1])
			m := lo + sort.Search(hi-lo, func(k int) bool { return int(keys[lo+k]) >= s-longMark })
			for ; m < hi && int(keys[m]) < e; m++ {
				if mi.stale != nil && mi.stale[m] || mi.hullE[m]-mi.hullS[m] > longMark || int(mi.hullE[m]) <= s {
					continue // changed, on the long list, or ends before s
				}
				mi.eachItem(int32(m), emit)
			}
		}
		for _, m := range mi.long {
			if mi.stale == nil || !mi.stale[m] {
				mi.eachItem(m, emit)
			}
		}
	}
	nb := mi.n>>bucketShift + 1
	b0 := clampInt(s>>bucketShift, 0, nb-1)
	b1 := clampInt(max(e-1, s)>>bucketShift, 0, nb-1)
	visit := func(k int, c int32) {
		it := mi.items[c]
		// Report an item from the first bucket both it and the query share.
		if it.dead || int(max(it.s>>bucketShift, int32(b0))) != k {
			return
		}
		emit(it)
	}
	for k := b0; k <= b1; k++ {
		if mi.runs == nil {
			for _, c := range mi.cells[mi.rows[k]:mi.rows[k+1]] {
				visit(k, c)
			}
		}
		if mi.more != nil {
			for _, c := range mi.more[int32(k)] {
				visit(k, c)
			}
		}
	}
}

// innermostAt returns the mark under code point cp with the shortest extent
// (the one drawn on top), preferring real marks over suggestions; -1 if none.
// Among marks of the same length the later one in text order (start, then
// id) wins, so the answer does not depend on the order marks were given in.
func (mi *markIndex) innermostAt(cp int) int {
	best := -1
	var bestLen int32
	mi.query(cp, cp+1, func(it item) {
		if it.gap {
			return
		}
		m := int(it.mark)
		l := mi.hullE[m] - mi.hullS[m]
		bs, ms := best >= 0 && mi.mark(best).Suggested, mi.mark(m).Suggested
		if best < 0 || bs && !ms || bs == ms && (l < bestLen || l == bestLen && mi.later(m, best)) {
			best, bestLen = m, l
		}
	})
	return best
}

// later reports whether mark a comes after mark b in text order: by start,
// then id, then index.
func (mi *markIndex) later(a, b int) bool {
	if c := cmp.Compare(mi.hullS[a], mi.hullS[b]); c != 0 {
		return c > 0
	}
	if c := cmp.Compare(mi.mark(a).ID, mi.mark(b).ID); c != 0 {
		return c > 0
	}
	return a > b
}

// assignTracks gives every mark a track such that marks whose extents
// overlap never share one, and a mark nested inside another gets a lower
// track than it: marks are taken shortest first and each takes the lowest
// track free among the overlapping marks already placed. Track 0 marks are
// innermost (drawn with a strong fill); higher tracks are outer layers
// (underlines further below the text). Suggestions are drawn as outlines
// and take no track. Work is per cluster of overlapping marks; a cluster
// larger than 64 marks falls back to greedy colouring in start order
// (still no collisions, nesting order not guaranteed). Marks with the same
// extent are taken in id order (ids may be nil: index order), so tracks do
// not depend on the order marks were given in.
func assignTracks(hs, he []int32, skip []bool, ids []string) []uint8 {
	n := len(hs)
	tr := make([]uint8, n)
	order := make([]int32, 0, n)
	for m := range n {
		if !skip[m] {
			order = append(order, int32(m))
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		if hs[a] != hs[b] {
			return int(hs[a] - hs[b])
		}
		if he[a] != he[b] {
			return int(he[b] - he[a])
		}
		if ids != nil {
			if c := cmp.Compare(ids[a], ids[b]); c != 0 {
				return c
			}
		}
		return int(a - b)
	})
	var cl []int32
	for i := 0; i < len(order); {
		j := i + 1
		reach := he[order[i]]
		for j < len(order) && hs[order[j]] < reach {
			reach = max(reach, he[order[j]])
			j++
		}
		cl = append(cl[:0], order[i:j]...)
		if len(cl) <= 64 {
			tracksNested(cl, hs, he, tr)
		} else {
			tracksSweep(cl, hs, he, tr)
		}
		i = j
	}
	return tr
}

func overlaps(hs, he []int32, a, b int32) bool {
	return hs[a] < he[b] && hs[b] < he[a]
}

func tracksNested(cl []int32, hs, he []int32, tr []uint8) {
	slices.SortStableFunc(cl, func(a, b int32) int {
		return int((he[a] - hs[a]) - (he[b] - hs[b]))
	})
	for k, m := range cl {
		var used uint64
		for _, o := range cl[:k] {
			if overlaps(hs, he, m, o) {
				used |= 1 << tr[o]
			}
		}
		t := 0
		for used&(1<<t) != 0 {
			t++
		}
		tr[m] = uint8(t)
	}
}

func tracksSweep(cl []int32, hs, he []int32, tr []uint8) {
	// cl is in start order; ends[t] is when track t frees up.
	var ends []int32
	for _, m := range cl {
		t := 0
		for t < len(ends) && ends[t] > hs[m] {
			t++
		}
		if t == len(ends) {
			ends = append(ends, 0)
		}
		ends[t] = he[m]
		tr[m] = uint8(min(t, 255))
	}
}
