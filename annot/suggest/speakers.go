package suggest

import (
	"slices"
	"sort"
	"strings"

	"spanbench/annot"
)

// mention is a stretch of text that names someone who can speak: a name, a
// pronoun or a description ("the report").
type mention struct {
	start, end int // code points
	label      string
	gender     byte   // 'm', 'f' or 0 when unknown
	id         string // the existing entity span it is, if any
	quote      int    // the top-level quote it is inside, or -1
	pronoun    string // "he", "she", "they", "it" for a pronoun
	head       string // head noun of a description ("report"), "" for a name
	// ref, for a candidate antecedent found in a sentence's words, is what
	// it stands for: the full name a surname is part of.
	ref *mention
}

// attribution is who said a quote and which words say so.
type attribution struct {
	cueStart, cueEnd int // the cue words; cueEnd == 0 when none
	// speaker is who said it: the name the source mention refers to.
	speaker *mention
	// source is the mention that names the speaker in the attribution
	// itself (a pronoun, a description, a surname); nil until resolved,
	// then speaker itself when it is the name.
	source *mention
	conf   float64
	how    string // for the reason: "cue 'said' + PERSON"
}

// attributor finds the cue and speaker of each quote of one document.
type attributor struct {
	t        *text
	lex      *Lexicon
	paras    []paragraph
	quotes   []quote
	top      []int     // top-level quotes, in order
	mentions []mention // names and entities in the text, sorted by start
	// added are the speakers found while attributing, sorted by start.
	// They are kept apart from mentions so that adding one, nearly always
	// after the last (quotes are attributed in order), costs no copying.
	added    []mention
	known    map[string]string   // entity text -> label (existing spans, gazetteer)
	attr     []attribution       // per quote
	notQuote []bool              // per quote: titles, scare quotes
	byLast   map[string][]int    // last token of a known name -> its lengths in tokens
	surnames map[string]*mention // last word of a person's full name -> the name
	// sources are the speakers of the attributions resolved so far, in
	// order: the organisations a description takes up first.
	sources []mention
}

// paraOf returns the index of the paragraph holding position pos.
func (at *attributor) paraOf(pos int) int {
	i := sort.Search(len(at.paras), func(i int) bool { return at.paras[i].End > pos })
	if i == len(at.paras) {
		i--
	}
	return i
}

// topQuoteAt returns the top-level quote whose marks enclose pos, or -1.
func (at *attributor) topQuoteAt(pos int) int {
	i := sort.Search(len(at.top), func(i int) bool { return at.quotes[at.top[i]].open > pos }) - 1
	if i >= 0 && pos <= at.quotes[at.top[i]].close {
		return at.top[i]
	}
	return -1
}

// containerBounds returns the stretch of text that frames quote q: the
// paragraph around position pos, or the piece of the enclosing quote.
func (at *attributor) containerBounds(q, pos int) (int, int) {
	if p := at.quotes[q].parent; p >= 0 {
		for _, f := range at.quotes[p].pieces {
			if pos >= f.Start && pos <= f.End {
				return f.Start, f.End
			}
		}
	}
	pa := at.paras[at.paraOf(pos)]
	return pa.Start, pa.End
}

// siblings returns, for each quote, the previous and next quote with the
// same parent, or -1.
func (at *attributor) siblings() (prev, next []int) {
	n := len(at.quotes)
	prev, next = make([]int, n), make([]int, n)
	last := map[int]int{}
	for i := range at.quotes {
		prev[i], next[i] = -1, -1
		if at.quotes[i].merged {
			continue
		}
		p := at.quotes[i].parent
		if j, ok := last[p]; ok {
			prev[i], next[j] = j, i
		}
		last[p] = i
	}
	return prev, next
}

// frames returns the text before quote q in its sentence [blo, open) and
// after it up to its sentence's end (close, ahi).
func (at *attributor) frames(q int, prev, next []int) (blo, ahi int) {
	qu := at.quotes[q]
	lo, _ := at.containerBounds(q, qu.open)
	if p := prev[q]; p >= 0 && at.quotes[p].close+1 > lo && at.quotes[p].close < qu.open {
		lo = at.quotes[p].close + 1
	}
	blo = at.t.sentenceStart(lo, qu.open)
	_, hi := at.containerBounds(q, qu.close)
	if n := next[q]; n >= 0 && at.quotes[n].open < hi && at.quotes[n].open > qu.close {
		hi = at.quotes[n].open
	}
	if qu.unclosed {
		return blo, qu.close
	}
	ahi = at.t.sentenceEnd(qu.close+1, hi)
	return blo, ahi
}

