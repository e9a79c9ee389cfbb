package suggest

import (
	"strings"
	"unicode"

	"spanbench/annot"
)

// Name is a name a NameFinder recognises: code points [Start, End) of the
// document text and an entity label.
type Name struct {
	Start, End int // code points
	Label      string
	// Confidence and Reason, when Confidence > 0, make the name an entity
	// suggestion of its own ("learned from 120 documents"); a name without
	// them only helps find speakers and antecedents.
	Confidence float64
	Reason     string
}

// NameFinder finds the names of a document that capitalisation does not
// show (scripts without capital letters, names a project has taught it). A
// learned model, or a lookup of the project's entities in other documents,
// plugs in here; Run calls it once per document.
type NameFinder func(ix *annot.Index) []Name

// uncased reports whether s starts with a letter of a script without
// capital letters (Han, Kana, Hangul, Arabic, Hebrew, Thai, Devanagari…),
// where a name cannot be told by its first letter.
func uncased(s string) bool {
	for _, c := range s {
		return unicode.IsLetter(c) && !unicode.IsUpper(c) && !unicode.IsLower(c) && !unicode.IsTitle(c)
	}
	return false
}

// orgSuffixes end names of organisations in Chinese and Japanese: ministry,
// province, agency, office, bureau, council, company, party, bank, court,
// university, hospital, army.
var orgSuffixes = "部省庁院局会社党行署委司所校军軍隊团団"

// uncasedRun returns the first token of the run of uncased letters written
// together that ends with token j (王毅 is two tokens), stopping at a space
// or after 8 tokens: the words next to the cue, when no name list knows
// them.
func (at *attributor) uncasedRun(j, lo int) int {
	t := at.t
	k := j
	for k-1 >= lo && j-k < 8 && t.adjacent(k-1) && uncased(t.word(k-1)) {
		k--
	}
	return k
}

// knownEndingAt returns the first token of the longest known name (an
// entity of the document, a gazetteer name, a NameFinder's name) that ends
// with token j and starts no earlier than lo, or -1.
func (at *attributor) knownEndingAt(j, lo int) int {
	t := at.t
	if at.byLast == nil {
		at.byLast = map[string][]int{}
		for txt := range at.known {
			toks := splitWords(txt)
			if len(toks) == 0 || len(toks) > 12 {
				continue
			}
			last := toks[len(toks)-1]
			at.byLast[last] = append(at.byLast[last], len(toks))
		}
	}
	best := -1
	for _, n := range at.byLast[t.word(j)] {
		a := j - n + 1
		if a < lo || a < 0 || best >= 0 && a >= best {
			continue
		}
		if _, ok := at.known[t.ix.Slice(t.toks[a].Start, t.toks[j].End)]; ok {
			best = a
		}
	}
	return best
}

// uncasedMention makes the mention of a name in an uncased script ending
// with token j: a known name when one ends there, else the run of letters
// next to it, an organisation when it ends with an organisation suffix.
func (at *attributor) uncasedMention(j, lo int) (mention, bool) {
	t := at.t
	a := at.knownEndingAt(j, lo)
	if a < 0 {
		if !uncased(t.word(j)) {
			return mention{}, false
		}
		a = at.uncasedRun(j, lo)
	}
	m := mention{start: t.toks[a].Start, end: t.toks[j].End, quote: -1, label: annot.LabelPerson}
	txt := t.ix.Slice(m.start, m.end)
	if l := at.known[txt]; l != "" {
		m.label = l
	} else if rs := []rune(txt); strings.ContainsRune(orgSuffixes, rs[len(rs)-1]) {
		m.label = annot.LabelOrg
	}
	return m, true
}

// addNames runs the NameFinder of the options, if any, and records its
// names as known texts (for labels) and as mentions pronouns may refer to.
func (r *run) addNames() {
	if r.opt.Names == nil {
		return
	}
	n := r.t.ix.Len()
	for _, nm := range r.foundNames() {
		if nm.Start < 0 || nm.End > n || nm.End <= nm.Start || nm.Label == "" {
			continue
		}
		txt := r.t.ix.Slice(nm.Start, nm.End)
		if r.known[txt] == "" {
			r.known[txt] = nm.Label
		}
		r.names = append(r.names, mention{start: nm.Start, end: nm.End, label: nm.Label, quote: -1})
	}
}

