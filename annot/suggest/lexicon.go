package suggest

import (
	"sort"
	"strings"
	"unicode"

	"spanbench/annot"
)

// DefaultCues are the cue words a new project starts with: verbs and
// phrases that introduce a quotation or a reported claim. Each entry is a
// base form; Lexicon adds its inflections (say: says, said, saying).
var DefaultCues = []string{
	"say", "add", "tell", "describe", "according to", "read", "claim", "warn", "state", "insist", "explain", "note",
	"argue", "ask", "reply", "announce", "declare", "write", "stress", "acknowledge", "admit", "confirm", "deny",
	"emphasise", "emphasize", "recall", "remark", "respond", "suggest", "tweet", "urge", "vow", "predict", "caution",
	"concede", "counter", "conclude", "point out", "observe", "comment", "complain", "report", "reveal", "maintain",
	"assert", "contend", "allege", "testify", "shout", "answer", "joke", "quip", "plead", "demand", "boast",
	"mention", "exclaim", "highlight", "find", "show", "believe", "estimate", "promise", "threaten", "speak",
	"continue", "begin", "agree", "reiterate", "underline", "propose", "recommend", "announce", "pledge", "inform",
	"chant",
}

// irregular gives the inflections of cue verbs that do not follow the rules.
var irregular = map[string][]string{
	"say":      {"says", "said", "saying"},
	"tell":     {"tells", "told", "telling"},
	"write":    {"writes", "wrote", "written", "writing"},
	"read":     {"reads", "read", "reading"},
	"speak":    {"speaks", "spoke", "spoken", "speaking"},
	"find":     {"finds", "found", "finding"},
	"show":     {"shows", "showed", "shown", "showing"},
	"begin":    {"begins", "began", "begun", "beginning"},
	"think":    {"thinks", "thought", "thinking"},
	"swear":    {"swears", "swore", "sworn", "swearing"},
	"forecast": {"forecasts", "forecast", "forecasting"},
}

// Lexicon is a project's cue words, matched case-insensitively on whole
// tokens. Build one with NewLexicon; the zero value matches nothing.
type Lexicon struct {
	entries []string              // the base forms, as given, sorted
	phrases map[string][][]string // first word -> phrases (token lists), longest first
}

// NewLexicon returns a lexicon of the given base forms and their
// inflections. Multi-word entries ("according to", "point out") inflect
// their first word. Blank entries are ignored.
func NewLexicon(entries []string) *Lexicon {
	lx := &Lexicon{phrases: map[string][][]string{}}
	seen := map[string]bool{}
	for _, e := range entries {
		e = strings.Join(strings.Fields(strings.ToLower(e)), " ")
		if e == "" || seen[e] {
			continue
		}
		seen[e] = true
		lx.entries = append(lx.entries, e)
		words := splitWords(e)
		if len(words) == 0 {
			continue
		}
		for _, form := range inflect(words[0]) {
			p := append([]string{form}, words[1:]...)
			lx.phrases[form] = append(lx.phrases[form], p)
		}
	}
	for k, ps := range lx.phrases {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i]) > len(ps[j]) })
		lx.phrases[k] = ps
	}
	sort.Strings(lx.entries)
	return lx
}

// DefaultLexicon returns the lexicon of DefaultCues.
func DefaultLexicon() *Lexicon { return NewLexicon(DefaultCues) }

// Entries returns the base forms of the lexicon, sorted.
func (lx *Lexicon) Entries() []string { return append([]string(nil), lx.entries...) }

// Has reports whether word (any case) is one of the lexicon's forms.
func (lx *Lexicon) Has(word string) bool {
	_, ok := lx.phrases[strings.ToLower(word)]
	return ok
}

// matchAt returns the number of tokens of the cue starting at token k, or 0.
func (lx *Lexicon) matchAt(t *text, k int) int {
	if lx == nil {
		return 0
	}
	ps, ok := lx.phrases[t.lower(k)]
	if !ok {
		return 0
	}
	for _, p := range ps {
		if k+len(p) > len(t.toks) {
			continue
		}
		ok := true
		for j := 1; j < len(p); j++ {
			if t.lower(k+j) != p[j] {
				ok = false
				break
			}
		}
		if ok {
			return len(p)
		}
	}
	return 0
}

// splitWords tokenizes a lexicon entry with the document tokenizer.
func splitWords(s string) []string {
	ix := annot.NewIndex(s)
	var out []string
	for _, tk := range ix.Tokens() {
		out = append(out, ix.Slice(tk.Start, tk.End))
	}
	return out
}

// inflect returns a verb and its -s, -ed and -ing forms, by the regular
// English rules unless the verb is irregular.
func inflect(v string) []string {
	out := []string{v}
	if f, ok := irregular[v]; ok {
		return append(out, f...)
	}
	rs := []rune(v)
	n := len(rs)
	if n < 2 || !isLetters(v) {
		return out
	}
	last, before := rs[n-1], rs[n-2]
	vowel := func(c rune) bool { return strings.ContainsRune("aeiou", c) }
	switch {
	case strings.HasSuffix(v, "s") || strings.HasSuffix(v, "sh") || strings.HasSuffix(v, "ch") || strings.HasSuffix(v, "x") || strings.HasSuffix(v, "z"):
		out = append(out, v+"es")
	case last == 'y' && !vowel(before):
		out = append(out, string(rs[:n-1])+"ies")
	default:
		out = append(out, v+"s")
	}
	double := n <= 5 && n >= 3 && !vowel(last) && vowel(before) && !vowel(rs[n-3]) && !strings.ContainsRune("wxy", last)
	switch {
	case last == 'e':
		out = append(out, v+"d")
	case last == 'y' && !vowel(before):
		out = append(out, string(rs[:n-1])+"ied")
	case double:
		out = append(out, v+string(last)+"ed")
	default:
		out = append(out, v+"ed")
	}
	switch {
	case strings.HasSuffix(v, "ie"):
		out = append(out, string(rs[:n-2])+"ying")
	case last == 'e' && before != 'e':
		out = append(out, string(rs[:n-1])+"ing")
	case double:
		out = append(out, v+string(last)+"ing")
	default:
		out = append(out, v+"ing")
	}
	return out
}

func isLetters(s string) bool {
	for _, c := range s {
		if !unicode.IsLetter(c) {
			return false
		}
	}
	return true
}