// attributeAll finds cue and speaker for every quote, in document order,
// merging a quote interrupted by its cue ("…,” he said, “…") into one.
func (at *attributor) attributeAll(check func() bool) bool {
	at.attr = make([]attribution, len(at.quotes))
	at.notQuote = make([]bool, len(at.quotes))
	for i := range at.mentions {
		m := &at.mentions[i]
		m.quote = at.markedQuoteAt(m.start)
		if m.gender == 0 && m.label == annot.LabelPerson {
			m.gender = genderOfName(at.t.word(at.t.ix.TokenAt(m.start)))
		}
	}
	prev, next := at.siblings()
	// Merge interrupted quotes first, so frames see whole quotes. Parts a
	// saved quote claims are merged whatever stands between them; parts
	// saved apart, or one saved and one not, are left apart.
	for i := range at.quotes {
		n := next[i]
		if n < 0 || at.quotes[i].merged || at.quotes[i].existing != at.quotes[n].existing {
			continue
		}
		attr, ok := at.interruption(i, n)
		if !ok && at.quotes[i].existing == "" {
			continue
		}
		b := at.quotes[n]
		at.quotes[i].pieces = append(at.quotes[i].pieces, b.pieces...)
		at.quotes[i].trimmed = append(at.quotes[i].trimmed, b.trimmed...)
		at.quotes[i].close = b.close
		at.quotes[n].merged = true
		if ok {
			attr.how += ", interrupted"
			at.attr[i] = attr
		}
		// The quote after n is now i's next sibling.
		next[i] = next[n]
		if next[n] >= 0 {
			prev[next[n]] = i
		}
	}
	var lastSpoken = -1 // the last attributed top-level quote
	for i := range at.quotes {
		if i%64 == 0 && !check() {
			return false
		}
		q := at.quotes[i]
		if q.merged {
			continue
		}
		blo, ahi := at.frames(i, prev, next)
		if at.titleBefore(blo, q.open) {
			at.notQuote[i] = true
			continue
		}
		if at.attr[i].speaker == nil {
			if a, ok := at.cueAfter(q.close+1, ahi); ok && !q.unclosed {
				at.attr[i] = a
			} else if a, ok := at.cueBefore(blo, q.open); ok {
				at.attr[i] = a
			} else if a, ok := at.colonSubject(blo, q.open); ok {
				at.attr[i] = a
			} else if p := prev[i]; p >= 0 && at.attr[p].speaker != nil && at.paraOf(at.quotes[p].close) == at.paraOf(q.open) {
				at.attr[i] = attribution{speaker: at.attr[p].speaker, source: at.attr[p].source, conf: 0.65, how: "continues the previous quote"}
			} else if q.parent < 0 && lastSpoken >= 0 && at.attr[lastSpoken].speaker != nil &&
				at.paraOf(q.open) == at.paraOf(at.quotes[lastSpoken].close)+1 && at.startsParagraph(q.open) {
				at.attr[i] = attribution{speaker: at.attr[lastSpoken].speaker, source: at.attr[lastSpoken].source, conf: 0.6, how: "continues the previous paragraph's quote"}
			} else if m := at.nearestPerson(i, q.open); m != nil {
				at.attr[i] = attribution{speaker: m, conf: 0.5, how: "nearest person before"}
			}
		}
		if s := at.attr[i].speaker; s != nil {
			at.resolve(i, &at.attr[i])
			if at.attr[i].speaker.quote < 0 || at.attr[i].speaker.quote == at.topQuoteAt(q.open) {
				at.addMention(*at.attr[i].speaker)
			}
			if src := at.attr[i].source; src != nil && src.pronoun == "" && src != at.attr[i].speaker && src.quote < 0 {
				at.addMention(*src) // "Patel said", "Farmers said": for a later "he", "they"
			}
		}
		if q.parent < 0 && at.attr[i].speaker != nil {
			lastSpoken = i
		}
	}
	return true
}

// interruption returns the attribution of quote i when the words between it
// and quote n, its next sibling, are a cue with its speaker that interrupts
// one quote: "…,” he said, “…". The first part must not end a sentence and
// the cue must end with a comma or a dash.
func (at *attributor) interruption(i, n int) (attribution, bool) {
	t := at.t
	a, b := at.quotes[i], at.quotes[n]
	if a.unclosed || b.unclosed {
		return attribution{}, false
	}
	mid0, mid1 := a.close+1, b.open
	if at.paraOf(mid0) != at.paraOf(mid1) || mid1-mid0 > 300 {
		return attribution{}, false
	}
	last := a.pieces[len(a.pieces)-1]
	ce := last.End
	for ce > last.Start && annot.IsSpace(t.r[ce-1]) {
		ce--
	}
	if ce == last.Start || strings.ContainsRune(".!?", t.r[ce-1]) {
		return attribution{}, false
	}
	me := mid1
	for me > mid0 && annot.IsSpace(t.r[me-1]) {
		me--
	}
	if me == mid0 || !strings.ContainsRune(",–—", t.r[me-1]) || t.sentenceEnd(mid0, me) < me {
		return attribution{}, false
	}
	return at.cueAfter(mid0, me)
}

