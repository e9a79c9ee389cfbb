package suggest

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"spanbench/annot"
)

// attribute pairs the quotes of the document, adds the quote spans it
// already has, gathers the mentions pronouns may refer to, and finds each
// quote's cue and speaker.
func (r *run) attribute(ents []Suggestion) (*attributor, error) {
	t := r.t
	paras := t.paragraphs()
	qs := t.pairQuotes(paras)
	for i := range qs {
		qs[i].trimmed = r.trimPieces(qs[i].pieces)
	}
	qs = r.addExistingQuotes(qs)
	at := &attributor{t: t, lex: r.opt.Lexicon, paras: paras, quotes: qs, known: r.known}
	for i, q := range qs {
		if q.parent < 0 {
			at.top = append(at.top, i)
		}
	}
	at.mentions = r.collectMentions(at, ents)
	if err := r.check(); err != nil {
		return nil, err
	}
	if !at.attributeAll(func() bool { return r.check() == nil }) {
		return nil, r.check()
	}
	at.layouts()
	return at, nil
}

// addExistingQuotes marks the paired quotes the document already has and
// adds its other quote spans, so their speakers are suggested too. A saved
// quote claims the paired quotes that lie at least 80% inside it (not those
// nested in one it claims) when together they make up 80% of it: one quote,
// or both parts of an interrupted quote, which attributeAll then merges.
func (r *run) addExistingQuotes(qs []quote) []quote {
	var extra []quote
	for _, sp := range r.b.Spans {
		if sp.Layer != annot.LayerQuote {
			continue
		}
		saved := sp.Pieces()
		var claimed []int
		var pieces []annot.Fragment
		for _, i := range quotesNear(qs, sp.Start, sp.End) {
			if qs[i].existing != "" || len(claimed) > 0 && qs[i].open <= qs[claimed[len(claimed)-1]].close {
				continue
			}
			tp := qs[i].trimmed
			if in := intersection(tp, saved); in == 0 || in*5 < size(tp)*4 {
				continue
			}
			qs[i].existing = sp.ID
			claimed = append(claimed, i)
			pieces = append(pieces, tp...)
		}
		if len(claimed) > 0 && Overlap(pieces, saved) >= 0.8 {
			continue
		}
		for _, i := range claimed {
			qs[i].existing = ""
		}
		q := quote{pieces: saved, trimmed: r.trimPieces(saved), open: sp.Start, close: sp.End - 1, existing: sp.ID, opener: '“'}
		if sp.Start > 0 && isQuoteRune(r.t.r[sp.Start-1]) {
			q.open = sp.Start - 1
		}
		if sp.End < len(r.t.r) && isQuoteRune(r.t.r[sp.End]) {
			q.close = sp.End
		}
		extra = append(extra, q)
	}
	if len(extra) == 0 {
		return qs
	}
	qs = append(qs, extra...)
	sort.SliceStable(qs, func(i, j int) bool { return qs[i].open < qs[j].open })
	nest(qs)
	return qs
}

// quotesNear returns, in order, the quotes of qs (sorted by opening mark,
// nested) that may overlap [start, end): those around start and those opening
// inside.
func quotesNear(qs []quote, start, end int) []int {
	i := sort.Search(len(qs), func(i int) bool { return qs[i].open >= start })
	var out []int
	// A quote opened before start reaches it only if it is the last one
	// opened or one it is nested in.
	for j := i - 1; j >= 0; j = qs[j].parent {
		if qs[j].close >= start {
			out = append(out, j)
		}
	}
	slices.Reverse(out)
	for ; i < len(qs) && qs[i].open < end; i++ {
		out = append(out, i)
	}
	return out
}

// trimPieces trims each piece's edges (see EdgeProblem) and drops empty ones.
func (r *run) trimPieces(ps []annot.Fragment) []annot.Fragment {
	var out []annot.Fragment
	for _, p := range ps {
		s, e := trimEdges(r.t, p.Start, p.End)
		if e > s {
			out = append(out, annot.Fragment{Start: s, End: e})
		}
	}
	return out
}

// collectMentions gathers who may be named before a pronoun: existing
// entity spans, entity suggestions, and capitalised names outside quotes.
func (r *run) collectMentions(at *attributor, ents []Suggestion) []mention {
	var ms []mention
	for _, sp := range r.entities {
		if len(sp.Fragments) > 1 {
			continue
		}
		m := mention{start: sp.Start, end: sp.End, label: sp.Label, id: sp.ID, quote: -1}
		if p := strings.ToLower(r.t.ix.Slice(sp.Start, sp.End)); pronouns[p] {
			continue
		}
		ms = append(ms, m)
	}
	for _, s := range ents {
		for _, sp := range s.Spans {
			ms = append(ms, mention{start: sp.Start, end: sp.End, label: sp.Label, quote: -1})
		}
	}
	ms = append(ms, r.scanNames(at)...)
	ms = append(ms, r.nameMentions()...)
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].start != ms[j].start {
			return ms[i].start < ms[j].start
		}
		return ms[i].id > ms[j].id // existing spans first
	})
	out := ms[:0]
	for i, m := range ms {
		if i > 0 && m.start == out[len(out)-1].start && m.end == out[len(out)-1].end {
			continue
		}
		out = append(out, m)
	}
	return out
}