// foundNames calls the options' NameFinder once per run.
func (r *run) foundNames() []Name {
	if r.opt.Names != nil && r.found == nil {
		r.found = r.opt.Names(r.t.ix)
		if r.found == nil {
			r.found = []Name{}
		}
	}
	return r.found
}

// nameMentions returns the NameFinder's names, as mentions.
func (r *run) nameMentions() []mention { return r.names }

// speakerLinks links from (a quote or a claim) to who said it: label
// (SPEAKER or CLAIMANT) to the source mention of the attribution (the
// name, pronoun or description the text uses there), and SAME_AS from that
// mention to the name it refers to when that is another span.
func (g *group) speakerLinks(label, from, fromKey string, a attribution) {
	if a.speaker == nil {
		return
	}
	src := a.source
	if src == nil {
		src = a.speaker
	}
	sid, skey := g.entity(src)
	g.link(label, from, fromKey, sid, skey)
	if src == a.speaker || src.start == a.speaker.start && src.end == a.speaker.end {
		return
	}
	aid, akey := g.entity(a.speaker)
	if aid != sid {
		g.link(annot.RelSameAs, sid, skey, aid, akey)
	}
}

// nameAhead reports whether a name follows token k after at most four
// lower-case words that title it: "leader Anna de Vries", "president
// Joanna Kowalska".
func (at *attributor) nameAhead(k, hi int) bool {
	t := at.t
	for j := k; j < hi && j < k+5; j++ {
		w := t.word(j)
		lw := strings.ToLower(w)
		switch {
		case (capWord(w) || isAcronym(w)) && !capStops[lw] && !calendar[lw], uncased(w):
			return true
		case (w == "’" || w == "'") && j > k && t.adjacent(j-1):
		case isWordToken(w) && lowerWord(w) && !clauseStops[lw] && !at.lex.Has(lw) && !personalPronouns[lw] && !determiners[lw]:
		default:
			return false
		}
	}
	return false
}

// modifierName reports whether the name run ending before token rb only
// modifies the noun phrase ending at b: "the Washington-based think tank",
// "Obama’s former campaign strategist", "a senior European diplomat".
func (at *attributor) modifierName(rb, b int) bool {
	if rb >= b {
		return false
	}
	t := at.t
	w := t.word(rb)
	lw := strings.ToLower(w)
	if w == "-" || lw == "’s" || lw == "'s" {
		return true
	}
	return lowerWord(w) && !clauseStops[lw] && lw != "of" && lw != "for" && lw != "from" && isKnownHead(t.lower(b-1))
}

// yearOld reports whether token j ends "34-year-old", a description of a
// person by age.
func yearOld(t *text, j int) bool {
	return j >= 2 && t.lower(j) == "old" && t.word(j-1) == "-" && (t.lower(j-2) == "year" || t.lower(j-2) == "years")
}

// complements open the short complement a source's head noun may take:
// "people familiar with the matter", "the mother of three".
var complements = set("of", "familiar", "close", "briefed", "involved", "with", "from", "for", "at", "in", "on", "to")

// headBefore returns the head noun of a noun phrase that ends with a short
// complement at token j ("people familiar with the matter", "mother of
// three"), or -1.
func (at *attributor) headBefore(j, lo int) int {
	t := at.t
	for k := j - 1; k >= lo && k >= j-6; k-- {
		lw := t.lower(k)
		if complements[lw] && k-1 >= lo && (isKnownHead(t.lower(k-1)) || yearOld(t, k-1)) && lowerWord(t.word(k-1)) {
			return k - 1
		}
		if !isWordToken(t.word(k)) || clauseStops[lw] && !complements[lw] || at.lex.Has(lw) || !lowerWord(t.word(k)) && !isWordToken(lw) {
			return -1
		}
	}
	return -1
}