// startsParagraph reports whether the opening mark at pos begins its paragraph.
func (at *attributor) startsParagraph(pos int) bool {
	return at.paras[at.paraOf(pos)].Start == pos
}

// titleBefore reports whether the words just before an opening mark say the
// marks hold a title, a term or a scare quote: the so-called “…”, the
// documentary “…”.
func (at *attributor) titleBefore(lo, open int) bool {
	t := at.t
	a, b := t.tokRange(lo, open)
	n := 0
	for k := b - 1; k >= a && n < 3; k-- {
		lw := t.lower(k)
		if notQuoteBefore[lw] {
			return true
		}
		if lw == "-" || lw == "," {
			continue
		}
		if lw == "called" && k-2 >= a && t.lower(k-1) == "-" && t.lower(k-2) == "so" {
			return true
		}
		if !determiners[lw] && !lowerWord(t.word(k)) {
			return false
		}
		n++
	}
	return false
}

// cueAt returns the length in tokens of a cue at token k, 0 when there is
// none: a lexicon word that is a verb here (not "the report", not "to
// comment", not a capitalised "State").
func (at *attributor) cueAt(k, lo int) int {
	t := at.t
	n := at.lex.matchAt(t, k)
	if n == 0 {
		return 0
	}
	if capWord(t.word(k)) && n == 1 && !(verbOnly(t.lower(k)) && at.startsSentence(k) && k+1 < len(t.toks) && capWord(t.word(k+1))) {
		return 0 // "State", not "Said Dorothy Poynter, …"
	}
	if n == 1 && k+1 < len(t.toks) && at.lex.matchAt(t, k+1) > 0 && !capWord(t.word(k+1)) && !verbOnly(t.lower(k)) {
		return 0 // "the state report said": the noun before the verb
	}
	if k-1 >= lo {
		p := t.lower(k - 1)
		if determiners[p] || p == "to" || strings.HasSuffix(p, "’s") || strings.HasSuffix(p, "'s") {
			return 0
		}
	}
	return n
}

// cueAfter looks right after a closing mark, in [lo, hi), for "Patel said",
// "said Patel", "he added", "part of the report reads", "according to X".
func (at *attributor) cueAfter(lo, hi int) (attribution, bool) {
	t := at.t
	a, b := t.tokRange(lo, hi)
	for a < b && (t.word(a) == "," || t.word(a) == "–" || t.word(a) == "—") {
		a++
	}
	if a >= b {
		return attribution{}, false
	}
	if n := at.cueAt(a, a); n > 0 {
		na, nb, ok := at.forwardNP(a+n, b)
		if !ok {
			return attribution{}, false
		}
		m, ok := at.mentionIn(na, nb)
		if !ok {
			return attribution{}, false
		}
		return at.attribution(a, n, m, 0.9), true
	}
	for k := a + 1; k < b && k < a+30; k++ {
		if w := t.word(k); w == ";" || w == "." && !t.abbrevBefore(t.toks[k].Start) {
			break
		}
		n := at.cueAt(k, a)
		if n == 0 {
			continue
		}
		sa, sb, ok := at.subjectBefore(k, a)
		if !ok {
			continue
		}
		if !at.anchored(a, sa) {
			continue
		}
		m, ok := at.mentionIn(sa, sb)
		if !ok {
			continue
		}
		return at.attribution(k, n, m, 0.9), true
	}
	return attribution{}, false
}

// anchored reports whether the subject found at token sa starts the
// after-frame at token a, allowing "part of", "one of" before it and an
// appositive name.
func (at *attributor) anchored(a, sa int) bool {
	if sa <= a {
		return true
	}
	t := at.t
	gap := sa - a
	if gap == 1 && determiners[t.lower(a)] { // "the World Health Organization said"
		return true
	}
	// "part of the report reads", "a spokeswoman for SkyBridge Airways said"
	if p := t.lower(sa - 1); gap <= 4 && (p == "of" || p == "from" || p == "for" || p == "at") {
		for k := a; k < sa-1; k++ {
			if !lowerWord(t.word(k)) && !determiners[t.lower(k)] {
				return false
			}
		}
		return true
	}
	// "panel Chairman Rep. Jason Chaffetz said": words that title the name.
	if gap <= 4 && at.hasName(sa, sa+1) {
		ok := true
		for k := a; k < sa && ok; k++ {
			lw := t.lower(k)
			ok = isWordToken(t.word(k)) && (lowerWord(t.word(k)) || k == a && determiners[lw]) && !clauseStops[lw] &&
				!at.lex.Has(lw) && !personalPronouns[lw]
		}
		if ok {
			return true
		}
	}
	// "The mayor, Sofia Andersson, said": the name is the appositive.
	for k := a; k < sa; k++ {
		if t.word(k) == "," {
			return k == sa-1
		}
	}
	return false
}

