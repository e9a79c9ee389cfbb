package suggest

import (
	"strings"

	"spanbench/annot"
)

// Coreference for sources, kept simple enough to explain in a reason: a
// pronoun or a definite description refers to the first compatible mention
// of the nearest sentence before it that has one (a sentence's subject
// comes before its objects), at most corefSentences sentences back.

// corefSentences is how many sentences before a source its antecedent may be.
const corefSentences = 3

// Common given names with their usual gender, for he and she; a title
// (Mr., Mrs.) or an earlier pronoun says more, and a name not listed is
// compatible with both.
var (
	femaleNames = set("mary", "maria", "marie", "anna", "ana", "anne", "elizabeth", "sarah", "sara", "laura", "lisa", "emma",
		"emily", "jennifer", "jessica", "karen", "kathy", "katherine", "catherine", "nancy", "linda", "susan", "margaret",
		"helen", "ellen", "amy", "julia", "julie", "claire", "clara", "sophie", "sofia", "sophia", "olivia", "hannah",
		"ingrid", "greta", "marta", "martha", "nadia", "priya", "lucia", "lucy", "elena", "ines", "inés", "isabel",
		"joanna", "johanna", "ilhan", "gwen", "kamala", "hillary", "nicola", "angela", "ursula", "giorgia", "marine",
		"taylor", "ines", "rachel", "rebecca", "michelle", "melissa", "nicole", "natalia", "natalie", "olga", "irina",
		"tatiana", "fatima", "aisha", "amina", "leila", "layla", "mei", "yuki", "keiko", "ana", "carmen", "rosa",
		"paula", "patricia", "barbara", "diana", "victoria", "alice", "charlotte", "amelia", "grace", "chloe", "zoe",
		"eva", "ewa", "agnieszka", "katarzyna", "magdalena", "monika", "petra", "jana", "lena", "lea", "mia", "nina",
		"alexandria", "nikki", "kristi", "elise", "elisa", "francesca", "giulia", "chiara", "beatriz", "camila",
		"valentina", "gabriela", "daniela", "mariana", "amanda", "andrea", "heather", "megan", "ashley", "stephanie",
		"janet", "joan", "judith", "ruth", "sharon", "deborah", "donna", "carol", "christine", "kate", "lindsey")
	maleNames = set("john", "james", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles",
		"daniel", "matthew", "mark", "paul", "peter", "pieter", "george", "steven", "stephen", "andrew", "kevin",
		"brian", "edward", "tom", "tomás", "tomas", "tomasz", "jonas", "juan", "jose", "josé", "carlos", "luis",
		"rafael", "pedro", "paulo", "antonio", "marco", "mario", "luca", "giovanni", "pierre", "jean", "jacques",
		"hans", "karl", "carl", "klaus", "jürgen", "sergei", "sergey", "vladimir", "dmitry", "ivan", "yuri", "oleksandr",
		"volodymyr", "ahmed", "ahmad", "mohammed", "muhammad", "omar", "ali", "hassan", "hussein", "jamal", "ravi",
		"rahul", "raj", "vedant", "wei", "hiroshi", "kenji", "lloyd", "antony", "anthony", "chuck", "bernie",
		"joe", "donald", "barack", "bill", "jason", "ben", "benjamin", "brandon", "philip", "phillip", "chris",
		"christopher", "patrick", "sean", "ryan", "jake", "jack", "harry", "henry", "oliver", "noah", "liam", "lucas",
		"martin", "erik", "eric", "lars", "nils", "olaf", "emmanuel", "olaf", "friedrich", "boris", "keir", "rishi",
		"justin", "narendra", "xi", "recep", "viktor", "victor", "jair", "luiz", "gustavo", "alejandro", "miguel",
		"javier", "diego", "fernando", "francisco", "manuel", "jorge", "alberto", "roberto", "ricardo", "eduardo",
		"tim", "timothy", "greg", "gregory", "gary", "larry", "frank", "scott", "eric", "jeff", "jeffrey", "ron",
		"ronald", "kenneth", "adam", "alex", "alexander", "nick", "nicholas", "sam", "samuel", "simon", "adrian")
	// gendered heads of descriptions: "the mother of three", "her husband".
	femaleHeads = set("mother", "wife", "woman", "daughter", "sister", "girl", "grandmother", "widow", "actress", "chairwoman",
		"spokeswoman", "businesswoman", "congresswoman", "queen", "princess")
	maleHeads = set("father", "husband", "man", "son", "brother", "boy", "grandfather", "widower", "actor", "chairman",
		"spokesman", "businessman", "congressman", "king", "prince")
)