// roleBefore reports whether a role noun governs the name starting at
// token a: "A spokesman for the Pentagon", so that an appositive name
// after it is who speaks.
func (at *attributor) roleBefore(a, lo int) bool {
	t := at.t
	k := a - 1
	if k >= lo && determiners[t.lower(k)] {
		k--
	}
	if k < lo || !complements[t.lower(k)] {
		return false
	}
	for j := k - 1; j >= lo && j >= k-3; j-- {
		if roleNouns[t.lower(j)] {
			return true
		}
	}
	return false
}

// More words for the noun-phrase heuristics (see text.go): heads of
// descriptions of sources, organisation words, titles and a cue.
func init() {
	for _, w := range []string{"friend", "friends", "relative", "relatives", "colleague", "colleagues", "neighbor", "neighbors",
		"neighbour", "neighbours", "bystander", "bystanders", "passenger", "passengers", "driver", "mother", "father", "wife",
		"husband", "son", "daughter", "sister", "brother", "strategist", "strategists", "negotiator", "consultant",
		"demonstrator", "demonstrators", "authorities", "regulator", "regulators", "inspector", "inspectors", "farmers",
		"nurses", "investigator", "manager", "lawyer", "police", "staff", "employee", "employees", "fan", "fans", "member",
		"members", "lawmaker", "lawmakers", "legislator", "legislators", "official", "insider", "insiders", "person",
		"graduate", "veteran", "widow", "mourner", "mourners", "shopper", "shoppers", "customer", "customers", "patient",
		"patients", "athlete", "star", "singer", "rapper", "actor", "actress", "host", "candidate", "spokesman", "executive",
		"chief", "president", "teenager", "girl", "boy", "pilot", "soldier", "soldiers", "commentator", "economists"} {
		roleNouns[w] = true
	}
	for _, w := range []string{"carmaker", "automaker", "airline", "lender", "retailer", "insurer", "manufacturer", "producer",
		"operator", "startup", "chain", "brand", "label", "studio", "publisher", "outlet", "broadcaster", "nonprofit",
		"organization", "research", "company", "conglomerate", "giant", "exchange", "utility", "clinic", "plant", "league"} {
		groupNouns[w] = true
	}
	for _, w := range []string{"book", "memoir", "biography", "indictment", "lawsuit", "poll", "data", "figures", "filing",
		"complaint", "affidavit"} {
		docNouns[w] = true
	}
	for _, w := range []string{"motors", "energy", "health", "healthcare", "labs", "lab", "foods", "shipping", "co", "co.", "capital",
		"partners", "holdings", "systems", "technologies", "pharmaceuticals", "pharma", "media", "industries", "airways",
		"petroleum", "oil", "steel", "telecom", "insurance", "electric", "power", "brands", "solutions", "ventures",
		"studios", "entertainment", "institution", "institutions", "organisation", "plc", "ag", "gmbh", "sa", "nv"} {
		orgWords[w] = true
	}
	for _, w := range []string{"goalkeeper", "striker", "midfielder", "defender", "quarterback", "pitcher", "manager",
		"prosecutor", "singer", "rapper", "actor", "actress", "chef", "author", "historian", "economist", "analyst",
		"physician", "nurse", "pastor", "cleric", "activist", "lawyer", "attorney", "spokesman", "spokeswoman",
		"spokesperson", "negotiator", "founder", "executive", "ceo", "assemblyman", "assemblywoman", "congressman",
		"congresswoman", "councilman", "councilwoman"} {
		titles[w] = true
	}
}

// verbOnly reports whether a cue word can only be a verb ("said", "warned"),
// so that a cue word after it is its object ("said demand had weakened"),
// not a verb it is the noun of ("the state report said").
func verbOnly(lw string) bool {
	switch lw {
	case "said", "says", "told", "tells", "wrote", "writes", "spoke", "added", "adds":
		return true
	}
	return strings.HasSuffix(lw, "ed") && lw != "need" && lw != "feed"
}

// startsSentence reports whether token k opens its sentence.
func (at *attributor) startsSentence(k int) bool {
	t := at.t
	return t.sentenceStart(0, t.toks[k].Start) == t.toks[k].Start
}

// issuing verbs put out a text: "X issued a statement saying …" is X's.
var issuing = set("issued", "released", "sent", "posted", "published", "wrote", "signed", "filed", "tweeted", "put")