// cueBefore looks in the sentence before an opening mark, [lo, open), for
// the last cue with a subject: "Patel said: “", "X described Y as a “",
// "X says that … a “", "According to X, “".
func (at *attributor) cueBefore(lo, open int) (attribution, bool) {
	t := at.t
	a, b := t.tokRange(lo, open)
	for k := b - 1; k >= a; k-- {
		n := at.cueAt(k, a)
		if n == 0 || k+n > b {
			continue
		}
		if t.lower(k) == "according" {
			na, nb, ok := at.forwardNP(k+n, b)
			if !ok {
				continue
			}
			if m, ok := at.mentionIn(na, nb); ok {
				return at.attribution(k, n, m, 0.85), true
			}
			continue
		}
		if sa, sb, ok := at.subjectBefore(k, a); ok {
			if m, ok := at.mentionIn(sa, sb); ok {
				conf := 0.9
				if b-(k+n) > 12 {
					conf = 0.8 // far from the quote: reported speech with a quoted phrase
				}
				return at.attribution(k, n, m, conf), true
			}
		}
		// "said Patel: “…”"
		if na, nb, ok := at.forwardNP(k+n, b); ok && nb < b && (t.word(nb) == ":" || t.word(nb) == ",") {
			if m, ok := at.mentionIn(na, nb); ok && m.pronoun == "" && m.head == "" {
				return at.attribution(k, n, m, 0.85), true
			}
		}
	}
	return attribution{}, false
}

// colonSubject attributes a quote introduced by a colon without a cue verb
// ("Her deputy, Erik Holm, struck a more cautious note: “…”") to the
// subject of the sentence.
func (at *attributor) colonSubject(lo, open int) (attribution, bool) {
	t := at.t
	a, b := t.tokRange(lo, open)
	if b-a < 2 || t.word(b-1) != ":" {
		return attribution{}, false
	}
	na, nb, ok := at.forwardNP(a, b)
	if !ok {
		return attribution{}, false
	}
	if nb+1 < b && t.word(nb) == "," {
		// An appositive name after the subject.
		if xa, xb, ok := at.forwardNP(nb+1, b); ok && xb < b && t.word(xb) == "," {
			if m, ok := at.mentionIn(xa, xb); ok && m.head == "" && m.pronoun == "" {
				return attribution{speaker: &m, conf: 0.7, how: "subject before ':'"}, true
			}
		}
	}
	m, ok := at.mentionIn(na, nb)
	if !ok {
		return attribution{}, false
	}
	return attribution{speaker: &m, conf: 0.7, how: "subject before ':'"}, true
}

// nearestPerson returns the last person named before a quote in its
// paragraph, outside quotes, for a quote with no cue at all.
func (at *attributor) nearestPerson(q, pos int) *mention {
	if at.quotes[q].parent >= 0 {
		return nil
	}
	pa := at.paras[at.paraOf(pos)]
	var found *mention
	at.mentionsBefore(pos, func(m mention) bool {
		if m.start < pa.Start {
			return false
		}
		if m.label == annot.LabelPerson && m.quote < 0 && m.pronoun == "" && m.head == "" {
			mm := m
			found = &mm
			return false
		}
		return true
	})
	return found
}

// mentionsBefore calls f with the mentions and added speakers that start
// before pos, nearest first (at one start, mentions before speakers), until
// f returns false.
func (at *attributor) mentionsBefore(pos int, f func(m mention) bool) {
	before := func(ms []mention) int {
		return sort.Search(len(ms), func(i int) bool { return ms[i].start >= pos }) - 1
	}
	i, j := before(at.mentions), before(at.added)
	for i >= 0 || j >= 0 {
		var m mention
		if j < 0 || i >= 0 && at.mentions[i].start >= at.added[j].start {
			m, i = at.mentions[i], i-1
		} else {
			m, j = at.added[j], j-1
		}
		if !f(m) {
			return
		}
	}
}

func (at *attributor) attribution(k, n int, m mention, conf float64) attribution {
	t := at.t
	cue := strings.ToLower(t.ix.Slice(t.toks[k].Start, t.toks[k+n-1].End))
	return attribution{cueStart: t.toks[k].Start, cueEnd: t.toks[k+n-1].End, speaker: &m, conf: conf,
		how: "cue '" + cue + "'"}
}

