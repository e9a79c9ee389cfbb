package suggest

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode"

	"spanbench/annot"
)

// text is a document prepared for the suggesters: its code points, its
// tokens (annot's one tokenizer), its paragraphs and (through ix) its
// sentences, annot's too. All offsets are code points.
type text struct {
	ix   *annot.Index
	r    []rune
	toks []annot.Token
	low  []string // lower-cased tokens, filled on first use
	wrd  []string // tokens, filled on first use (Slice converts offsets each time)
}

func newText(ix *annot.Index) *text {
	toks := ix.Tokens()
	return &text{ix: ix, r: []rune(ix.Text()), toks: toks, low: make([]string, len(toks)), wrd: make([]string, len(toks))}
}

// word returns the text of token k.
func (t *text) word(k int) string {
	if t.wrd[k] == "" {
		t.wrd[k] = t.ix.Slice(t.toks[k].Start, t.toks[k].End)
	}
	return t.wrd[k]
}

// lower returns the text of token k in lower case.
func (t *text) lower(k int) string {
	if t.low[k] == "" {
		t.low[k] = strings.ToLower(t.word(k))
	}
	return t.low[k]
}

// at returns the code point at i, or a space outside the text.
func (t *text) at(i int) rune {
	if i < 0 || i >= len(t.r) {
		return ' '
	}
	return t.r[i]
}

// tokRange returns the token indexes [a, b) of the tokens inside [lo, hi).
func (t *text) tokRange(lo, hi int) (int, int) {
	a := t.ix.TokenAt(lo)
	b := a
	for b < len(t.toks) && t.toks[b].End <= hi {
		b++
	}
	return a, b
}

// adjacent reports whether token k ends where token k+1 starts (no space).
func (t *text) adjacent(k int) bool {
	return k+1 < len(t.toks) && t.toks[k].End == t.toks[k+1].Start
}

// paragraph is a stretch of text between line breaks, [Start, End).
type paragraph struct{ Start, End int }

// paragraphs splits the text at line breaks; empty lines are dropped.
func (t *text) paragraphs() []paragraph {
	var ps []paragraph
	start := 0
	for i := 0; i <= len(t.r); i++ {
		if i == len(t.r) || isLineBreak(t.r[i]) {
			s, e := start, i
			for s < e && annot.IsSpace(t.r[s]) {
				s++
			}
			for e > s && annot.IsSpace(t.r[e-1]) {
				e--
			}
			if e > s {
				ps = append(ps, paragraph{s, e})
			}
			start = i + 1
		}
	}
	return ps
}

func isLineBreak(r rune) bool {
	return r == '\n' || r == '\r' || r == '\u2029' || r == '\u2028' || r == '\v' || r == '\f'
}

// abbrevBefore reports whether the full stop at i closes an abbreviation.
func (t *text) abbrevBefore(i int) bool {
	j := i
	for j > 0 && (annot.IsWordRune(t.r[j-1]) || t.r[j-1] == '.') {
		j--
	}
	return annot.IsAbbrev(string(t.r[j:i]))
}

// sentenceAt returns the index in Sentences() of the sentence holding pos:
// the last one starting at or before it, -1 before the first.
func (t *text) sentenceAt(pos int) int {
	sents := t.ix.Sentences()
	return sort.Search(len(sents), func(i int) bool { return sents[i].Start > pos }) - 1
}

// sentenceStart returns the start of the sentence holding position pos
// (annot's sentences, Index.Sentences), looking back no further than lo.
func (t *text) sentenceStart(lo, pos int) int {
	if i := t.sentenceAt(pos); i >= 0 {
		return max(lo, t.ix.Sentences()[i].Start)
	}
	return lo
}

// sentenceEnd returns the end of the sentence holding position pos (after
// its terminal punctuation and closing marks), or of the next sentence when
// pos is in the space after one, looking no further than hi.
func (t *text) sentenceEnd(pos, hi int) int {
	sents := t.ix.Sentences()
	i := t.sentenceAt(pos)
	if i < 0 || sents[i].End <= pos {
		i++
	}
	if i < len(sents) {
		return min(hi, sents[i].End)
	}
	return hi
}

