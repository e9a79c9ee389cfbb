package annot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// IsAbbrev reports whether word, followed by a full stop, is an
// abbreviation whose stop ends no sentence: one of a short list ("Mr",
// "Gen", "etc"; any case), a single capital letter (an initial: "J" in
// "J. R. R. Tolkien"), or letters with full stops inside ("U.S", "e.g",
// "a.m", "Ph.D"). A word with an empty part ("Wait.." before the last stop
// of an ellipsis) or a part that is not all letters ("3.5") is none. The
// sentence splitter (Index.Sentences) and the suggesters share
// it, so that they agree on where a sentence ends.
func IsAbbrev(word string) bool {
	if word == "" {
		return false
	}
	if strings.Contains(word, ".") {
		for part := range strings.SplitSeq(word, ".") {
			if part == "" || strings.IndexFunc(part, notLetter) >= 0 {
				return false
			}
		}
		return true
	}
	if c, n := utf8.DecodeRuneInString(word); n == len(word) && unicode.IsUpper(c) {
		return true
	}
	return abbreviations[strings.ToLower(word)]
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) }

// abbreviations end with a full stop that does not end a sentence, lower
// case. Words that end sentences as often as they abbreviate ("no" is also
// "No. 10") are listed when a wrong merge costs less than a wrong split: a
// merged sentence still holds its entities whole.
var abbreviations = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cpt", "maj", "rep",
		"sen", "gov", "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "no", "nos", "jan", "feb", "mar",
		"apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "rev", "hon", "mt", "ft", "fr", "messrs",
		"mme", "mlle", "dept", "est", "approx", "cf", "al", "ca"} {
		m[w] = true
	}
	return m
}()
