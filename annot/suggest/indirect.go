package suggest

import (
	"sort"
	"strings"
	"unicode"

	"spanbench/annot"
)

// Reported speech: the bulk of attributions in news are not between
// quotation marks. indirectQuotes finds them sentence by sentence, outside
// quotation marks:
//
//	X said (on Tuesday) (that) CONTENT.        X told reporters CONTENT.
//	CONTENT, X said.   CONTENT, said X, …       In a statement, X said CONTENT.
//	According to X, CONTENT.                    CONTENT, according to X.
//	X has learned / reports / reveals that CONTENT.
//	X warned / argued / insisted / denied CONTENT; X accused Y of Z.
//	X asked whether CONTENT.                    X described Y as “…”.
//
// The content runs from the cue's complement to the end of the sentence,
// or to where a second attribution begins (", adding that", "and he
// demanded"). Content holding a quoted phrase is a mixed quote, and the
// phrase is not proposed apart.

// indirect is one reported-speech attribution.
type indirect struct {
	start, end int // the content
	attr       attribution
	mixed      bool
	inner      []int // paired quotes inside the content
}

// indirectCues are reporting verbs besides the project's cue words that
// introduce reported speech only (never a direct quote).
var indirectCues = []string{"learn", "accuse", "blame", "call", "wonder", "want to know", "indicate",
	"signal", "hint", "question", "post", "urge", "deny", "promise", "demand", "declare", "acknowledge"}

// Classes of cue verbs by base form: what their complement looks like.
var (
	// needThat verbs report speech only with a that-clause: "found that …",
	// not "found the body"; "added that …", not "added 500 jobs".
	needThat = set("add", "state", "write", "maintain", "tweet", "post", "find", "show", "believe", "estimate", "learn", "reveal", "report", "suggest", "agree", "recommend",
		"propose", "mention", "note", "recall", "indicate", "signal", "hint", "conclude", "observe", "remark",
		"point out", "highlight", "underline", "comment", "inform", "testify")
	// directOnly verbs introduce quotations, not reported clauses.
	directOnly = set("read", "speak", "continue", "begin", "shout", "joke", "quip", "exclaim", "answer", "reply",
		"respond", "according to", "plead", "boast")
	// shortComplement verbs take a noun phrase or an infinitive: "denied the
	// charge", "urged residents to leave", "promised a review".
	shortComplement = set("deny", "urge", "accuse", "promise", "demand", "declare", "blame", "pledge",
		"threaten", "vow", "call", "describe", "announce", "propose", "recommend")
	// questionCues take a reported question: "asked whether …".
	questionCues = set("ask", "wonder", "want to know", "question")
	whWords      = set("whether", "if", "why", "how", "what", "who", "whom", "when", "where", "which")
	// timeWords end an adverbial after a cue: "said on Tuesday", "said last month".
	timeWords = withStop(set("morning", "afternoon", "evening", "night", "week", "weekend", "month", "year", "day",
		"today", "yesterday", "tonight", "overnight", "midnight", "noon", "dawn", "hours", "minutes"))
	// loneAdverbs may stand between a cue and its content.
	loneAdverbs = set("afterward", "afterwards", "earlier", "later", "again", "also", "today", "yesterday", "tonight",
		"repeatedly", "publicly", "privately", "recently", "separately", "previously", "late", "early", "then", "once",
		"instead", "too")
	// mediumNouns end "in a statement", "in an interview", "in his testimony".
	mediumNouns = set("statement", "interview", "testimony", "filing", "email", "letter", "report", "speech",
		"post", "video", "briefing", "conference", "call", "message", "memo", "op-ed", "column", "tweet", "remarks",
		"hearing", "court", "parliament", "congress", "appearance", "broadcast", "podcast", "documents", "papers",
		"meeting", "session", "rally", "event", "address", "sermon", "lecture", "debate")
	// audienceNouns end a listener after "told": "told a news conference".
	audienceNouns = set("conference", "briefing", "meeting", "audience", "crowd", "committee", "hearing", "gathering",
		"rally", "panel", "forum", "summit", "session")
	// objectPronouns follow "told": "told me".
	objectPronouns = set("me", "us", "him", "her", "them", "you")
	// contentStops may not open a reported clause.
	contentStops = set("of", "for", "on", "in", "at", "with", "by", "from", "about", "into", "as", "than", "and",
		"or", "but", "so", "nothing", "goodbye", "hello", "sorry", "thanks", "little", "much", "something",
		"anything", "publicly", "otherwise")
	// participleCues open a second attribution of the same source:
	// "…, adding that", "…, saying".
	participleCues = set("adding", "saying", "noting", "arguing", "warning", "insisting", "claiming", "explaining",
		"stressing", "urging", "accusing", "calling", "asking", "telling", "suggesting", "acknowledging", "admitting",
		"denying", "promising", "describing", "predicting", "citing", "highlighting", "underlining", "emphasizing",
		"emphasising", "pointing", "recalling", "conceding", "confirming", "announcing", "declaring", "blaming")
)

var indirectLexicon = NewLexicon(indirectCues)