// trimEdges narrows [s, e) past whitespace, quote marks and the punctuation a
// span should not start or end with (see EdgeProblem).
func trimEdges(t *text, s, e int) (int, int) {
	for s < e && badLeading(t.r[s]) {
		s++
	}
	for e > s {
		if bad, _ := badTrailing(t.r, s, e); !bad {
			break
		}
		e--
	}
	return s, e
}

func badLeading(c rune) bool {
	return annot.IsSpace(c) || isQuoteRune(c) || strings.ContainsRune(",.;:-–—·/()[]{}", c)
}

// badTrailing reports whether the last character of r[s:e] should not end a
// span, and why. Question and exclamation marks, ellipses, closing brackets
// whose opener is inside, and the full stop of an abbreviation may end one.
func badTrailing(r []rune, s, e int) (bool, string) {
	c := r[e-1]
	switch {
	case annot.IsSpace(c):
		return true, "whitespace"
	case isQuoteRune(c):
		if (c == '’' || c == '\'') && e-2 >= s && (r[e-2] == 's' || r[e-2] == 'S') && !hasOpenSingle(r[s:e-1]) {
			return false, "" // plural possessive: the allies’
		}
		return true, "a quote mark"
	case c == '.':
		j := e - 1
		for j > s && (annot.IsWordRune(r[j-1]) || r[j-1] == '.') {
			j--
		}
		if annot.IsAbbrev(string(r[j : e-1])) {
			return false, ""
		}
		return true, "punctuation"
	case strings.ContainsRune(",;:-–—·/", c):
		return true, "punctuation"
	case c == ')' || c == ']' || c == '}':
		open := map[rune]rune{')': '(', ']': '[', '}': '{'}[c]
		depth := 0
		for _, x := range r[s : e-1] {
			if x == open {
				depth++
			} else if x == c {
				depth--
			}
		}
		if depth > 0 {
			return false, ""
		}
		return true, "an unmatched bracket"
	case c == '(' || c == '[' || c == '{':
		return true, "an opening bracket"
	}
	return false, ""
}

func hasOpenSingle(r []rune) bool {
	for _, c := range r {
		if c == '‘' || c == '‚' {
			return true
		}
	}
	return false
}

// isQuoteRune reports whether c is one of the quotation marks Spanbench pairs.
func isQuoteRune(c rune) bool {
	switch c {
	case '"', '\'', '“', '”', '„', '‟', '‘', '’', '‚', '‛', '«', '»', '‹', '›', '「', '」', '『', '』', '〝', '〞', '＂':
		return true
	}
	return false
}

// lowerWord reports whether s starts with a lower-case letter.
func lowerWord(s string) bool {
	for _, c := range s {
		return unicode.IsLower(c)
	}
	return false
}

// capWord reports whether s starts with a capital letter.
func capWord(s string) bool {
	for _, c := range s {
		return unicode.IsUpper(c) || unicode.IsTitle(c)
	}
	return false
}

// isAcronym reports whether s is written in capitals: "ISW", "IS-KP", "U.S".
func isAcronym(s string) bool {
	n := 0
	for _, c := range s {
		switch {
		case unicode.IsUpper(c):
			n++
		case c == '-' || c == '.' || c == '&' || unicode.IsDigit(c):
		default:
			return false
		}
	}
	return n >= 2
}

