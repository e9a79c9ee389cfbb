package annot

import "testing"

func TestOneLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"  a\n\tb\r\n c  ", "a b c"},
		{"open x.db: no such file\n", "open x.db: no such file"},
		{"a\u2028b", "a b"}, // U+2028 is white space to unicode.IsSpace
	} {
		if got := OneLine(c.in); got != c.want {
			t.Errorf("OneLine(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestOneLineCut(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		// 11 runes cut to 10: 9 kept and an ellipsis.
		{"abcdefghijk", 10, "abcdefghi…"},
		// A space before the cut is dropped, not left before the ellipsis.
		{"abc defgh ijk", 10, "abc defgh…"},
		// Runes, not bytes: "Straße und Weg" is 14 runes (ß is two bytes).
		{"Straße\nund  Weg", 8, "Straße…"},
	} {
		if got := OneLineCut(c.in, c.n); got != c.want {
			t.Errorf("OneLineCut(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

func TestDefaultAnnotatorNotEmpty(t *testing.T) {
	if DefaultAnnotator() == "" {
		t.Fatal("DefaultAnnotator is empty; the store refuses an edit by no one")
	}
}
