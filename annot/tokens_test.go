package annot

import (
	"reflect"
	"strings"
	"testing"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"two sentences", "Patel spoke. He left.", []string{"Patel spoke.", "He left."}},
		{"abbreviation", "The U.S. agreed. Allies too.", []string{"The U.S. agreed.", "Allies too."}},
		{"quote ends sentence", "“We are here.” He said so.", []string{"“We are here.”", "He said so."}},
		{"headline line", "Headline\nBody starts here.", []string{"Headline", "Body starts here."}},
		{"crlf and bom", "\ufeffOne.\r\n\r\nTwo!  ", []string{"One.", "Two!"}},
		{"question", "Why? Because.", []string{"Why?", "Because."}},
		{"cjk", "日本語です。次の文。", []string{"日本語です。", "次の文。"}},
		{"emoji", "We 👩‍👩‍👧 won. 🇺🇸 Next.", []string{"We 👩‍👩‍👧 won.", "🇺🇸 Next."}},
		// UAX #29 does not break before a lowercase word: "won. 🇺🇸 next." is one.
		{"lowercase after period", "We won. 🇺🇸 next.", []string{"We won. 🇺🇸 next."}},
		{"arabic", "قال مرحبا. ثم ذهب.", []string{"قال مرحبا.", "ثم ذهب."}},
		{"only space", " \r\n ", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := NewIndex(tt.text)
			var got []string
			for _, s := range ix.Sentences() {
				got = append(got, ix.Slice(s.Start, s.End))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestSentenceOf(t *testing.T) {
	ix := NewIndex("Patel spoke. He left.\nNew line")
	// Tokens: Patel spoke . He left . New line
	want := []int{0, 0, 0, 1, 1, 1, 2, 2}
	if got := ix.SentenceOf(); !reflect.DeepEqual(got, want) {
		t.Errorf("SentenceOf = %v, want %v", got, want)
	}
}

func TestIsSpace(t *testing.T) {
	for _, r := range []rune{' ', '\t', '\n', '\r', '\u00a0', '\u2029', '\u200b', '\ufeff'} {
		if !IsSpace(r) {
			t.Errorf("IsSpace(%U) = false", r)
		}
	}
	for _, r := range []rune{'a', '.', '“', '\u200d', '\u0301'} {
		if IsSpace(r) {
			t.Errorf("IsSpace(%U) = true", r)
		}
	}
}

func TestTrimSpace(t *testing.T) {
	text := "\ufeff  Patel\u200b said 👩‍👩‍👧 \r\n"
	ix := NewIndex(text)
	family := strings.Index(text, "👩")
	famCP := len([]rune(text[:family]))
	for _, tc := range []struct {
		name         string
		s, e         int
		want         string
		wantS, wantE int
	}{
		{"BOM and spaces at the start", 0, 8, "Patel", 3, 8},
		{"zero-width space at the end", 3, 9, "Patel", 3, 8},
		{"reversed", 9, 0, "Patel", 3, 8},
		{"inside an emoji: outward to the cluster", famCP + 1, famCP + 2, "👩‍👩‍👧", famCP, famCP + 5},
		{"CRLF at the end", famCP, ix.Len(), "👩‍👩‍👧", famCP, famCP + 5},
		{"only space", 0, 3, "", 3, 3},
		{"clamped", -4, 100, "Patel\u200b said 👩‍👩‍👧", 3, famCP + 5},
	} {
		s, e := ix.TrimSpace(tc.s, tc.e)
		if s != tc.wantS || e != tc.wantE || ix.Slice(s, e) != tc.want {
			t.Errorf("%s: TrimSpace(%d, %d) = %d, %d %q; want %d, %d %q", tc.name, tc.s, tc.e, s, e, ix.Slice(s, e), tc.wantS, tc.wantE, tc.want)
		}
	}
}
