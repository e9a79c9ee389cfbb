package annot

import (
	"reflect"
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