// subjectBefore finds the subject of the cue at token k, no further back
// than token lo: "Patel said", "Vedant Patel, the deputy spokesperson,
// said", "the report reads", "The mayor, Sofia Andersson, wrote". It
// returns the tokens [a, b) of the noun phrase.
func (at *attributor) subjectBefore(k, lo int) (int, int, bool) {
	t := at.t
	j := k - 1
	for j >= lo && skipBack[t.lower(j)] {
		j--
	}
	if j < lo {
		return 0, 0, false
	}
	if t.lower(j) == "and" && j-1 >= lo {
		// "The inspector looked at me and said": the subject of the clause.
		for s := lo; s < j; s++ {
			if a, b, ok := at.forwardNP(s, j); ok {
				return a, b, true
			}
			if t.word(s) != "," && !capStops[t.lower(s)] {
				break
			}
		}
		return 0, 0, false
	}
	if t.word(j) != "," {
		a, b, ok := at.backwardNP(j, lo)
		if ok && a-2 >= lo && issuing[t.lower(a-1)] && (t.lower(a) == "a" || t.lower(a) == "an") && docNouns[t.lower(b-1)] {
			// "Trump and Ryan issued a statement describing": who issued it.
			if xa, xb, ok := at.backwardNP(a-2, lo); ok {
				return xa, xb, true
			}
		}
		return a, b, ok
	}
	c2 := j
	for tries := 0; tries < 3; tries++ {
		c1 := c2 - 1
		for c1 >= lo && t.word(c1) != "," {
			c1--
		}
		if c1 < lo {
			return 0, 0, false
		}
		if xa, xb, ok := at.backwardNP(c1-1, lo); ok && xb == c1 {
			if !at.hasName(xa, xb) || at.roleBefore(xa, lo) {
				if pa, pb, ok := at.forwardNP(c1+1, c2); ok && pb == c2 && at.hasName(pa, pb) {
					return pa, pb, true
				}
			}
			return xa, xb, true
		}
		c2 = c1
	}
	return 0, 0, false
}

// hasName reports whether tokens [a, b) hold a capitalised name.
func (at *attributor) hasName(a, b int) bool {
	ra, rb := at.lastNameRun(a, b)
	return rb > ra
}

var personalPronouns = set("he", "she", "they", "it", "we", "i", "you")

// backwardNP returns the noun phrase that ends with token j, starting no
// earlier than token lo.
func (at *attributor) backwardNP(j, lo int) (int, int, bool) {
	t := at.t
	if j < lo {
		return 0, 0, false
	}
	w := t.word(j)
	lw := strings.ToLower(w)
	if w == ")" {
		d := j - 1
		for d >= lo && t.word(d) != "(" {
			d--
		}
		if d <= lo {
			return 0, 0, false
		}
		// "Rep. Gwen Moore (D-Wis.)": the affiliation is not the name.
		return at.backwardNP(d-1, lo)
	}
	if personalPronouns[lw] {
		return j, j + 1, true
	}
	if (capWord(w) || isAcronym(w)) && (!capStops[lw] || isAcronym(w) && len(w) > 2) && !calendar[lw] {
		k := at.nameRunBack(j, lo)
		return k, j + 1, true
	}
	if uncased(w) {
		if a := at.knownEndingAt(j, lo); a >= 0 {
			return a, j + 1, true
		}
		return at.uncasedRun(j, lo), j + 1, true
	}
	if !lowerWord(w) && !isWordToken(w) || clauseStops[lw] {
		return 0, 0, false
	}
	if !isKnownHead(lw) && !yearOld(t, j) {
		// "people familiar with the matter", "the mother of three": the
		// head before a short complement.
		h := at.headBefore(j, lo)
		if h < 0 {
			return 0, 0, false
		}
		a, _, ok := at.backwardNP(h, lo)
		return a, j + 1, ok
	}
	k, n := j, 0
	for k-1 >= lo && n < 7 {
		p := t.word(k - 1)
		lp := strings.ToLower(p)
		if determiners[lp] {
			k--
			break
		}
		if p == "-" && t.adjacent(k-2) && t.adjacent(k-1) || isWordToken(p) && !clauseStops[lp] && !personalPronouns[lp] && !capStops[lp] ||
			(p == "’s" || p == "'s") {
			k--
			n++
			continue
		}
		break
	}
	return k, j + 1, true
}

