package article

import (
	"testing"

	"spanbench/annot"
)

func TestSnapRange(t *testing.T) {
	// "👨‍👩‍👧‍👦" is 7 code points, one cluster; "é" below is e + U+0301.
	text := "Hi 👨‍👩‍👧‍👦 said Vedant Patel, cafe\u0301 ok"
	ix := annot.NewIndex(text)
	// Code points: H0 i1 _2 fam3-9 _10 s11 a12 i13 d14 _15 V16..t21 _22
	// P23..l27 ,28 _29 c30 a31 f32 e33 ́34 _35 o36 k37
	for _, tc := range []struct {
		name  string
		a, b  int
		words bool
		s, e  int
	}{
		{"caret stays", 11, 11, true, 11, 11},
		{"caret in cluster", 5, 5, true, 3, 3},
		{"inside cluster snaps out", 5, 6, false, 3, 10},
		{"reverse order", 6, 5, false, 3, 10},
		{"combining mark", 34, 35, false, 33, 35},
		{"words widen", 18, 25, true, 16, 28},
		{"words trim space", 15, 28, true, 16, 28},
		{"words keep punctuation", 15, 29, true, 16, 29},
		{"no words keeps space", 15, 29, false, 15, 29},
		{"words reach cluster", 4, 12, true, 3, 15},
		{"only space", 22, 23, true, 23, 23},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, e := snapRange(ix, tc.a, tc.b, tc.words)
			if s != tc.s || e != tc.e {
				t.Errorf("snapRange(%d,%d,%v) = %d,%d (%q), want %d,%d (%q)", tc.a, tc.b, tc.words,
					s, e, ix.Slice(s, e), tc.s, tc.e, ix.Slice(tc.s, tc.e))
			}
		})
	}
}

func TestWordAtAndSteps(t *testing.T) {
	ix := annot.NewIndex("日本 said, 🇩🇪🇫🇷 ok")
	// 日0 本1 _2 s3 a4 i5 d6 ,7 _8 🇩9 🇪10 🇫11 🇷12 _13 o14 k15
	for _, tc := range []struct{ cp, s, e int }{{4, 3, 7}, {2, 2, 2}, {15, 14, 16}} {
		if s, e := wordAt(ix, tc.cp); s != tc.s || e != tc.e {
			t.Errorf("wordAt(%d) = %d,%d want %d,%d", tc.cp, s, e, tc.s, tc.e)
		}
	}
	for _, tc := range []struct {
		cp      int
		kind    moveKind
		forward bool
		want    int
	}{
		{9, moveGrapheme, true, 11},
		{13, moveGrapheme, false, 11},
		{11, moveGrapheme, false, 9},
		{3, moveWord, true, 7},
		{7, moveWord, true, 8},
		{6, moveWord, false, 3},
		{3, moveWord, false, 1}, // each ideograph is a token
		{0, moveGrapheme, false, 0},
		{16, moveGrapheme, true, 16},
	} {
		if got := step(ix, tc.cp, tc.kind, tc.forward); got != tc.want {
			t.Errorf("step(%d, %v, %v) = %d, want %d", tc.cp, tc.kind, tc.forward, got, tc.want)
		}
	}
	if got := collapse(ix, 3, 7, moveGrapheme, false); got != 3 {
		t.Errorf("collapse back = %d", got)
	}
	if got := collapse(ix, 7, 3, moveGrapheme, true); got != 7 {
		t.Errorf("collapse forward = %d", got)
	}
	if got := collapse(ix, 5, 5, moveGrapheme, true); got != 6 {
		t.Errorf("collapse caret = %d", got)
	}
}