// genderOfName guesses the gender of a name from its first word.
func genderOfName(first string) byte {
	switch lw := strings.ToLower(first); {
	case femaleNames[lw]:
		return 'f'
	case maleNames[lw]:
		return 'm'
	}
	return 0
}

// plural reports whether a mention names a group of people: its last word a
// role or group noun in the plural ("officials", "Regulators", "police").
func (at *attributor) plural(m mention) bool {
	if m.pronoun == "they" {
		return true
	}
	if m.pronoun != "" {
		return false
	}
	txt := strings.ToLower(at.t.ix.Slice(m.start, m.end))
	w := txt
	if i := strings.LastIndexAny(txt, " -"); i >= 0 {
		if m.head == "" {
			return false // a name of several words: "Northwind Airlines"
		}
		w = txt[i+1:]
	}
	switch w {
	case "police", "people", "authorities", "staff", "crew", "military":
		return true
	}
	return strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && (roleNouns[w] || roleNouns[strings.TrimSuffix(w, "s")] ||
		groupNouns[strings.TrimSuffix(w, "s")] || strings.HasSuffix(w, "ers") || strings.HasSuffix(w, "ists") || strings.HasSuffix(w, "ants"))
}

// antecedent returns the mention pos refers back to: in the sentence holding
// pos and then each sentence before it (at most corefSentences back, within
// 3,000 code points), the first mention that ok accepts, ending before pos
// and outside quotation marks (or inside top). extra, when set, adds
// candidates found in a sentence's words.
func (at *attributor) antecedent(pos, top int, ok func(mention) bool, extra func(lo, hi int) []mention) *mention {
	t := at.t
	sents := t.ix.Sentences()
	si := t.sentenceAt(pos)
	hi := pos
	for n := 0; n <= corefSentences; n++ {
		lo := 0
		if si >= 0 {
			lo = sents[si].Start
		}
		if pos-lo > 3000 {
			lo = pos - 3000
		}
		var best *mention
		at.mentionsBefore(hi, func(c mention) bool {
			if c.start < lo {
				return false
			}
			if c.end > pos || c.quote >= 0 && c.quote != top || c.pronoun != "" || !ok(c) {
				return true
			}
			if best == nil || c.start <= best.start {
				cc := c
				best = &cc
			}
			return true
		})
		if extra != nil {
			for _, c := range extra(lo, hi) {
				if q := at.markedQuoteAt(c.start); c.end <= pos && (q < 0 || q == top) && ok(c) && (best == nil || c.start < best.start) {
					cc := c
					best = &cc
				}
			}
		}
		if best != nil {
			return best
		}
		if si < 0 || lo <= 0 || pos-lo >= 3000 {
			return nil
		}
		hi, si = lo, si-1
	}
	return nil
}

// markedQuoteAt returns the top-level quote in quotation marks around pos,
// or -1. Quotes without marks (reported speech the coder tagged) do not
// hide the names in them.
func (at *attributor) markedQuoteAt(pos int) int {
	q := at.topQuoteAt(pos)
	if q >= 0 && !isQuoteRune(at.t.at(at.quotes[q].open)) {
		return -1
	}
	return q
}

