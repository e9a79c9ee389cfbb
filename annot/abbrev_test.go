package annot

import "testing"

func TestIsAbbrev(t *testing.T) {
	for w, want := range map[string]bool{"Mr": true, "gen": true, "U.S": true, "e.g": true, "J": true, "É": true,
		"": false, "NATO": false, "President": false, "end": false, "a": false} {
		if got := IsAbbrev(w); got != want {
			t.Errorf("IsAbbrev(%q) = %v, want %v", w, got, want)
		}
	}
}
