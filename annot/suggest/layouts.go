package suggest

import (
	"strings"
	"unicode"

	"spanbench/annot"
)

// Layouts of real pages that put the speaker outside the quote's sentence:
//
//	“My rent went up 40 percent.” ― Pamela Padilla, 41, home health aide
//
//	Caddell continued:
//
//	“They think the country is a focus group in Brooklyn.”
//
// layouts runs after attributeAll and gives such quotes their speaker when
// the sentence around them named none, or only by proximity.

// weakAttribution reports whether a quote's attribution came from no cue:
// nothing, the nearest person, or the previous quote's speaker.
func weakAttribution(a attribution) bool {
	return a.speaker == nil || strings.HasPrefix(a.how, "nearest person") || strings.HasPrefix(a.how, "continues")
}

// isDash reports whether c is a dash that may open a byline.
func isDash(c rune) bool {
	return c == '―' || c == '—' || c == '–' || c == '-' || c == '‒'
}

func (at *attributor) layouts() {
	t := at.t
	for _, i := range at.top {
		q := at.quotes[i]
		if at.programmeTitle(i) {
			at.notQuote[i] = true
			continue
		}
		if q.merged || at.notQuote[i] || q.unclosed || !weakAttribution(at.attr[i]) {
			continue
		}
		if a, ok := at.dashByline(q.close + 1); ok {
			at.attr[i] = a
			continue
		}
		pi := at.paraOf(q.open)
		if pi == 0 || !at.startsParagraph(q.open) {
			continue
		}
		prev := at.paras[pi-1]
		if t.r[prev.End-1] != ':' {
			continue
		}
		a, ok := at.cueBefore(prev.Start, prev.End)
		if !ok {
			a, ok = at.colonSubject(prev.Start, prev.End)
		}
		if ok {
			a.how += ", paragraph before ends with ':'"
			at.resolve(i, &a)
			at.attr[i] = a
		}
	}
}

// dashByline reads a byline after a closing mark at pos: a dash, then a
// name ("― Pamela Padilla, 41, home health aide").
func (at *attributor) dashByline(pos int) (attribution, bool) {
	t := at.t
	pa := at.paras[at.paraOf(max(0, pos-1))]
	i := pos
	for i < pa.End && (annot.IsSpace(t.r[i]) || t.r[i] == '.') {
		i++
	}
	if i >= pa.End || !isDash(t.r[i]) {
		return attribution{}, false
	}
	i++
	for i < pa.End && annot.IsSpace(t.r[i]) {
		i++
	}
	end := i
	for end < pa.End && t.r[end] != ',' && t.r[end] != '(' && t.r[end] != ';' {
		end++
	}
	a, b := t.tokRange(i, end)
	if b <= a || b-a > 6 {
		return attribution{}, false
	}
	caseless := false
	for _, c := range t.ix.Slice(i, end) {
		if unicode.IsLetter(c) && !unicode.IsUpper(c) && !unicode.IsLower(c) {
			caseless = true
		}
	}
	var m mention
	switch {
	case at.hasName(a, b):
		na, nb := at.firstNameRun(a, b)
		m = at.nameMention(na, nb)
	case caseless:
		m = mention{start: t.toks[a].Start, end: t.toks[b-1].End, label: annot.LabelPerson, quote: -1}
	default:
		return attribution{}, false
	}
	if m.label != annot.LabelPerson && m.label != annot.LabelOrg {
		m.label = annot.LabelPerson
	}
	return attribution{speaker: &m, conf: 0.8, how: "dash byline"}, true
}

// programmeTitle reports whether quote i is the title of a programme or
// work after its owner's possessive: CBS’s “Face the Nation”, NPR’s “All
// Things Considered”. Such a title is short and capitalised.
func (at *attributor) programmeTitle(i int) bool {
	t := at.t
	q := at.quotes[i]
	if len(q.trimmed) != 1 || q.open == 0 {
		return false
	}
	k := t.ix.TokenAt(q.open) - 1
	if k < 0 || k >= len(t.toks) || t.toks[k].End > q.open {
		return false
	}
	if p := t.lower(k); p != "’s" && p != "'s" {
		return false
	}
	a, b := t.tokRange(q.trimmed[0].Start, q.trimmed[0].End)
	if b-a < 1 || b-a > 6 {
		return false
	}
	for j := a; j < b; j++ {
		w := t.word(j)
		if !capWord(w) && !connectors[t.lower(j)] && !isAcronym(w) {
			return false
		}
	}
	return true
}