// nounMentions returns descriptions of people or organisations in tokens
// [lo, hi): noun phrases headed by a role or group noun ("Regulators", "the
// city council"), candidates for they and it that are not names.
func (at *attributor) nounMentions(lo, hi int) []mention {
	t := at.t
	a, b := t.tokRange(lo, hi)
	var out []mention
	for k := a; k < b; k++ {
		lw := t.lower(k)
		if !isKnownHead(lw) || docNouns[lw] || k+1 < b && isKnownHead(t.lower(k+1)) && lowerWord(t.word(k+1)) {
			continue
		}
		if capWord(t.word(k)) && k > a && t.word(k-1) != "." {
			continue // a capitalised word inside a sentence is a name's
		}
		s, _, ok := at.backwardNP(k, a)
		if !ok || capWord(t.word(k)) && s != k {
			s = k
		}
		m := mention{start: t.toks[s].Start, end: t.toks[k].End, quote: -1, head: strings.TrimSuffix(lw, "s"), label: annot.LabelPerson}
		if groupNouns[lw] || groupNouns[strings.TrimSuffix(lw, "s")] {
			m.label = annot.LabelOrg
		}
		if s-2 >= a && t.word(s-1) == "," && (capWord(t.word(s-2)) || isAcronym(t.word(s-2))) {
			// "Fingrid, the Finnish grid operator,": the name it describes.
			n := at.nameRunBack(s-2, a)
			m.start, m.end, m.head = t.toks[n].Start, t.toks[s-2].End, ""
		}
		out = append(out, m)
	}
	return out
}

// descriptionKind says how a description refers: "definite" ("the
// company", "the 34-year-old", "Obama’s former strategist") refers back to
// someone named before; "new" ("a friend", "sources", "her lawyer")
// introduces someone else.
func (at *attributor) descriptionKind(m mention) string {
	t := at.t
	a := t.ix.TokenAt(m.start)
	first := t.lower(a)
	switch {
	case first == "the" || first == "this" || first == "that":
		return "definite"
	case capWord(t.word(a)) && a+1 < len(t.toks) && (t.word(a+1) == "’s" || t.word(a+1) == "'s"):
		return "definite" // Obama’s former campaign strategist
	}
	return "new"
}

