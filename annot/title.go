package annot

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// creditLine matches the picture credits news pages put above a headline
// ("Photo: Department of State"), which are not titles.
var creditLine = regexp.MustCompile(`(?i)^(photo|image|picture|credit|caption|file photo)s?( credit)?\s*[:/]`)

// TitleFromText picks a title for a plain-text article: its first non-empty
// line that is not a picture credit, trimmed and cut to 200 characters.
// A text with no such line is titled "Untitled".
func TitleFromText(text string) string {
	first := ""
	// Lines end at LF, CR (old Mac files) or a Unicode line separator.
	lines := strings.FieldsFunc(strings.TrimPrefix(text, "\ufeff"), func(r rune) bool {
		return r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\u0085'
	})
	for _, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if first == "" {
			first = line
		}
		if !creditLine.MatchString(line) {
			return cut(line, 200)
		}
	}
	if first != "" {
		return cut(first, 200)
	}
	return "Untitled"
}

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