// nameRunBack returns the first token of the capitalised name that ends
// with token j: "Institute for the Study of War", "Mr. Patel",
// "Transport Workers’ Union", "State-Khorasan".
func (at *attributor) nameRunBack(j, lo int) int {
	t := at.t
	k := j
	for k-1 >= lo {
		p := t.word(k - 1)
		lp := strings.ToLower(p)
		switch {
		case p == "." && k-2 >= lo && t.adjacent(k-2) && annot.IsAbbrev(t.word(k-2)):
			k -= 2
		case (capWord(p) || isAcronym(p)) && !capStops[lp] && !calendar[lp]:
			k--
		case connectors[lp] && !(lp == "the" && k-2 >= lo && !connectors[t.lower(k-2)] && !capWord(t.word(k-2))) &&
			(k-2 >= lo && capWord(t.word(k-2)) || k-3 >= lo && connectors[t.lower(k-2)] && capWord(t.word(k-3))):
			k--
		case (p == "-" || p == "’" || p == "'") && t.adjacent(k-2) && (p == "-" && t.adjacent(k-1) || p != "-") && k-2 >= lo && capWord(t.word(k-2)):
			k--
		default:
			return at.splitAnd(at.trimConnectors(k, j+1), j+1)
		}
	}
	return at.splitAnd(at.trimConnectors(k, j+1), j+1)
}

// splitAnd keeps, of a run "Tom Hale and Ines Marquez", the part after the
// last "and": two people, not one name. An organisation keeps its "and"
// ("Department of Health and Human Services").
func (at *attributor) splitAnd(a, b int) int {
	if orgRun(at.t, a, b) {
		return a
	}
	for k := b - 1; k > a; k-- {
		if w := at.t.lower(k); w == "and" || w == "&" {
			return k + 1
		}
	}
	return a
}

func (at *attributor) trimConnectors(a, b int) int {
	for a < b-1 && (connectors[at.t.lower(a)] || at.t.word(a) == "-") {
		a++
	}
	return a
}

func isKnownHead(lw string) bool {
	for _, w := range []string{lw, strings.TrimSuffix(lw, "s")} {
		if roleNouns[w] || docNouns[w] || groupNouns[w] {
			return true
		}
	}
	return false
}

// forwardNP returns the noun phrase that starts at token i, ending before
// token hi: "Tomás Ferreira", "festival director Ben Achterberg", "an
// internal memo from the rail authority", "the department".
func (at *attributor) forwardNP(i, hi int) (int, int, bool) {
	t := at.t
	if i >= hi {
		return 0, 0, false
	}
	lw := t.lower(i)
	if personalPronouns[lw] {
		return i, i + 1, true
	}
	if uncased(t.word(i)) {
		// "said 王毅": the letters written together.
		e := i
		for e+1 < hi && t.adjacent(e) && uncased(t.word(e+1)) && e-i < 8 {
			e++
		}
		return i, e + 1, true
	}
	k := i
	if determiners[lw] {
		k++
	}
	n, sawOf, lastCap, head := 0, false, false, false
	end := k
	for k < hi && n < 12 {
		w := t.word(k)
		lw := strings.ToLower(w)
		switch {
		case w == "." && lastCap && t.adjacent(k-1) && annot.IsAbbrev(t.word(k-1)) && k+1 < hi && capWord(t.word(k+1)):
		case (capWord(w) || isAcronym(w)) && !(capStops[lw] && k > i) && !calendar[lw]:
			lastCap = true
			end = k + 1
		case connectors[lw] && lastCap && k+1 < hi && (capWord(t.word(k+1)) || connectors[t.lower(k+1)] && k+2 < hi && capWord(t.word(k+2))):
		case (lw == "of" || lw == "for" || lw == "from") && !sawOf && end > i:
			sawOf, head = true, false
			lastCap = false
		case determiners[lw] && k > i && (t.lower(k-1) == "of" || t.lower(k-1) == "for" || t.lower(k-1) == "from"):
		case w == "-" && t.adjacent(k-1) && t.adjacent(k):
		case (w == "’" || w == "'") && t.adjacent(k-1) && lastCap:
		case (w == "’" || w == "'") && t.adjacent(k-1) && strings.HasSuffix(t.lower(k-1), "s") && at.nameAhead(k+1, hi):
			// "nurses’ union president Joanna Kowalska"
		case isWordToken(w) && lowerWord(w) && !clauseStops[lw] && !at.lex.Has(lw) && !personalPronouns[lw] && (!head || at.nameAhead(k, hi)):
			// A head noun ends the phrase unless a name follows the
			// words that title it: "union leader Anna de Vries".
			// After its head noun a phrase takes only a complement:
			// "The inspector looked" ends at "inspector".
			lastCap = false
			end = k + 1
			head = isKnownHead(lw)
		default:
			n = 99
			continue
		}
		k++
		n++
	}
	if end <= i || end == i+1 && determiners[lw] {
		return 0, 0, false
	}
	if !at.hasName(i, end) && !determiners[lw] && !isKnownHead(t.lower(end-1)) {
		return 0, 0, false
	}
	return i, end, true
}

// lastNameRun returns the last run of capitalised name tokens in [a, b),
// titles and a leading "The" left out; empty when there is none.
func (at *attributor) lastNameRun(a, b int) (int, int) {
	t := at.t
	for j := b - 1; j >= a; j-- {
		w := t.word(j)
		lw := strings.ToLower(w)
		if (capWord(w) || isAcronym(w)) && !capStops[lw] && !calendar[lw] {
			k := at.nameRunBack(j, a)
			return k, j + 1
		}
	}
	return 0, 0
}