// resolveIn resolves a speaker found inside top-level quote top (-1:
// outside quotes): a pronoun or a definite description is kept as the
// source and the name it refers to becomes the speaker; a surname refers to
// the full name said before. Mentions inside other quotes are never
// antecedents.
func (at *attributor) resolveIn(top int, a *attribution) {
	m := a.speaker
	if a.source != nil {
		return // resolved already (a quote continuing another)
	}
	src := *m
	a.source = &src
	defer func() {
		if a.speaker != nil && a.speaker.head == "" && a.speaker.pronoun == "" {
			at.sources = append(at.sources, *a.speaker)
		}
	}()
	found := func(r *mention, what string) {
		a.speaker = r
		a.how += " + " + what + " → " + at.t.ix.Slice(r.start, r.end)
		a.conf -= 0.05
	}
	switch {
	case m.pronoun != "":
		var ok func(mention) bool
		var extra func(lo, hi int) []mention
		switch m.pronoun {
		case "he", "she":
			gender := byte('m')
			if m.pronoun == "she" {
				gender = 'f'
			}
			a.source.label = annot.LabelPerson
			r := at.personFor(m.start, top, gender, 0)
			if r != nil {
				if r.gender == 0 {
					at.setGender(*r, gender)
				}
				found(r, "'"+m.pronoun+"'")
				return
			}
		case "it":
			a.source.label = annot.LabelOrg
			ok = func(c mention) bool {
				return c.label == annot.LabelOrg && !at.plural(c) && (c.head == "" || groupNouns[c.head])
			}
			extra = at.nounMentions
		default: // they
			a.source.label = annot.LabelPerson
			ok = func(c mention) bool { return at.plural(c) || c.label == annot.LabelOrg && c.head == "" }
			extra = at.nounMentions
		}
		if ok != nil && m.pronoun != "he" && m.pronoun != "she" {
			if r := at.antecedent(m.start, top, ok, extra); r != nil {
				if m.pronoun == "they" {
					a.source.label = r.label
				}
				found(r, "'"+m.pronoun+"'")
				return
			}
		}
		a.speaker = a.source
		a.conf -= 0.25
		a.how += " + '" + m.pronoun + "'"
	case m.head != "" && at.descriptionKind(*m) == "definite":
		lw := strings.ToLower(at.t.ix.Slice(m.start, m.end))
		if docNouns[m.head] {
			if r := at.authorOf(m.head, m.start, top); r != nil {
				a.speaker = r
				a.how += " + '" + lw + "' by " + at.t.ix.Slice(r.start, r.end)
				a.conf -= 0.05
				return
			}
			a.how += " + " + strings.ToLower(m.label)
			a.conf -= 0.1
			return
		}
		if m.label == annot.LabelOrg {
			// "the office": the organisation called an office first.
			if r := at.antecedent(m.start, top, func(c mention) bool {
				return c.head == "" && c.label == annot.LabelOrg && strings.Contains(strings.ToLower(at.t.ix.Slice(c.start, c.end)), m.head)
			}, nil); r != nil {
				found(r, "'"+lw+"'")
				return
			}
			// An organisation already quoted is taken up first (the
			// report's author, then "the think tank"); then one not named
			// as a possessor ("the Taliban’s claims"): a description takes
			// up the subject talked of, not an owner.
			org := func(c mention) bool { return c.head == "" && c.label == annot.LabelOrg }
			if r := at.antecedent(m.start, top, func(c mention) bool { return org(c) && at.wasSource(c) }, nil); r != nil {
				found(r, "'"+lw+"'")
				return
			}
			if r := at.antecedent(m.start, top, func(c mention) bool { return org(c) && !at.possessor(c) }, nil); r != nil {
				found(r, "'"+lw+"'")
				return
			}
			if r := at.antecedent(m.start, top, org, nil); r != nil {
				found(r, "'"+lw+"'")
				return
			}
		} else {
			var gender byte
			for _, w := range strings.Fields(lw) {
				if femaleHeads[w] {
					gender = 'f'
				} else if maleHeads[w] {
					gender = 'm'
				}
			}
			ok := func(c mention) bool {
				return c.head == "" && c.label == annot.LabelPerson && !at.plural(c) && (gender == 0 || c.gender == 0 || c.gender == gender)
			}
			// "the mayor": a person titled Mayor first.
			if r := at.antecedent(m.start, top, func(c mention) bool { return ok(c) && at.titledAs(c, m.head) }, nil); r != nil {
				found(r, "'"+lw+"'")
				return
			}
			if !at.plural(*m) {
				if r := at.antecedent(m.start, top, ok, nil); r != nil {
					found(r, "'"+lw+"'")
					return
				}
			}
		}
		a.speaker = a.source
		a.how += " + " + strings.ToLower(m.label)
		a.conf -= 0.1
	case m.head == "" && m.label == annot.LabelPerson:
		// "Lindqvist added": the full name said before.
		if r := at.lastMention(m.start, top, func(c mention) bool {
			return c.head == "" && c.pronoun == "" && c.label == annot.LabelPerson && at.endsWithName(c, *m)
		}); r != nil {
			found(r, "surname")
			return
		}
		a.speaker = a.source
		a.how += " + " + m.label
	default:
		a.speaker = a.source
		a.how += " + " + m.label
	}
}

// titledAs reports whether the words just before mention c are the title
// head ("Mayor Karen Bass" for "the mayor").
func (at *attributor) titledAs(c mention, head string) bool {
	t := at.t
	k := t.ix.TokenAt(c.start)
	for j := k - 1; j >= 0 && j >= k-3; j-- {
		lw := strings.TrimSuffix(t.lower(j), ".")
		if lw == head {
			return true
		}
		if !titles[lw] && !titles[lw+"."] && !capWord(t.word(j)) {
			return false
		}
	}
	return false
}