func isWordToken(s string) bool {
	for _, c := range s {
		return annot.IsWordRune(c)
	}
	return false
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// withStop adds each word with a full stop: the tokenizer keeps the stop
// of an abbreviation it knows on the word ("Dr.", "Gen.").
func withStop(m map[string]bool) map[string]bool {
	for _, w := range slices.Collect(maps.Keys(m)) {
		m[w+"."] = true
	}
	return m
}

// Word classes for the noun-phrase heuristics, lower case.
var (
	// titles precede a name and are not part of it.
	titles = withStop(set("mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "president",
		"minister", "senator", "sen", "rep", "representative", "gov", "governor", "mayor", "judge", "justice", "general",
		"gen", "chancellor", "king", "queen", "prince", "princess", "pope", "father", "sister", "brother", "rev",
		"reverend", "coach", "chief", "secretary", "ambassador", "commissioner", "director", "inspector", "officer",
		"captain", "capt", "colonel", "col", "lt", "lieutenant", "sgt", "sergeant", "major", "maj", "premier", "sheikh",
		"imam", "rabbi", "bishop", "cardinal", "archbishop", "speaker", "chairman", "chairwoman", "chair", "deputy",
		"prime", "vice", "mme", "mlle", "herr", "frau", "señor", "señora", "monsieur", "madame", "detective", "constable",
		"superintendent", "commander", "admiral", "marshal", "sheriff", "councillor", "councilor", "alderman", "dean"))
	male   = withStop(set("mr", "sir", "lord", "king", "prince", "father", "brother", "monsieur", "herr", "señor"))
	female = withStop(set("mrs", "ms", "miss", "dame", "lady", "queen", "princess", "sister", "madame", "mme", "mlle", "frau", "señora"))
	// connectors may join the capitalised words of one name.
	connectors = set("of", "for", "the", "and", "de", "da", "del", "della", "der", "den", "van", "von", "al", "el", "bin",
		"ibn", "le", "la", "du", "des", "y", "&")
	determiners = set("the", "a", "an", "this", "these", "those", "his", "her", "their", "its", "our", "another", "one")
	pronouns    = set("he", "she", "they", "it")
	// orgWords mark a name as an organisation.
	orgWords = set("department", "ministry", "office", "institute", "council", "organization", "organisation", "union",
		"bank", "agency", "authority", "association", "party", "committee", "commission", "court", "university",
		"company", "corporation", "corp", "inc", "ltd", "llc", "group", "police", "army", "forces", "service", "services",
		"board", "foundation", "fund", "network", "times", "news", "post", "reuters", "logistics", "airlines", "society",
		"federation", "league", "alliance", "coalition", "front", "movement", "government", "administration", "parliament",
		"congress", "senate", "assembly", "cabinet", "centre", "center", "club", "school", "college", "hospital",
		"embassy", "mission", "programme", "program", "bureau", "directorate", "secretariat", "tribunal", "taliban",
		"press", "tribune", "journal", "herald", "guardian", "telegraph", "gazette", "monitor", "state", "unicef", "unesco")
	// placeWords mark a name as a place.
	placeWords = set("province", "city", "county", "republic", "kingdom", "island", "islands", "river", "valley",
		"street", "avenue", "road", "square", "region", "district", "mountains", "lake", "sea", "ocean", "bay")
	// calendar words are capitalised but name no one.
	calendar = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
		"march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
	// roleNouns head a noun phrase naming a person or a group of people.
	roleNouns = set("spokesman", "spokeswoman", "spokesperson", "official", "officials", "minister", "director",
		"executive", "chairman", "chairwoman", "chair", "president", "leader", "leaders", "analyst", "analysts",
		"economist", "expert", "experts", "researcher", "researchers", "professor", "teacher", "farmer", "resident",
		"residents", "witness", "witnesses", "officer", "officers", "source", "sources", "lawyer", "lawyers", "attorney",
		"doctor", "doctors", "nurse", "worker", "workers", "manager", "owner", "mayor", "governor", "senator", "coach",
		"player", "inspector", "diplomat", "diplomats", "observer", "observers", "activist", "activists", "campaigner",
		"campaigners", "critic", "critics", "parent", "parents", "student", "students", "spokespeople", "commander",
		"general", "judge", "prosecutor", "prosecutors", "investigator", "investigators", "engineer", "scientist",
		"scientists", "historian", "author", "founder", "ceo", "chief", "secretary", "ambassador", "envoy", "aide",
		"aides", "adviser", "advisor", "advisers", "negotiator", "negotiators", "representative", "representatives",
		"man", "woman", "men", "women", "people", "protester", "protesters", "organiser", "organisers", "organizer",
		"organizers", "victim", "victims", "survivor", "survivors", "neighbour", "neighbor", "voter", "voters")
	// docNouns head a noun phrase naming a text that can be quoted.
	docNouns = set("report", "statement", "memo", "letter", "study", "document", "survey", "paper", "filing", "ruling",
		"indictment", "complaint", "lawsuit", "release", "communique", "communiqué", "post", "message", "tweet", "email",
		"notice", "note", "analysis", "assessment", "review", "audit", "website", "text", "transcript", "declaration",
		"resolution", "judgment", "verdict", "draft", "plan", "briefing", "bulletin", "order", "decree")
	// groupNouns head a noun phrase naming an organisation.
	groupNouns = set("ministry", "department", "office", "agency", "government", "company", "firm", "council",
		"committee", "commission", "union", "party", "institute", "bank", "court", "army", "police", "authority",
		"organisation", "organization", "group", "association", "board", "administration", "embassy", "regime",
		"military", "campaign", "team", "club", "school", "hospital", "university", "tank", "watchdog", "regulator",
		"newspaper", "broadcaster", "network", "charity", "coalition", "alliance", "movement", "parliament", "cabinet",
		"state", "city", "county", "prosecutors", "white", "kremlin", "pentagon", "bureau")
	// clauseStops end a noun phrase when met.
	clauseStops = set("who", "whom", "whose", "which", "that", "when", "where", "while", "as", "because", "after",
		"before", "since", "until", "if", "but", "and", "or", "nor", "so", "yet", "although", "though", "in", "on", "at",
		"during", "with", "without", "to", "into", "onto", "by", "about", "over", "under", "between", "among", "through",
		"is", "was", "were", "are", "be", "been", "has", "have", "had", "will", "would", "could", "should", "can", "may",
		"might", "must", "did", "do", "does", "not", "also", "then", "later", "seen", "obtained", "published", "released",
		"issued", "sent", "leaked", "quoted", "cited", "posted", "signed", "shared", "adding", "saying", "speaking",
		"pointing", "noting", "here", "there", "too", "again", "now", "today", "yesterday", "tonight", "once", "still",
		"just", "only", "even", "very", "already")
	// capStops are capitalised words that open a sentence or clause and are
	// never part of a name.
	capStops = set("when", "if", "as", "after", "before", "while", "although", "though", "but", "and", "or", "in", "on",
		"at", "during", "since", "because", "however", "meanwhile", "speaking", "asked", "according", "despite", "for",
		"from", "with", "without", "to", "by", "of", "it", "he", "she", "they", "we", "i", "you", "this", "that",
		"these", "those", "there", "here", "what", "who", "why", "how", "yes", "no", "not", "so", "then", "now", "today",
		"last", "next", "photo", "photos", "read", "more", "also", "still", "yet", "instead", "under", "over", "among",
		"after", "until", "once", "about", "all", "some", "many", "most", "both", "each", "every", "several", "our",
		"his", "her", "their", "its", "my", "your", "a", "an", "the")
	// skipBack are words between a subject and its cue verb: "Patel also said".
	skipBack = set("also", "has", "have", "had", "later", "then", "reportedly", "again", "previously", "once", "further",
		"was", "is", "were", "are", "would", "will", "had", "recently", "earlier", "repeatedly", "publicly", "privately",
		"simply", "just", "quickly", "finally", "angrily", "calmly", "flatly", "firmly", "bluntly", "openly", "often",
		"never", "always", "initially", "subsequently", "separately", "told")
	// notTitleQuote words before an opening mark say the marks are not a quotation.
	notQuoteBefore = set("so-called", "dubbed", "titled", "entitled", "nicknamed", "code-named", "codenamed",
		"headlined", "hashtag", "branded", "labelled", "labeled", "named", "documentary", "film", "movie", "book",
		"novel", "song", "album", "show", "series", "play", "poem", "painting", "exhibition", "podcast", "article",
		"column", "essay", "slogan", "operation", "single", "episode", "opera", "musical", "sculpture", "programme",
		"word", "words", "term", "phrase", "motto", "sign", "banner")
)
