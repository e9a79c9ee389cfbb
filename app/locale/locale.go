// Package locale keeps Fyne quiet in a C locale. Fyne asks the system for
// the user's language while its packages initialise, and a POSIX locale
// with a codeset, such as LANG=C.UTF-8 (the default in Debian containers and
// CI), is not a language tag it can parse: every run of every command then
// printed three lines of "Error parsing user locale C" to standard error.
//
// Importing this package for its side effect (main does, first) sets
// LANGUAGE=en when the locale is C.* or POSIX.* and LANGUAGE is unset.
// LANGUAGE only names the language for messages; the C locale asks for the
// untranslated ones, which are English, so nothing else changes. Go
// initialises a package before any package that sorts after it and is not
// yet ready, and Fyne's lang package waits on standard packages (strings,
// text/template) that sort after "spanbench/...", so this runs first; the
// end-to-end test in the root package checks it on the real binary.
package locale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	for _, env := range [...]string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(env)
		if v == "" {
			continue
		}
		if IsPOSIX(v) {
			os.Setenv("LANGUAGE", "en")
		}
		return
	}
}

// IsPOSIX reports whether locale is the C or POSIX locale with a codeset or
// modifier (C.UTF-8, POSIX.utf8, C@euro): the names Fyne cannot parse.
func IsPOSIX(locale string) bool {
	for _, p := range [...]string{"C", "POSIX"} {
		if rest, ok := strings.CutPrefix(locale, p); ok && rest != "" && (rest[0] == '.' || rest[0] == '@') {
			return true
		}
	}
	return false
}