// nounCues are cue words that are nouns as often as verbs: "a recent
// report", "the new study".
var nounCues = set("report", "reports", "study", "studies", "claim", "claims", "statement", "comment", "comments",
	"estimate", "estimates", "finding", "findings", "warning", "demand", "promise", "call", "question", "answer",
	"reply", "response", "note", "notes", "survey", "review", "show", "shows", "find", "state", "states")

// cueBase maps an inflected cue word to its base form.
var cueBase = func() map[string]string {
	m := map[string]string{}
	for _, list := range [][]string{DefaultCues, indirectCues} {
		for _, e := range list {
			ws := strings.Fields(e)
			for _, f := range inflect(ws[0]) {
				if _, ok := m[f]; !ok {
					m[f] = e
				}
			}
		}
	}
	return m
}()

// baseCue returns the base form of the cue at token k that is n tokens long.
func (at *attributor) baseCue(k, n int) string {
	t := at.t
	first := t.lower(k)
	b, ok := cueBase[first]
	if !ok {
		b = first
	}
	if n > 1 {
		ws := []string{strings.Fields(b)[0]}
		for j := 1; j < n; j++ {
			ws = append(ws, t.lower(k+j))
		}
		return strings.Join(ws, " ")
	}
	return strings.Fields(b)[0]
}

// indirectCueAt returns the length of a reporting cue at token k (the
// project's cue words or indirectCues), 0 when there is none.
func (at *attributor) indirectCueAt(k, lo int) int {
	t := at.t
	if nounCues[t.lower(k)] && k-2 >= lo && determiners[t.lower(k-2)] && lowerWord(t.word(k-1)) {
		return 0 // "a recent report", "the new study"
	}
	if n := at.cueAt(k, lo); n > 0 {
		return n
	}
	n := indirectLexicon.matchAt(t, k)
	if n == 0 || capWord(t.word(k)) && n == 1 {
		return 0
	}
	if k-1 >= lo {
		p := t.lower(k - 1)
		if determiners[p] || p == "to" && t.lower(k) != "want" || strings.HasSuffix(p, "’s") || strings.HasSuffix(p, "'s") {
			return 0
		}
	}
	return n
}

// indirectQuotes finds the reported speech of the document, in order.
func (r *run) indirectQuotes(at *attributor) []indirect {
	t := r.t
	var out []indirect
	sents := t.ix.Sentences()
	for si, s := range sents {
		if si%256 == 0 && r.check() != nil {
			return out
		}
		// A sentence inside quotation marks is quoted speech, not a report of it.
		if q := at.topQuoteAt(s.Start); q >= 0 && at.topQuoteAt(s.End-1) == q {
			continue
		}
		pa := at.paras[at.paraOf(s.Start)]
		out = append(out, at.indirectIn(s.Start, min(s.End, pa.End))...)
	}
	return out
}

// indirectIn finds the attributions of the sentence [s, e).
func (at *attributor) indirectIn(s, e int) []indirect {
	t := at.t
	a, b := t.tokRange(s, e)
	if b-a < 4 {
		return nil
	}
	var out []indirect
	var last *attribution // the sentence's last source, for "…, adding that"
	add := func(in indirect, ok bool) {
		if !ok {
			return
		}
		out = append(out, in)
		last = &out[len(out)-1].attr
	}
	if t.lower(a) == "according" && a+1 < b && t.lower(a+1) == "to" {
		add(at.accordingFirst(a, b))
	}
	inContent := func(pos int) bool {
		for _, in := range out {
			if pos >= in.start && pos < in.end {
				return true
			}
		}
		return false
	}
	for k := a; k < b; k++ {
		if at.topQuoteAt(t.toks[k].Start) >= 0 || inContent(t.toks[k].Start) {
			continue
		}
		if t.lower(k) == "according" && k+1 < b && t.lower(k+1) == "to" {
			if k > a {
				add(at.accordingLast(a, k, b))
			}
			k++
			continue
		}
		n := at.indirectCueAt(k, a)
		if n == 0 {
			continue
		}
		base := at.baseCue(k, n)
		if directOnly[base] {
			k += n - 1
			continue
		}
		if in, ok := at.reportedAfter(a, k, n, b, base, last); ok {
			add(in, true)
			k = at.t.ix.TokenAt(in.end) - 1
			continue
		}
		add(at.reportedBefore(a, k, n, b, base))
		k += n - 1
	}
	return out
}

// afterQuote reports whether token k follows a closing quotation mark,
// commas and dashes aside: the cue of a direct quote ("…,” he said).
func (at *attributor) afterQuote(k, lo int) bool {
	t := at.t
	for j := k - 1; j >= lo; j-- {
		w := t.word(j)
		if w == "," || w == "—" || w == "–" {
			continue
		}
		r := []rune(w)
		return isQuoteRune(r[len(r)-1]) && at.topQuoteAt(t.toks[j].Start) >= 0
	}
	return false
}

