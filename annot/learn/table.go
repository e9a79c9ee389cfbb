package learn

// table maps feature hashes to weight rows: open addressing with linear
// probing, twice as many slots as keys. Hashes are already uniform, so
// their low bits pick the slot; a lookup is a few loads, where a Go map
// hashes the key again (a fifth of tagging time went to map lookups).
type table struct {
	keys []uint64 // 0: empty (a feature hash of 0 is stored as 1; see slot)
	rows []int32
	mask uint64
}

func newTable(index map[uint64]int32) *table {
	n := 16
	for n < 2*len(index) {
		n *= 2
	}
	t := &table{keys: make([]uint64, n), rows: make([]int32, n), mask: uint64(n - 1)}
	for h, r := range index {
		h = nonzero(h)
		i := h & t.mask
		for t.keys[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.keys[i], t.rows[i] = h, r
	}
	return t
}

// nonzero keeps 0 free to mark empty slots. A feature hashing to 0 and one
// hashing to 1 would share a row: one chance in 2^63.
func nonzero(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

func (t *table) get(h uint64) (int32, bool) {
	h = nonzero(h)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case h:
			return t.rows[i], true
		case 0:
			return 0, false
		}
	}
}