// mentionIn turns the noun phrase [a, b) into the mention a SPEAKER
// relation should point at: the name in it (titles left out), a pronoun,
// or the phrase itself ("the report", "The inspector").
func (at *attributor) mentionIn(a, b int) (mention, bool) {
	t := at.t
	if b-a == 1 && pronouns[t.lower(a)] {
		return mention{start: t.toks[a].Start, end: t.toks[a].End, pronoun: t.lower(a), quote: -1}, true
	}
	if b-a == 1 && personalPronouns[t.lower(a)] {
		return mention{}, false // I, we, you: the writer or the reader
	}
	if uncased(t.word(b-1)) || at.knownEndingAt(b-1, a) >= 0 && !capWord(t.word(b-1)) {
		if m, ok := at.uncasedMention(b-1, a); ok {
			return m, true
		}
	}
	if ra, rb := at.lastNameRun(a, b); rb > ra && !at.modifierName(rb, b) {
		return at.nameMention(ra, rb), true
	}
	// A description: "the report", "an internal memo from the rail authority".
	m := mention{start: t.toks[a].Start, end: t.toks[b-1].End, quote: -1, label: annot.LabelPerson}
	head := ""
	for k := a; k < b; k++ {
		lw := t.lower(k)
		if lw == "of" || lw == "for" || lw == "from" || lw == "familiar" || lw == "close" || lw == "with" {
			break
		}
		if lw == "’s" || lw == "'s" || lw == "-" {
			continue
		}
		head = strings.TrimSuffix(lw, "’s")
	}
	if yearOld(t, b-1) {
		head = "old"
	}
	m.head = head
	switch {
	case docNouns[head] || groupNouns[head] || groupNouns[strings.TrimSuffix(head, "s")] || head == "police" || head == "authorities":
		m.label = annot.LabelOrg
	}
	if l, ok := at.known[at.t.ix.Slice(m.start, m.end)]; ok {
		m.label = l
	}
	return m, true
}

// nameMention makes a mention of the capitalised name run [a, b), leaving
// out titles ("Prime Minister", "Dr.", "Finance Minister") and guessing its
// label: ORG for organisation words and acronyms, PERSON for a titled name.
func (at *attributor) nameMention(a, b int) mention {
	t := at.t
	var gender byte
	titled := false
	org := orgRun(t, a, b)
	for a < b-1 && (titles[t.lower(a)] || t.word(a) == ".") {
		lw := t.lower(a)
		titled = titled || titles[lw]
		if male[lw] {
			gender = 'm'
		}
		if female[lw] {
			gender = 'f'
		}
		a++
	}
	// "Finance Minister Rafael Quintero", "House Oversight Committee
	// Chairman Rep. James Comer": the name follows the last title.
	for j := b - 2; j > a; j-- {
		if titles[t.lower(j)] {
			n := j + 1
			for n < b-1 && t.word(n) == "." {
				n++
			}
			if capWord(t.word(n)) && !connectors[t.lower(n)] && (!org || !orgRun(t, n, b)) {
				a, titled, org = n, true, false
			}
			break
		}
	}
	for a < b-1 && t.word(a) == "." {
		a++
	}
	if titled && !org {
		// "Rep. Tom Cole of Oklahoma": the state is not the name.
		for j := a + 1; j < b-1; j++ {
			if t.lower(j) == "of" {
				b = j
				break
			}
		}
	}
	if gender == 0 {
		gender = genderOfName(t.word(a))
	}
	m := mention{start: t.toks[a].Start, end: t.toks[b-1].End, gender: gender, quote: -1}
	text := t.ix.Slice(m.start, m.end)
	switch {
	case at.known[text] != "":
		m.label = at.known[text]
	case org:
		m.label = annot.LabelOrg
	case titled:
		m.label = annot.LabelPerson
	case placeRun(t, a, b):
		m.label = annot.LabelGPE
	default:
		m.label = annot.LabelPerson
	}
	return m
}

func orgRun(t *text, a, b int) bool {
	for k := a; k < b; k++ {
		w := t.word(k)
		lw := strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(w), "’s"), "'s")
		if orgWords[lw] || isAcronym(w) && w != "U.S" && w != "U.K" && strings.Trim(w, "IVX") != "" {
			return true
		}
	}
	return false
}

func placeRun(t *text, a, b int) bool {
	for k := a; k < b; k++ {
		if placeWords[t.lower(k)] {
			return true
		}
	}
	return false
}