// skipAdverbials skips, from token i, what may stand between a cue and its
// content: "on Tuesday", "late Sunday", "in a statement", "in his written
// testimony", "afterward". It returns the first token after them.
func (at *attributor) skipAdverbials(i, b int) int {
	t := at.t
	for tries := 0; tries < 4 && i < b; tries++ {
		lw := t.lower(i)
		switch {
		case calendar[lw] || loneAdverbs[lw] && !(lw == "late" || lw == "early"):
			i++
			continue
		case lw == "," && i+1 < b && (calendar[t.lower(i+1)] || loneAdverbs[t.lower(i+1)]):
			i++
			continue
		case lw == "on" || lw == "in" || lw == "at" || lw == "late" || lw == "early" || lw == "last" || lw == "this" ||
			lw == "during" || lw == "earlier" || lw == "shortly" || lw == "after" || lw == "before" || lw == "next":
			// a short phrase ending in a time or medium word
			end := -1
			for j := i + 1; j < b && j <= i+5; j++ {
				w := t.lower(j)
				if calendar[w] || timeWords[w] || mediumNouns[w] || mediumNouns[strings.TrimSuffix(w, "s")] || isYear(w) {
					end = j + 1
				}
				if w == "," || w == "that" || clauseStops[w] && j > i+1 && w != "of" && w != "on" {
					break
				}
			}
			if end < 0 {
				return i
			}
			i = end
			continue
		}
		return i
	}
	return i
}

func isYear(w string) bool {
	if len(w) != 4 {
		return false
	}
	for _, c := range w {
		if c < '0' || c > '9' {
			return false
		}
	}
	return w[0] == '1' || w[0] == '2'
}

