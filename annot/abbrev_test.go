package annot

import "testing"

func TestIsAbbrev(t *testing.T) {
	for w, want := range map[string]bool{"Mr": true, "gen": true, "U.S": true, "e.g": true, "J": true, "É": true,
		"Ph.D": true, "a.m": true, "Wait..": false, ".": false, "3.5": false, "U.S.2": false, ".com": false,
		"": false, "NATO": false, "President": false, "end": false, "a": false} {
		if got := IsAbbrev(w); got != want {
			t.Errorf("IsAbbrev(%q) = %v, want %v", w, got, want)
		}
	}
}
