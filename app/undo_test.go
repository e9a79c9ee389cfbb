package app

import (
	"errors"
	"slices"
	"testing"

	"spanbench/annot/suggest"
)

// TestHistory runs keys against the history: e an edit, r<k> a rejection,
// u Ctrl+Z, y redo; each undo or redo names what it reached ("log" for the
// edit log, else the rejection), as a person would expect from the order
// of their actions.
func TestHistory(t *testing.T) {
	rej := func(k string) *rejection { return &rejection{sg: suggest.Suggestion{Key: k}} }
	for _, tc := range []struct {
		name string
		keys []string
		want []string
	}{
		{"undo a rejection", []string{"r1", "u"}, []string{"r1"}},
		{"newest first", []string{"e", "r1", "e", "u", "u", "u"}, []string{"log", "r1", "log"}},
		{"redo in order", []string{"r1", "r2", "u", "u", "y", "y"}, []string{"r2", "r1", "r1", "r2"}},
		{"a new action ends redo", []string{"r1", "u", "e", "y"}, []string{"r1", "log"}},
		{"empty: the log's", []string{"u", "y"}, []string{"log", "log"}},
	} {
		var h history
		var got []string
		run := func(r *rejection) error {
			if r == nil {
				got = append(got, "log")
			} else {
				got = append(got, r.sg.Key)
			}
			return nil
		}
		for _, k := range tc.keys {
			switch {
			case k == "e":
				h.logged()
			case k == "u":
				h.undo(run)
			case k == "y":
				h.redo(run)
			default:
				h.rejected(rej(k[1:]))
			}
		}
		want := slices.Clone(tc.want)
		for i, w := range want {
			if w != "log" {
				want[i] = w[1:]
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v reached %v, want %v", tc.name, tc.keys, got, want)
		}
	}
	// A failed undo leaves the step in place.
	var h history
	h.rejected(rej("1"))
	if err := h.undo(func(*rejection) error { return errors.New("busy") }); err == nil || len(h.done) != 1 || len(h.undone) != 0 {
		t.Fatalf("failed undo moved the step: %v %d %d", err, len(h.done), len(h.undone))
	}
}
