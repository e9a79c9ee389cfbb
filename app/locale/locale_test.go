package locale

import "testing"

func TestIsPOSIX(t *testing.T) {
	for _, tc := range []struct {
		locale string
		want   bool
	}{
		{"C.UTF-8", true},
		{"C.utf8", true},
		{"POSIX.UTF-8", true},
		{"C@euro", true},
		{"C", false}, // Fyne reads plain C and POSIX as "no locale" and is quiet
		{"POSIX", false},
		{"", false},
		{"en_US.UTF-8", false},
		{"ca_ES.UTF-8", false}, // Catalan starts with a C, lower case
		{"Croatian", false},
	} {
		if got := IsPOSIX(tc.locale); got != tc.want {
			t.Errorf("IsPOSIX(%q) = %v, want %v", tc.locale, got, tc.want)
		}
	}
}