// scanNames finds capitalised names outside quotes that are likely a
// person (a titled name, or two or more words) or an organisation
// (organisation words, acronyms). Single words that merely open a sentence,
// places and dates are left out.
func (r *run) scanNames(at *attributor) []mention {
	t := r.t
	var out []mention
	for k := 0; k < len(t.toks); k++ {
		if k%4096 == 0 && r.check() != nil {
			return out
		}
		w := t.word(k)
		if !capWord(w) && !isAcronym(w) {
			continue
		}
		lw := strings.ToLower(w)
		if capStops[lw] || calendar[lw] || at.markedQuoteAt(t.toks[k].Start) >= 0 {
			continue
		}
		a, b := at.firstNameRun(k, min(len(t.toks), k+12))
		m := at.nameMention(a, b)
		k = b - 1
		text := t.ix.Slice(m.start, m.end)
		if r.known[text] != "" {
			out = append(out, m)
			continue
		}
		titled := m.start != t.toks[a].Start
		words := 0
		for j := a; j < b; j++ {
			if t.toks[j].Start >= m.start && capWord(t.word(j)) && (j == a || !t.adjacent(j-1)) {
				words++
			}
		}
		switch {
		case m.label == annot.LabelOrg:
			out = append(out, m)
		case m.label == annot.LabelPerson && (titled || words >= 2):
			out = append(out, m)
		}
	}
	return out
}

// listeners end "told reporters “…”": a quote after them is direct, not mixed.
var listeners = set("us", "me", "him", "her", "them", "reporters", "journalists")

// kind says whether a quote is direct (a sentence or clause of its own) or
// mixed (a fragment inside reported speech: described it as a “…”).
func (at *attributor) kind(q int, pieces []annot.Fragment) string {
	t := at.t
	first := t.r[pieces[0].Start]
	if !unicode.IsLower(first) {
		return "direct"
	}
	qu := at.quotes[q]
	lo, _ := at.containerBounds(q, qu.open)
	a, b := t.tokRange(lo, qu.open)
	if b <= a {
		return "direct"
	}
	w := t.word(b - 1)
	lw := strings.ToLower(w)
	if !isWordToken(w) || at.lex.Has(lw) || listeners[lw] {
		return "direct"
	}
	return "mixed"
}

// quoteSuggestions turns attributed quotes into suggestions: the QUOTE span
// (or the quote the document has), its CUE span, the speaker entity (an
// existing span when there is one) and the SPEAKER and CUE relations.
func (r *run) quoteSuggestions(at *attributor) []Suggestion {
	t := r.t
	out, inner := r.indirectSuggestions(at)
	done := map[string]bool{} // saved quotes suggested for
	for i, q := range at.quotes {
		if q.merged || at.notQuote[i] || q.existing != "" && done[q.existing] || inner[i] && q.existing == "" {
			continue
		}
		if q.existing != "" {
			done[q.existing] = true
		}
		pieces := q.trimmed
		if len(pieces) == 0 {
			continue
		}
		a := at.attr[i]
		words := 0
		for _, p := range pieces {
			ta, tb := t.tokRange(p.Start, p.End)
			for k := ta; k < tb; k++ {
				if isWordToken(t.word(k)) {
					words++
				}
			}
		}
		kind := at.kind(i, pieces)
		reason := "paired " + string(q.opener) + "…"
		switch {
		case q.existing != "" && !isQuoteRune(t.at(q.open)):
			reason = "your quote" // tagged by hand, without marks
		case q.unclosed:
			reason = "unclosed " + string(q.opener) + "…"
		}
		if len(q.pieces) > 1 && !strings.Contains(a.how, "interrupted") {
			reason += " over paragraphs"
		}
		conf := a.conf
		if a.speaker != nil {
			reason += ", " + a.how
		} else {
			conf = 0.5
			if words < 4 {
				conf = 0.3
			}
			if kind == "mixed" {
				conf -= 0.1
			}
			reason += ", no cue"
		}
		if q.unclosed {
			conf -= 0.15
		}
		g := r.newGroup(SourceQuotes, conf, reason)
		var qid, qkey string
		if q.existing != "" {
			qid, qkey = q.existing, r.keyOf[q.existing]
		} else {
			qid, qkey = g.span(annot.LayerQuote, annot.LabelQuote, pieces, map[string]string{annot.AttrKind: kind})
		}
		if r.spoken[qid] {
			continue
		}
		g.speakerLinks(annot.RelSpeaker, qid, qkey, a)
		if a.cueEnd > a.cueStart {
			cid, ckey := g.span(annot.LayerCue, annot.LabelCue, []annot.Fragment{{Start: a.cueStart, End: a.cueEnd}}, nil)
			g.link(annot.RelCue, qid, qkey, cid, ckey)
		}
		if sg, ok := g.done(qkey, pieces[0].Start, pieces[len(pieces)-1].End); ok {
			out = append(out, sg)
		}
	}
	return out
}