// addMention records a speaker so later pronouns can resolve to it.
func (at *attributor) addMention(m mention) {
	for _, ms := range [][]mention{at.mentions, at.added} {
		i := sort.Search(len(ms), func(i int) bool { return ms[i].start >= m.start })
		if i < len(ms) && ms[i].start == m.start && ms[i].end == m.end {
			if ms[i].gender == 0 {
				ms[i].gender = m.gender
			}
			return
		}
	}
	i := sort.Search(len(at.added), func(i int) bool { return at.added[i].start >= m.start })
	at.added = slices.Insert(at.added, i, m)
}

// resolve replaces a pronoun or a description speaker by what it refers
// to: he and she by the last person named before them, they and it by the
// last organisation, "the office" by the last organisation called an
// office, "the report" by who wrote the report mentioned before.
func (at *attributor) resolve(q int, a *attribution) {
	top := at.topQuoteAt(at.quotes[q].open)
	if at.quotes[q].parent < 0 {
		top = -1
	}
	at.resolveIn(top, a)
}

func (at *attributor) setGender(m mention, g byte) {
	text := at.t.ix.Slice(m.start, m.end)
	for _, ms := range [][]mention{at.mentions, at.added} {
		for i := range ms {
			if ms[i].gender == 0 && at.t.ix.Slice(ms[i].start, ms[i].end) == text {
				ms[i].gender = g
			}
		}
	}
}

// lastMention returns the last mention before pos, within 3,000 code points,
// outside quotes (or inside top) that ok accepts.
func (at *attributor) lastMention(pos, top int, ok func(mention) bool) *mention {
	var found *mention
	at.mentionsBefore(pos, func(c mention) bool {
		if pos-c.start >= 3000 {
			return false
		}
		if c.end > pos || c.quote >= 0 && c.quote != top {
			return true
		}
		if ok(c) {
			cc := c // only the one found escapes
			found = &cc
			return false
		}
		return true
	})
	return found
}

// authorOf finds who wrote the document called noun, mentioned before pos:
// "a report by the Institute for the Study of War", "the council’s report".
func (at *attributor) authorOf(noun string, pos, top int) *mention {
	t := at.t
	end := t.ix.TokenAt(pos)
	for k := end - 1; k >= 0 && pos-t.toks[k].Start < 3000; k-- {
		lw := t.lower(k)
		if lw != noun && lw != noun+"s" {
			continue
		}
		// "report (published on Thursday) by X"
		for j := k + 1; j < end && j < k+8; j++ {
			w := t.lower(j)
			if w == "." || w == ";" {
				break
			}
			if w == "by" || w == "from" {
				if na, nb, ok := at.forwardNP(j+1, end); ok {
					if ra, rb := at.lastNameRun(na, nb); rb > ra {
						m := at.nameMention(at.firstNameRun(na, nb))
						if l := at.labelAt(m); l != "" {
							m.label = l
						}
						return &m
					}
				}
				break
			}
		}
		// "X’s report", "the X report"
		if k > 0 {
			p := t.word(k - 1)
			if strings.HasSuffix(p, "’s") || strings.HasSuffix(p, "'s") || capWord(p) {
				a := at.nameRunBack(k-1, max(0, k-8))
				if capWord(t.word(a)) {
					m := at.nameMention(a, k)
					if strings.HasSuffix(p, "’s") || strings.HasSuffix(p, "'s") {
						m.end -= 2 // the ’s
					}
					return &m
				}
			}
		}
	}
	return nil
}

// firstNameRun returns the first capitalised name run in [a, b).
func (at *attributor) firstNameRun(a, b int) (int, int) {
	t := at.t
	for k := a; k < b; k++ {
		w := t.word(k)
		if (capWord(w) || isAcronym(w)) && !capStops[strings.ToLower(w)] {
			j := k
			for j+1 < b {
				n := t.word(j + 1)
				ln := strings.ToLower(n)
				if capWord(n) || isAcronym(n) || connectors[ln] && j+2 < b && (capWord(t.word(j+2)) || connectors[t.lower(j+2)]) ||
					n == "-" && t.adjacent(j) || n == "." && t.adjacent(j) && annot.IsAbbrev(t.word(j)) ||
					(n == "’" || n == "'") && t.adjacent(j) && j+2 < b && capWord(t.word(j+2)) {
					j++
					continue
				}
				break
			}
			for j > k && connectors[t.lower(j)] {
				j--
			}
			if !orgRun(t, k, j+1) {
				for x := k + 1; x < j; x++ {
					if w := t.lower(x); w == "and" || w == "&" {
						return k, x
					}
				}
			}
			return k, j + 1
		}
	}
	return a, b
}

// labelAt returns the label the mention list gives the same text, if any.
func (at *attributor) labelAt(m mention) string {
	return at.known[at.t.ix.Slice(m.start, m.end)]
}
