package annot

import (
	"os/user"
	"strings"
	"unicode"
	"unicode/utf8"
)

// OneLine collapses every run of white space in s (line breaks included) to
// one space and trims both ends, so a message, a title or a quoted span
// shows as one line.
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// OneLineCut is OneLine cut to n runes, the last of them an ellipsis when
// something was cut.
func OneLineCut(s string, n int) string {
	s = OneLine(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRightFunc(string(r[:n-1]), unicode.IsSpace) + "…"
}

// DefaultAnnotator is the annotator name the window and the command line
// use until one is set: the login name, without a Windows domain
// ("CORP\ana" is "ana"), or "annotator" when there is none.
func DefaultAnnotator() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		name := u.Username
		if i := strings.LastIndexAny(name, `\/`); i >= 0 {
			name = name[i+1:]
		}
		if name != "" {
			return name
		}
	}
	return "annotator"
}