// endsWithName reports whether the name c ends with the shorter name m, a
// whole word: "Marta Lindqvist" and "Lindqvist".
func (at *attributor) endsWithName(c, m mention) bool {
	// "Charles Elliott III", "Cassius Clay Jr.": the surname before.
	for _, suf := range []string{" Jr.", " Sr.", " Jr", " Sr", " II", " III", " IV"} {
		if k := c.end - len([]rune(suf)); k > c.start && string(at.t.r[k:c.end]) == suf {
			c.end = k
			break
		}
	}
	n := m.end - m.start
	if c.end-c.start <= n+1 || !annot.IsSpace(at.t.r[c.end-n-1]) {
		return false
	}
	a, b := at.t.r[c.end-n:c.end], at.t.r[m.start:m.end]
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// personFor returns the person a he or she at pos refers to: the first
// person of the nearest sentence before it with one (a name, a surname
// said alone, or another he, his or him, which is resolved in turn, at
// most six deep).
func (at *attributor) personFor(pos, top int, gender byte, depth int) *mention {
	ok := func(c mention) bool {
		return c.label == annot.LabelPerson && c.head == "" && (c.gender == 0 || c.gender == gender) && !at.plural(c)
	}
	r := at.antecedent(pos, top, ok, func(lo, hi int) []mention { return at.personWords(lo, hi, gender) })
	switch {
	case r == nil:
		return nil
	case r.pronoun != "":
		if depth >= 6 {
			return nil
		}
		return at.personFor(r.start, top, gender, depth+1)
	case r.ref != nil:
		return r.ref
	}
	return r
}

// personWords returns, in tokens [lo, hi), the words that may refer to a
// person of the gender: he, his, him (or she, her), and a surname said
// alone ("Trump") after the full name ("Donald Trump").
func (at *attributor) personWords(lo, hi int, gender byte) []mention {
	t := at.t
	if at.surnames == nil {
		at.surnames = map[string]*mention{}
		for i := range at.mentions {
			m := &at.mentions[i]
			if m.label != annot.LabelPerson || m.head != "" || m.pronoun != "" {
				continue
			}
			txt := t.ix.Slice(m.start, m.end)
			if k := strings.LastIndexByte(txt, ' '); k > 0 {
				if _, dup := at.surnames[txt[k+1:]]; !dup {
					at.surnames[txt[k+1:]] = m
				}
			}
		}
	}
	a, b := t.tokRange(lo, hi)
	var out []mention
	for k := a; k < b; k++ {
		w := t.word(k)
		lw := t.lower(k)
		m := mention{start: t.toks[k].Start, end: t.toks[k].End, label: annot.LabelPerson, quote: -1}
		switch {
		case gender == 'm' && (lw == "he" || lw == "his" || lw == "him"), gender == 'f' && (lw == "she" || lw == "her" || lw == "hers"):
			m.pronoun, m.gender = lw, gender
		case capWord(w) && at.surnames[w] != nil && (k == a || !capWord(t.word(k-1))) && (k+1 >= b || !capWord(t.word(k+1))):
			full := at.surnames[w]
			if full.end > m.start {
				continue
			}
			m.ref, m.gender = full, full.gender
		default:
			continue
		}
		out = append(out, m)
	}
	return out
}

// possessor reports whether mention c is followed by a possessive ’s.
func (at *attributor) possessor(c mention) bool {
	if c.end+2 > at.t.ix.Len() {
		return false
	}
	after := at.t.ix.Slice(c.end, c.end+2)
	return after == "’s" || after == "'s"
}

// wasSource reports whether c names the speaker of an attribution resolved
// before.
func (at *attributor) wasSource(c mention) bool {
	for _, s := range at.sources {
		if s.start == c.start && s.end == c.end {
			return true
		}
	}
	return false
}