// skipObject skips the listener after "told": "reporters", "me", "the
// board", "Channel 8", "analysts on a call".
func (at *attributor) skipObject(i, b int) int {
	t := at.t
	if i >= b {
		return i
	}
	lw := t.lower(i)
	switch {
	case objectPronouns[lw] || listeners[lw]:
		return i + 1
	case determiners[lw]:
		// "the board", "a news conference", "the Senate"
		j := i + 1
		if j < b && (lowerWord(t.word(j)) || capWord(t.word(j))) && !clauseStops[t.lower(j)] {
			j++
			if j < b && audienceNouns[t.lower(j)] {
				j++
			}
		}
		return j
	case capWord(t.word(i)) || isAcronym(t.word(i)):
		j := i
		for j < b && j < i+5 && (capWord(t.word(j)) || isAcronym(t.word(j)) || isYear(t.lower(j)) || t.word(j) == "-" ||
			len(t.word(j)) <= 3 && isDigits(t.word(j))) {
			j++
		}
		// "told CBS’s “Face the Nation”": a programme after the channel.
		if j < b && (t.lower(j) == "’s" || t.lower(j) == "'s") {
			j++
			if j < b {
				if q := at.topQuoteAt(t.toks[j].Start); q >= 0 && at.quotes[q].open == t.toks[j].Start {
					j = t.ix.TokenAt(at.quotes[q].close) + 1
				} else if capWord(t.word(j)) {
					for j < b && capWord(t.word(j)) {
						j++
					}
				}
			}
		}
		return j
	case lowerWord(t.word(i)) && !clauseStops[lw] && !contentStops[lw] && strings.HasSuffix(lw, "s"):
		return i + 1 // "told analysts", "told supporters"
	}
	return i
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// contentEnd returns where the content starting at token c ends, before
// token b: the sentence end, or the start of a second attribution (",
// adding that", "and he demanded", "but added that"), or "; ".
func (at *attributor) contentEnd(c, b int) int {
	t := at.t
	for j := c + 1; j < b; j++ {
		w := t.lower(j)
		if at.topQuoteAt(t.toks[j].Start) >= 0 {
			continue
		}
		// "…a “transnational terrorist network,” highlighting that": the
		// comma may sit inside the closing mark.
		if participleCues[w] && j-2 > c && isQuoteRune([]rune(t.word(j - 1))[0]) && t.word(j-2) == "," {
			return j - 2
		}
		switch {
		case w == ";":
			return j
		case w == "," && j+1 < b && (participleCues[t.lower(j+1)] || t.lower(j+1) == "according"):
			return j
		case (w == "and" || w == "but" || w == "while" || w == "whereas") && j+1 < b:
			// "…, and he demanded", "but added that": a cue within three words.
			for x := j + 1; x < b && x <= j+4; x++ {
				lx := t.lower(x)
				if at.lex.matchAt(t, x) > 0 || indirectLexicon.matchAt(t, x) > 0 {
					if cueBase[lx] != "" && !strings.HasSuffix(lx, "ing") {
						e := j
						if t.word(e-1) == "," {
							e--
						}
						return e
					}
				}
				if lx == "," || lx == "that" {
					break
				}
			}
		}
	}
	return b
}

// content turns tokens [c, e) into the content span, trimmed; ok is false
// when it is too short, opens with a direct quotation or is one.
func (at *attributor) content(c, e, minWords int) (indirect, bool) {
	t := at.t
	if c >= e {
		return indirect{}, false
	}
	s, en := trimEdges(t, t.toks[c].Start, t.toks[e-1].End)
	if en <= s {
		return indirect{}, false
	}
	in := indirect{start: s, end: en}
	words, outside := 0, 0
	ta, tb := t.tokRange(s, en)
	for k := ta; k < tb; k++ {
		if !isWordToken(t.word(k)) {
			continue
		}
		words++
		if at.topQuoteAt(t.toks[k].Start) < 0 {
			outside++
		}
	}
	if words < minWords {
		return indirect{}, false
	}
	// The quotes inside; a clause that is all one quote is a direct quote.
	open := s
	for open > 0 && (annot.IsSpace(t.r[open-1]) || isQuoteRune(t.r[open-1])) && open > t.toks[c].Start {
		open--
	}
	// The quotes around or in the content: top-level ones, and those inside
	// a quote tagged by hand without marks (a saved mixed quote).
	handTagged := func(q quote) bool { return q.existing != "" && !isQuoteRune(t.at(q.open)) }
	first := sort.Search(len(at.quotes), func(i int) bool { return at.quotes[i].open >= t.toks[c].Start })
	if qi := at.topQuoteAt(t.toks[c].Start); qi >= 0 && at.quotes[qi].open < t.toks[c].Start && !handTagged(at.quotes[qi]) {
		first = qi // a quote open before the content, around its start
	}
	for qi := first; qi < len(at.quotes) && at.quotes[qi].open < en; qi++ {
		q := at.quotes[qi]
		if q.close < t.toks[c].Start || handTagged(q) || q.parent >= 0 && !handTagged(at.quotes[q.parent]) {
			continue
		}
		if q.open <= t.toks[c].Start {
			// “We are ready” before boarding: a direct quote and its setting.
			return indirect{}, false
		}
		if q.merged || q.unclosed {
			return indirect{}, false
		}
		in.inner = append(in.inner, qi)
	}
	in.mixed = len(in.inner) > 0
	return in, true
}

// reportedAfter finds "X CUE (that) CONTENT": the cue at token k (n tokens)
// with its subject before it and its content after.
func (at *attributor) reportedAfter(a, k, n, b int, base string, last *attribution) (indirect, bool) {
	t := at.t
	if at.afterQuote(k, a) && !participleCues[t.lower(k)] {
		return indirect{}, false
	}
	i := k + n
	if base == "tell" || base == "inform" {
		j := at.skipObject(i, b)
		if j == i {
			return indirect{}, false
		}
		i = j
	}
	if base == "accuse" || base == "blame" || base == "urge" {
		i = k + n // "accused the committee of …": the object is content
	}
	i = at.skipAdverbials(i, b)
	if base == "tell" || base == "inform" {
		i = at.skipAdverbials(i, b)
	}
	that := false
	if i < b && t.lower(i) != "that" {
		// "wrote in a memo to staff that", "posted on LinkedIn that"
		for j := i; j < b && j < i+6; j++ {
			lw := t.lower(j)
			if lw == "that" && j > i {
				if at.plainNP(i, j) && (prepositions[t.lower(i)] || determiners[t.lower(i)]) {
					i = j
				}
				break
			}
			if lw == "," || verbStops[lw] {
				break
			}
		}
	}
	if i < b && t.lower(i) == "that" {
		that = true
		i++
	}
	if i >= b {
		return indirect{}, false
	}
	lw := t.lower(i)
	minWords := 3
	switch {
	case questionCues[base]:
		j := i
		for j < b && j < i+5 && !whWords[t.lower(j)] {
			j++
		}
		if j >= b || !whWords[t.lower(j)] || j > i && base == "want to know" {
			return indirect{}, false
		}
		i = j
	case needThat[base] && !that:
		return indirect{}, false
	case shortComplement[base]:
		minWords = 2
	}
	if !that && !questionCues[base] {
		atLeast := (lw == "at" || lw == "in") && i+1 < b && (t.lower(i+1) == "least" || t.lower(i+1) == "most" || t.lower(i+1) == "all")
		if contentStops[lw] && !atLeast || lw == "to" && !shortComplement[base] || lw == "," || lw == ":" || t.word(i) == "(" {
			return indirect{}, false
		}
		if base == "call" && lw == "for" || base == "call" && lw == "on" {
			return indirect{}, false
		}
	}
	e := at.contentEnd(i, b)
	in, ok := at.content(i, e, minWords)
	if !ok {
		return indirect{}, false
	}
	if base == "call" && !in.mixed {
		return indirect{}, false // "called the account “fiction”", never "called the office"
	}
	// The source: the subject before the cue, or for "…, adding that" the
	// sentence's last source.
	conf := 0.7
	if that {
		conf = 0.75
	}
	m, same, ok := at.indirectSubject(a, k, last)
	if !ok {
		return indirect{}, false
	}
	src := at.attribution(k, n, m, conf)
	if same {
		src.how += " (same source)"
		in.attr = src
		return in, true
	}
	at.resolveIn(-1, &src)
	in.attr = src
	return in, true
}

// subjectStarts reports whether a subject found at token sa may be the
// subject of its cue in a sentence starting at token a: it opens the
// sentence, or follows an introductory phrase ending in a comma, "that",
// a conjunction, or a relative "who".
func (at *attributor) subjectStarts(a, sa int) bool {
	if sa <= a {
		return true
	}
	t := at.t
	p := t.lower(sa - 1)
	switch p {
	case ",", "that", "and", "but", "while", "as", "because", "when", "after", "though", "although", "—", "–", ":", "(", "so", "than", "whom":
		return true
	}
	if p == "the" || p == "a" || p == "an" {
		return sa-1 <= a || at.subjectStarts(a, sa-1)
	}
	// "Former Energy Department official Harlan Mays said": titles and
	// roles before the name.
	return at.plainNP(a, sa)
}

var prepositions = set("to", "of", "for", "at", "from", "with", "in", "on", "by", "about")

// verbStops may not stand inside a subject noun phrase.
var verbStops = set("is", "was", "were", "are", "be", "been", "being", "has", "have", "had", "will", "would", "could",
	"should", "can", "may", "might", "must", "did", "do", "does", "who", "whom", "whose", "which", "that", "when",
	"where", "while", "because", "if", "although", "though", "since", "until", "not", "after", "before", "than",
	"but", "or", "so", "yet", "what", "how", "why", "said", "says", "told", "there", "here", "it", "he", "she", "they",
	"we", "i", "you", "this", "these", "those", ";", ":", "(", ")", "“", "”", "\"")

// plainNP reports whether tokens [x, y) may all belong to one noun phrase:
// no verb, relative word or cue word among them, at most ten tokens, words
// throughout ("Three people briefed on the negotiations", "A longtime aide
// to the senator", "Former Energy Department official").
func (at *attributor) plainNP(x, y int) bool {
	t := at.t
	if y <= x || y-x > 10 {
		return y == x
	}
	for k := x; k < y; k++ {
		w := t.word(k)
		lw := t.lower(k)
		possessive := lw == "’s" || lw == "'s" || (w == "’" || w == "'") && k > x && t.adjacent(k-1) && strings.HasSuffix(t.lower(k-1), "s")
		if verbStops[lw] || w == "," || w == "." || isQuoteRune([]rune(w)[0]) && !possessive || at.indirectCueAt(k, x) > 0 {
			return false
		}
	}
	return true
}

// indirectSubject finds the source of the cue at token k in the sentence
// starting at token a: the cue's subject, an appositive name ("The
// victim’s brother, Darnell Price, said"), the noun before a relative
// clause ("A juror, who declined to give her name, said"), the noun phrase
// that opens the sentence or follows its introductory phrase, or, after
// "and"/"but" or for "…, adding that", the sentence's last source (same).
func (at *attributor) indirectSubject(a, k int, last *attribution) (m mention, same, ok bool) {
	t := at.t
	j := k - 1
	for j >= a && (t.lower(j) == "also" || t.lower(j) == "has" || t.lower(j) == "have" || t.lower(j) == "had") {
		j--
	}
	if j < a {
		if na, nb, ok := at.forwardNP(a, k); ok && nb == k {
			m, ok := at.sourceMention(na, nb)
			return m, false, ok
		}
		return mention{}, false, false
	}
	if j-1 > a && isQuoteRune([]rune(t.word(j))[0]) && t.word(j-1) == "," {
		j-- // "…network,” highlighting that"
	}
	pj := t.lower(j)
	if (pj == "and" || pj == "but" || pj == "," && participleCues[t.lower(k)]) && last != nil && last.speaker != nil {
		return *last.speaker, true, true
	}
	if pj == "," && participleCues[t.lower(k)] {
		// "Opedal rejected that argument, saying …": the sentence's subject.
		if na, nb, ok := at.forwardNP(a, k-1); ok {
			if m, ok := at.sourceMention(na, nb); ok {
				return m, false, true
			}
		}
		return mention{}, false, false
	}
	if pj == "," {
		// "Achterberg’s lawyer, Paul Renner, said": the appositive name
		// names the description before it.
		c1 := j - 1
		for c1 > a && t.word(c1) != "," {
			c1--
		}
		if c1 > a && t.word(c1) == "," && j-c1 > 1 && lowerWord(t.word(c1-1)) && isKnownHead(t.lower(c1-1)) {
			if x, y := c1+1, j; at.plainNP(x, y) && (capWord(t.word(x)) || caselessRun(t, x, y)) && !determiners[t.lower(x)] {
				if m, ok := at.sourceMention(x, y); ok {
					return m, false, true
				}
			}
		}
	}
	if pj == "who" && j-1 > a && t.word(j-1) == "," {
		if na, nb, ok := at.backwardNP(j-2, a); ok {
			if m, ok := at.sourceMention(na, nb); ok {
				return m, false, true
			}
		}
	}
	if sa, sb, ok := at.subjectBefore(k, a); ok && !at.subjectStarts(a, sa) {
		// "Despite …, a recent report by the Institute for the Study of War
		// (ISW) reveals": the name inside a noun phrase after a comma.
		x := sa - 1
		if x > a && determiners[t.lower(x)] {
			x--
		}
		if x > a && prepositions[t.lower(x)] {
			y := x
			for y > a && t.word(y-1) != "," && t.word(y-1) != "—" && t.word(y-1) != "–" {
				y--
			}
			if y > a && at.plainNP(y, x) {
				if m, ok := at.sourceMention(sa, sb); ok {
					return m, false, true
				}
			}
		}
	}
	if sa, sb, ok := at.subjectBefore(k, a); ok && at.subjectStarts(a, sa) {
		if m, ok := at.compoundDescription(sa, sb); ok {
			return m, false, true
		}
		// "A longtime aide to the senator said": the aide speaks.
		if sa-1 > a && prepositions[t.lower(sa-1)] {
			x := sa - 1
			for x > a && t.word(x-1) != "," && t.word(x-1) != "—" && t.word(x-1) != "–" {
				x--
			}
			if at.plainNP(x, sa) && !at.hasName(sa, sb) {
				sa = x
			}
		}
		if m, ok := at.sourceMention(sa, sb); ok {
			return m, false, true
		}
	}
	// The segment the subject may fill: after the last comma or dash before
	// the cue, or, when a comma ends just before the cue, the appositive.
	seg := func(end int) int {
		x := end - 1
		for x >= a && t.word(x) != "," && t.word(x) != "—" && t.word(x) != "–" && t.word(x) != ":" {
			x--
		}
		return x + 1
	}
	if pj == "," {
		c1 := j - 1
		for c1 > a && t.word(c1) != "," {
			c1--
		}
		if c1 > a && t.word(c1) == "," && j-c1 > 1 {
			inner0, inner1 := c1+1, j
			if at.hasName(inner0, inner1) || caselessRun(t, inner0, inner1) {
				if at.plainNP(inner0, inner1) && !determiners[t.lower(inner0)] {
					if m, ok := at.sourceMention(inner0, inner1); ok {
						return m, false, true
					}
				}
			}
			x := seg(c1)
			if at.plainNP(x, c1) && c1 > x {
				if m, ok := at.sourceMention(x, c1); ok {
					return m, false, true
				}
			}
		}
		return mention{}, false, false
	}
	x := seg(k)
	if sa, sb, ok := at.relSubject(x, k); ok && sb > sa {
		if m, ok := at.sourceMention(sa, sb); ok {
			return m, false, true
		}
	}
	return mention{}, false, false
}

// numberWords open a description as its first, capitalised word: "One
// lawmaker", "Two Western diplomats".
var numberWords = set("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several",
	"many", "some", "most", "both", "few", "dozens", "hundreds", "thousands", "other", "another")

// sourceMention is mentionIn for the source of reported speech: an
// affiliation in brackets is left out ("Gwen Moore (D-Wis.)"), and a noun
// phrase whose name only qualifies its head ("a Red Cross spokeswoman",
// "The Washington-based think tank") or that opens with a capitalised
// number ("One lawmaker") is a description, not that name.
func (at *attributor) sourceMention(a, b int) (mention, bool) {
	t := at.t
	if b-a > 2 && t.word(b-1) == ")" {
		for d := b - 2; d > a; d-- {
			if t.word(d) == "(" {
				b = d
				break
			}
		}
	}
	if m, ok := at.compoundDescription(a, b); ok {
		return m, true
	}
	if b-a >= 2 && numberWords[t.lower(a)] && !at.hasName(a+1, b) {
		m := mention{start: t.toks[a].Start, end: t.toks[b-1].End, quote: -1, label: annot.LabelPerson, head: t.lower(b - 1)}
		return m, true
	}
	return at.mentionIn(a, b)
}

// compoundDescription returns the description [sa, sb) whose only name is
// part of a compound adjective: "The Washington-based think tank" is an
// organisation, not Washington.
func (at *attributor) compoundDescription(sa, sb int) (mention, bool) {
	t := at.t
	head := t.lower(sb - 1)
	if sb-sa < 3 || !lowerWord(t.word(sb-1)) || !isKnownHead(head) {
		return mention{}, false
	}
	// "a Red Cross spokeswoman", "the Kremlin spokesman": a determiner, a
	// name, then lowercase words to the head.
	qualifier := determiners[t.lower(sa)] && (capWord(t.word(sa+1)) || isAcronym(t.word(sa+1)))
	hyphen := false
	for k := sa; k+2 < sb; k++ {
		if (capWord(t.word(k)) || isAcronym(t.word(k))) && t.word(k+1) == "-" && lowerWord(t.word(k+2)) {
			hyphen = true
		} else if strings.HasSuffix(t.word(k), "’s") || strings.HasSuffix(t.word(k), "'s") {
			return mention{}, false // a name of its own: "Tully’s deputy"
		}
	}
	if !hyphen && !qualifier {
		return mention{}, false
	}
	m := mention{start: t.toks[sa].Start, end: t.toks[sb-1].End, quote: -1, label: annot.LabelPerson, head: head}
	if groupNouns[head] || docNouns[head] || groupNouns[strings.TrimSuffix(head, "s")] {
		m.label = annot.LabelOrg
	}
	return m, true
}

// caselessRun reports whether tokens [x, y) hold a word in a script without
// capital letters (王毅, محمد العلي, राहुल शर्मा): a possible name.
func caselessRun(t *text, x, y int) bool {
	for k := x; k < y; k++ {
		for _, c := range t.word(k) {
			if unicode.IsLetter(c) && !unicode.IsUpper(c) && !unicode.IsLower(c) {
				return true
			}
		}
	}
	return false
}

// reportedBefore finds "CONTENT, X CUE." and "CONTENT, CUE X.": the content
// opens the sentence and ends at the comma before the cue's subject.
func (at *attributor) reportedBefore(a, k, n, b int, base string) (indirect, bool) {
	t := at.t
	if questionCues[base] || needThat[base] && base != "report" || base == "call" || participleCues[t.lower(k)] || at.afterQuote(k, a) {
		return indirect{}, false
	}
	var m mention
	comma := -1
	if k-1 > a && t.word(k-1) == "," {
		// "…, said union leader Anna de Vries"
		na, nb, ok := at.invertedSource(k+n, b)
		if !ok {
			return indirect{}, false
		}
		mm, ok := at.sourceMention(na, nb)
		if !ok || mm.pronoun != "" && mm.pronoun != "it" && mm.pronoun != "they" {
			return indirect{}, false
		}
		m, comma = mm, k-1
	} else {
		sa, sb, ok := at.subjectBefore(k, a)
		if !ok || sa-1 <= a || t.word(sa-1) != "," {
			// "…, a spokesperson for the Denver Police Department said", "…,
			// the councilwoman who represents the area said": the words
			// between the comma and the cue.
			sa, sb, ok = at.clauseSubject(a, k)
			if !ok {
				return indirect{}, false
			}
		}
		mm, ok := at.sourceMention(sa, sb)
		if !ok {
			return indirect{}, false
		}
		m, comma = mm, sa-1
	}
	// After the cue: nothing, adverbials, an appositive or a participle.
	rest := k + n
	if base == "tell" {
		rest = at.skipObject(rest, b) // "…, she told employees."
	}
	rest = at.skipAdverbials(rest, b)
	if rest < b && t.word(rest) != "," && t.word(rest) != "." && t.word(rest) != ";" && !(k-1 > a && t.word(k-1) == ",") {
		if w := t.lower(rest); w != "adding" && w != "saying" {
			return indirect{}, false
		}
	}
	in, ok := at.content(a, comma, 4)
	if !ok || at.topQuoteAt(t.toks[a].Start) >= 0 {
		return indirect{}, false
	}
	src := at.attribution(k, n, m, 0.7)
	at.resolveIn(-1, &src)
	in.attr = src
	return in, true
}

// clauseSubject returns the subject between the last comma before the cue
// at token k and the cue, in a sentence starting at token a: a plain noun
// phrase, or one with a relative clause ("the 58-year-old city councilwoman
// who represents the area"), whose head part it returns.
func (at *attributor) clauseSubject(a, k int) (int, int, bool) {
	t := at.t
	x := k - 1
	for x > a && t.word(x) != "," {
		x--
	}
	if x <= a || t.word(x) != "," {
		return 0, 0, false
	}
	return at.relSubject(x+1, k)
}

// relSubject returns the subject that fills tokens [x, k) before a cue: a
// plain noun phrase, or the head part of one with a relative clause
// ("Economists who study stadiums have found").
func (at *attributor) relSubject(x, k int) (int, int, bool) {
	t := at.t
	end := k
	for end > x && skipBack[t.lower(end-1)] {
		end--
	}
	if end <= x {
		return 0, 0, false
	}
	if at.plainNP(x, end) {
		return x, end, true
	}
	for w := x + 1; w < end; w++ {
		// "who represents the area", "Teachers I spoke with": a relative
		// clause, or a reduced one opening with its own subject.
		if lw := t.lower(w); lw == "who" || lw == "which" || lw == "that" || personalPronouns[lw] && w < end-1 {
			if at.plainNP(x, w) {
				return x, w, true
			}
			break
		}
	}
	return 0, 0, false
}

// invertedSource returns the source after an inverted cue ("said union
// leader Anna de Vries"): the name after lowercase role words and titles,
// else forwardNP's noun phrase.
func (at *attributor) invertedSource(i, b int) (int, int, bool) {
	t := at.t
	for k := i; k < b && k < i+6; k++ {
		w := t.word(k)
		if w == "," || w == "." || clauseStops[t.lower(k)] {
			break
		}
		if (capWord(w) || isAcronym(w)) && !titles[t.lower(k)] && !capStops[t.lower(k)] {
			na, nb := at.firstNameRun(k, b)
			if nb > na && k > i {
				return i, nb, true // the role words stay: mentionIn picks the name
			}
			break
		}
		if !lowerWord(w) && !titles[t.lower(k)] && w != "." {
			break
		}
	}
	return at.forwardNP(i, b)
}

// accordingFirst finds "According to X, CONTENT." at tokens [a, b).
func (at *attributor) accordingFirst(a, b int) (indirect, bool) {
	t := at.t
	na, nb, ok := at.npAfter(a+2, b)
	if !ok || nb >= b || t.word(nb) != "," {
		// "According to Priya Natarajan, chief economist at Halden Bank, …"
		if !ok {
			return indirect{}, false
		}
	}
	c := nb
	for c < b && c < nb+12 && t.word(c) == "," {
		// skip an appositive: ", chief economist at Halden Bank,"
		j := c + 1
		for j < b && j < c+12 && t.word(j) != "," {
			j++
		}
		if j >= b || j >= c+12 {
			break
		}
		if j+1 < b && (capWord(t.word(j+1)) || lowerWord(t.word(j+1))) && c == nb && at.looksAppositive(c+1, j) {
			c = j
			continue
		}
		break
	}
	if c >= b || t.word(c) != "," {
		return indirect{}, false
	}
	m, ok := at.sourceMention(na, nb)
	if !ok {
		return indirect{}, false
	}
	in, ok := at.content(c+1, at.contentEnd(c+1, b), 3)
	if !ok {
		return indirect{}, false
	}
	src := at.attribution(a, 2, m, 0.75)
	at.resolveIn(-1, &src)
	in.attr = src
	return in, true
}

// looksAppositive reports whether tokens [i, j) describe a role: "chief
// economist at Halden Bank", "a spokesman for the port authority".
func (at *attributor) looksAppositive(i, j int) bool {
	t := at.t
	for k := i; k < j && k < i+4; k++ {
		if isKnownHead(t.lower(k)) {
			return true
		}
	}
	return false
}

// npAfter returns the noun phrase that starts at token i and names a
// source, ending before token b: forwardNP's, or else the words up to the
// next comma or the sentence end ("demographers at the state university",
// "a report by the housing nonprofit Open Doors").
func (at *attributor) npAfter(i, b int) (int, int, bool) {
	t := at.t
	j := i
	for j < b && j < i+12 && t.word(j) != "," && t.word(j) != "." && t.word(j) != ";" {
		j++
	}
	na, nb, ok := at.forwardNP(i, b)
	if ok && nb == j {
		return na, nb, true
	}
	if j > i && j < i+12 && at.plainNP(i, j) {
		return i, j, true // "court records", "a report by the housing nonprofit Open Doors"
	}
	if ok && !(nb < b && t.lower(nb) == "by") {
		return na, nb, true
	}
	return 0, 0, false
}

// accordingLast finds "CONTENT, according to X." with "according" at token k.
func (at *attributor) accordingLast(a, k, b int) (indirect, bool) {
	t := at.t
	if t.word(k-1) != "," {
		return indirect{}, false
	}
	na, nb, ok := at.npAfter(k+2, b)
	if !ok {
		return indirect{}, false
	}
	m, ok := at.sourceMention(na, nb)
	if !ok {
		return indirect{}, false
	}
	in, ok := at.content(a, k-1, 4)
	if !ok || at.topQuoteAt(t.toks[a].Start) >= 0 {
		return indirect{}, false
	}
	src := at.attribution(k, 2, m, 0.75)
	at.resolveIn(-1, &src)
	in.attr = src
	return in, true
}

// indirectSuggestions turns reported speech into QUOTE suggestions of kind
// indirect or mixed, with their CUE and SPEAKER, and returns the paired
// quotes that lie inside a mixed one (not to be proposed apart).
func (r *run) indirectSuggestions(at *attributor) ([]Suggestion, map[int]bool) {
	ins := r.indirectQuotes(at)
	inner := map[int]bool{}
	var out []Suggestion
	// Saved quotes, so reported speech already tagged is not proposed again.
	saved := quoteSpans(r.b)
	sort.Slice(saved, func(i, j int) bool { return saved[i].Start < saved[j].Start })
	for _, in := range ins {
		piece := []annot.Fragment{{Start: in.start, End: in.end}}
		for _, qi := range in.inner {
			inner[qi] = true
		}
		if overlapsSaved(saved, piece) {
			continue
		}
		kind, reason := "indirect", "reported speech"
		if in.mixed {
			kind, reason = "mixed", "reported speech with a quoted phrase"
		}
		a := in.attr
		if a.speaker == nil {
			continue
		}
		g := r.newGroup(SourceQuotes, a.conf, reason+", "+a.how)
		qid, qkey := g.span(annot.LayerQuote, annot.LabelQuote, piece, map[string]string{annot.AttrKind: kind})
		g.speakerLinks(annot.RelSpeaker, qid, qkey, a)
		if a.cueEnd > a.cueStart {
			cid, ckey := g.span(annot.LayerCue, annot.LabelCue, []annot.Fragment{{Start: a.cueStart, End: a.cueEnd}}, nil)
			g.link(annot.RelCue, qid, qkey, cid, ckey)
		}
		if sg, ok := g.done(qkey, in.start, in.end); ok {
			out = append(out, sg)
		}
	}
	return out, inner
}

// overlapsSaved reports whether a saved quote (sorted by start) covers
// half of the pieces or more.
func overlapsSaved(saved []annot.Span, ps []annot.Fragment) bool {
	end := ps[len(ps)-1].End
	i := sort.Search(len(saved), func(i int) bool { return saved[i].Start >= end })
	for j := i - 1; j >= 0 && j >= i-64; j-- {
		if 2*intersection(saved[j].Pieces(), ps) >= size(ps) {
			return true
		}
	}
	return false
}
