package suggest

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"unicode"

	"spanbench/annot"
)

// EvalResult counts how predicted quotes and speakers compare with gold
// ones. Quotes match exactly (same pieces) or by overlap (intersection over
// union of their code points at least MinOverlap), one to one. A speaker is
// correct when the predicted SPEAKER end overlaps any mention of the gold
// speaker: the gold SPEAKER end or a span linked to it by SAME_AS.
type EvalResult struct {
	Docs            int
	Gold, Predicted int // quotes
	Exact           int // predicted quotes equal to a gold quote
	Overlap         int // predicted quotes matched to a gold quote by overlap
	SpeakerTotal    int // overlap-matched quotes whose gold quote has a speaker
	SpeakerCorrect  int
	KindTotal       int // overlap-matched quotes whose gold quote has a kind
	KindCorrect     int
	// Errors lists, per document, the quotes missed, the spurious ones and
	// the wrong speakers, for reading.
	Errors []string
}

// MinOverlap is the overlap at which a predicted quote counts as found.
const MinOverlap = 0.8

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// ExactPrecision and the other ratios are 0 when their denominator is.
func (e EvalResult) ExactPrecision() float64   { return ratio(e.Exact, e.Predicted) }
func (e EvalResult) ExactRecall() float64      { return ratio(e.Exact, e.Gold) }
func (e EvalResult) OverlapPrecision() float64 { return ratio(e.Overlap, e.Predicted) }
func (e EvalResult) OverlapRecall() float64    { return ratio(e.Overlap, e.Gold) }
func (e EvalResult) SpeakerAccuracy() float64  { return ratio(e.SpeakerCorrect, e.SpeakerTotal) }
func (e EvalResult) KindAccuracy() float64     { return ratio(e.KindCorrect, e.KindTotal) }

// Add sums another result into e.
func (e *EvalResult) Add(o EvalResult) {
	e.Docs += o.Docs
	e.Gold += o.Gold
	e.Predicted += o.Predicted
	e.Exact += o.Exact
	e.Overlap += o.Overlap
	e.SpeakerTotal += o.SpeakerTotal
	e.SpeakerCorrect += o.SpeakerCorrect
	e.KindTotal += o.KindTotal
	e.KindCorrect += o.KindCorrect
	e.Errors = append(e.Errors, o.Errors...)
}

// String is the summary line the evaluation test prints.
func (e EvalResult) String() string {
	return fmt.Sprintf("docs %d, gold quotes %d, predicted %d | exact P %.2f R %.2f | overlap≥%.0f%% P %.2f R %.2f | speaker accuracy %.2f (%d/%d) | kind accuracy %.2f",
		e.Docs, e.Gold, e.Predicted, e.ExactPrecision(), e.ExactRecall(), MinOverlap*100, e.OverlapPrecision(), e.OverlapRecall(),
		e.SpeakerAccuracy(), e.SpeakerCorrect, e.SpeakerTotal, e.KindAccuracy())
}

// Evaluate compares the quotes and speakers of pred with those of gold, two
// bundles of the same document text.
func Evaluate(gold, pred annot.Bundle) EvalResult {
	res := EvalResult{Docs: 1}
	ix := annot.NewIndex(gold.Doc.Text)
	gq, pq := quoteSpans(gold), quoteSpans(pred)
	res.Gold, res.Predicted = len(gq), len(pq)
	name := docName(gold.Doc)
	// Exact matches, one to one.
	used := make([]bool, len(gq))
	for _, p := range pq {
		for i, g := range gq {
			if !used[i] && Overlap(p.Pieces(), g.Pieces()) == 1 {
				used[i] = true
				res.Exact++
				break
			}
		}
	}
	// Overlap matches: best pairs first.
	type pair struct {
		p, g int
		o    float64
	}
	var pairs []pair
	for i, p := range pq {
		for j, g := range gq {
			if o := Overlap(p.Pieces(), g.Pieces()); o >= MinOverlap {
				pairs = append(pairs, pair{i, j, o})
			}
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].o > pairs[j].o })
	pm, gm := make([]int, len(pq)), make([]int, len(gq))
	for i := range pm {
		pm[i] = -1
	}
	for i := range gm {
		gm[i] = -1
	}
	for _, pr := range pairs {
		if pm[pr.p] < 0 && gm[pr.g] < 0 {
			pm[pr.p], gm[pr.g] = pr.g, pr.p
			res.Overlap++
		}
	}
	for j, g := range gq {
		if gm[j] < 0 {
			res.Errors = append(res.Errors, fmt.Sprintf("%s: missed quote %q", name, ix.SpanText(g)))
		}
	}
	goldSpans, predSpans := spansByID(gold), spansByID(pred)
	for i, p := range pq {
		if pm[i] < 0 {
			res.Errors = append(res.Errors, fmt.Sprintf("%s: spurious quote %q", name, ix.SpanText(p)))
			continue
		}
		g := gq[pm[i]]
		if k := g.Attrs[annot.AttrKind]; k != "" {
			res.KindTotal++
			if p.Attrs[annot.AttrKind] == k {
				res.KindCorrect++
			}
		}
		gs := speakerOf(gold, g.ID)
		if gs == "" {
			continue
		}
		res.SpeakerTotal++
		ps := speakerOf(pred, p.ID)
		mentions := cluster(gold, gs)
		got, ok := predSpans[ps]
		if ok {
			for _, m := range mentions {
				if gsp, ok2 := goldSpans[m]; ok2 && Overlap(got.Pieces(), gsp.Pieces()) > 0 {
					res.SpeakerCorrect++
					ok = false
					break
				}
			}
			if ok {
				res.Errors = append(res.Errors, fmt.Sprintf("%s: quote %q: speaker %q, want %q", name, ix.SpanText(g), ix.SpanText(got), ix.SpanText(goldSpans[gs])))
			}
		} else {
			res.Errors = append(res.Errors, fmt.Sprintf("%s: quote %q: no speaker, want %q", name, ix.SpanText(g), ix.SpanText(goldSpans[gs])))
		}
	}
	return res
}

func spansByID(b annot.Bundle) map[string]annot.Span {
	m := make(map[string]annot.Span, len(b.Spans))
	for _, sp := range b.Spans {
		m[sp.ID] = sp
	}
	return m
}

// cluster returns the ids of the spans linked to id by SAME_AS, id included.
func cluster(b annot.Bundle, id string) []string {
	seen := map[string]bool{id: true}
	out := []string{id}
	for changed := true; changed; {
		changed = false
		for _, r := range b.Relations {
			if r.Label != annot.RelSameAs {
				continue
			}
			for _, e := range [][2]string{{r.From, r.To}, {r.To, r.From}} {
				if seen[e[0]] && !seen[e[1]] {
					seen[e[1]] = true
					out = append(out, e[1])
					changed = true
				}
			}
		}
	}
	return out
}

// MinCover is how much of a quote other quotes must cover for it to count:
// a gold quote is found when suggested quotes cover at least MinCover of
// its code points, and a suggested quote is right when gold quotes cover
// at least MinCover of it.
const MinCover = 0.8

// AttrClass is the attribute of a gold quote that names its failure
// classes, comma-separated ("pronoun,said-that"); EvaluateAttribution
// reports each class apart.
const AttrClass = "class"

// Source types of a gold SPEAKER end, see SourceType.
const (
	SourceNamed       = "named"
	SourcePronoun     = "pronoun"
	SourceDescription = "description"
)

// AttribCounts are the counts behind the attribution figures. Direct
// quotes are gold quotes of kind direct (or no kind); indirect ones are of
// kind indirect or mixed. A suggested quote of kind indirect or mixed is an
// indirect suggestion, any other a quote suggestion.
type AttribCounts struct {
	DirectGold, DirectFound     int `json:"-"`
	IndirectGold, IndirectFound int `json:"-"`
	// Suggested quotes, and those gold quotes cover.
	QuotesSuggested, QuotesRight     int `json:"-"`
	IndirectSuggested, IndirectRight int `json:"-"`
	// Found direct quotes with a gold speaker, by source type, and those
	// whose suggested speaker is the same one.
	Speaker map[string][2]int `json:"-"`
	// The same for found indirect quotes.
	Source map[string][2]int `json:"-"`
}

func (c *AttribCounts) add(o *AttribCounts) {
	c.DirectGold += o.DirectGold
	c.DirectFound += o.DirectFound
	c.IndirectGold += o.IndirectGold
	c.IndirectFound += o.IndirectFound
	c.QuotesSuggested += o.QuotesSuggested
	c.QuotesRight += o.QuotesRight
	c.IndirectSuggested += o.IndirectSuggested
	c.IndirectRight += o.IndirectRight
	for _, m := range []struct{ dst, src *map[string][2]int }{{&c.Speaker, &o.Speaker}, {&c.Source, &o.Source}} {
		for k, v := range *m.src {
			if *m.dst == nil {
				*m.dst = map[string][2]int{}
			}
			w := (*m.dst)[k]
			(*m.dst)[k] = [2]int{w[0] + v[0], w[1] + v[1]}
		}
	}
}

// quoteSpans are a bundle's quotes.
func quoteSpans(b annot.Bundle) []annot.Span {
	var qs []annot.Span
	for _, sp := range b.Spans {
		if sp.Layer == annot.LayerQuote {
			qs = append(qs, sp)
		}
	}
	return qs
}

// speakerOf is the id of the SPEAKER of span id in b, "" if none.
func speakerOf(b annot.Bundle, id string) string {
	for _, r := range b.Relations {
		if r.Label == annot.RelSpeaker && r.From == id {
			return r.To
		}
	}
	return ""
}

// docName names a document in error lines: its title, else its id.
func docName(d annot.Document) string {
	if d.Title != "" {
		return d.Title
	}
	return d.ID
}

// mostCovered is the index of the span of among that shares most code
// points with sp (the first of equals), -1 if none shares any.
func mostCovered(sp annot.Span, among []annot.Span) int {
	best, bi := 0, -1
	for i, o := range among {
		if n := intersection(sp.Pieces(), o.Pieces()); n > best {
			best, bi = n, i
		}
	}
	return bi
}

// count adds one to *n, and to *hit if ok.
func count(n, hit *int, ok bool) {
	*n++
	if ok {
		*hit++
	}
}

func tally(m *map[string][2]int, kind string, right bool) {
	if *m == nil {
		*m = map[string][2]int{}
	}
	v := (*m)[kind]
	count(&v[0], &v[1], right)
	(*m)[kind] = v
}

// Figure is one ratio with its counts; Total 0 means there was nothing to
// measure.
type Figure struct {
	Value float64 `json:"value"`
	Right int     `json:"right"`
	Total int     `json:"total"`
}

func fig(right, total int) Figure {
	return Figure{Value: ratio(right, total), Right: right, Total: total}
}

// AttribFigures are the figures of an attribution evaluation, the ones
// docs/suggest.md explains.
type AttribFigures struct {
	DirectFound               Figure `json:"direct_found"`
	QuotePrecision            Figure `json:"quote_precision"`
	SpeakerNamed              Figure `json:"speaker_named"`
	SpeakerPronoun            Figure `json:"speaker_pronoun"`
	SpeakerDescription        Figure `json:"speaker_description"`
	IndirectFound             Figure `json:"indirect_found"`
	IndirectPrecision         Figure `json:"indirect_precision"`
	IndirectSourceNamed       Figure `json:"indirect_source_named"`
	IndirectSourcePronoun     Figure `json:"indirect_source_pronoun"`
	IndirectSourceDescription Figure `json:"indirect_source_description"`
}

// Figures turns the counts into ratios.
func (c AttribCounts) Figures() AttribFigures {
	s := func(m map[string][2]int, k string) Figure { return fig(m[k][1], m[k][0]) }
	return AttribFigures{
		DirectFound:               fig(c.DirectFound, c.DirectGold),
		QuotePrecision:            fig(c.QuotesRight, c.QuotesSuggested),
		SpeakerNamed:              s(c.Speaker, SourceNamed),
		SpeakerPronoun:            s(c.Speaker, SourcePronoun),
		SpeakerDescription:        s(c.Speaker, SourceDescription),
		IndirectFound:             fig(c.IndirectFound, c.IndirectGold),
		IndirectPrecision:         fig(c.IndirectRight, c.IndirectSuggested),
		IndirectSourceNamed:       s(c.Source, SourceNamed),
		IndirectSourcePronoun:     s(c.Source, SourcePronoun),
		IndirectSourceDescription: s(c.Source, SourceDescription),
	}
}

// AttribReport sums attribution evaluations over documents: overall, per
// failure class (AttrClass of the gold quotes; a suggested quote counts in
// the classes of the gold quote it overlaps most) and the errors, one line
// each, for reading.
type AttribReport struct {
	Docs    int
	All     AttribCounts
	Classes map[string]*AttribCounts
	Errors  []string
}

func (r *AttribReport) class(name string) *AttribCounts {
	if r.Classes == nil {
		r.Classes = map[string]*AttribCounts{}
	}
	c := r.Classes[name]
	if c == nil {
		c = &AttribCounts{}
		r.Classes[name] = c
	}
	return c
}

// ClassNames returns the report's classes, sorted.
func (r *AttribReport) ClassNames() []string {
	var out []string
	for k := range r.Classes {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// isIndirect reports whether a quote kind is reported speech.
func isIndirect(kind string) bool { return kind == "indirect" || kind == "mixed" }

// SourceType says what kind of words a source mention is: a pronoun (he,
// they), a description (a senior official, Police, the think tank) or a
// name (Rep. Gwen Moore, The Ledger, 王毅).
func SourceType(s string) string {
	ws := strings.Fields(s)
	if len(ws) == 0 {
		return SourceDescription
	}
	if len(ws) == 1 && (pronouns[strings.ToLower(ws[0])] || personalPronouns[strings.ToLower(ws[0])]) {
		return SourcePronoun
	}
	if strings.EqualFold(ws[0], "the") && len(ws) > 1 {
		ws = ws[1:]
	}
	for i, w := range ws {
		lw := strings.ToLower(w)
		if i == 0 && (determiners[lw] || capStops[lw]) {
			return SourceDescription
		}
		if i > 0 && connectors[lw] {
			continue
		}
		r := []rune(w)[0]
		if unicode.IsLower(r) || unicode.IsDigit(r) {
			return SourceDescription
		}
	}
	if len(ws) == 1 {
		lw := strings.ToLower(strings.TrimRight(ws[0], ".,"))
		if isKnownHead(lw) || crowdNouns[lw] {
			return SourceDescription
		}
	}
	return SourceNamed
}

// crowdNouns are plural nouns that open a sentence as a source: "Traders said".
var crowdNouns = set("reporters", "journalists", "fishermen", "traders", "shoppers", "lawmakers", "legislators",
	"authorities", "management", "police", "residents", "villagers", "locals", "employees", "staff", "insiders",
	"supporters", "opponents", "demonstrators", "unions", "officials", "sources", "investors", "economists")

// union merges the pieces of spans into sorted, disjoint pieces.
func union(spans []annot.Span) []annot.Fragment {
	var ps []annot.Fragment
	for _, sp := range spans {
		ps = append(ps, sp.Pieces()...)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Start < ps[j].Start })
	var out []annot.Fragment
	for _, p := range ps {
		if n := len(out); n > 0 && p.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, p.End)
			continue
		}
		out = append(out, p)
	}
	return out
}

// EvaluateAttribution compares the quotes, kinds and speakers of pred
// (suggestions for the document's text) with those of gold and adds the
// counts to r. A speaker is right when the suggested SPEAKER end, or a
// span linked to it by SAME_AS, overlaps a mention of the gold speaker
// (its SPEAKER end or a span SAME_AS links to it) that is not a pronoun:
// a pronoun source counts only when it is resolved to who it is.
func EvaluateAttribution(gold, pred annot.Bundle, r *AttribReport) {
	r.Docs++
	ix := annot.NewIndex(gold.Doc.Text)
	name := docName(gold.Doc)
	gq, pq := quoteSpans(gold), quoteSpans(pred)
	gu, pu := union(gq), union(pq)
	goldSpans, predSpans := spansByID(gold), spansByID(pred)
	classesOf := func(sp annot.Span) []*AttribCounts {
		out := []*AttribCounts{&r.All}
		for _, c := range strings.Split(sp.Attrs[AttrClass], ",") {
			if c = strings.TrimSpace(c); c != "" {
				out = append(out, r.class(c))
			}
		}
		return out
	}
	// Suggested quotes: right when gold quotes cover them.
	for _, p := range pq {
		cs := []*AttribCounts{&r.All}
		if bi := mostCovered(p, gq); bi >= 0 {
			cs = classesOf(gq[bi])
		}
		right := float64(intersection(p.Pieces(), gu)) >= MinCover*float64(size(p.Pieces()))
		ind := isIndirect(p.Attrs[annot.AttrKind])
		for _, c := range cs {
			if ind {
				count(&c.IndirectSuggested, &c.IndirectRight, right)
			} else {
				count(&c.QuotesSuggested, &c.QuotesRight, right)
			}
		}
		if !right {
			r.Errors = append(r.Errors, fmt.Sprintf("%s: spurious %s quote %q", name, p.Attrs[annot.AttrKind], ix.SpanText(p)))
		}
	}
	for _, g := range gq {
		ind := isIndirect(g.Attrs[annot.AttrKind])
		found := float64(intersection(g.Pieces(), pu)) >= MinCover*float64(size(g.Pieces()))
		cs := classesOf(g)
		for _, c := range cs {
			if ind {
				count(&c.IndirectGold, &c.IndirectFound, found)
			} else {
				count(&c.DirectGold, &c.DirectFound, found)
			}
		}
		if !found {
			r.Errors = append(r.Errors, fmt.Sprintf("%s: missed %s quote %q", name, g.Attrs[annot.AttrKind], ix.SpanText(g)))
			continue
		}
		gs := speakerOf(gold, g.ID)
		if gs == "" {
			continue
		}
		gsp := goldSpans[gs]
		typ := SourceType(ix.SpanText(gsp))
		// The suggested quote that shares most with g speaks for it.
		ps := ""
		if bi := mostCovered(g, pq); bi >= 0 {
			ps = speakerOf(pred, pq[bi].ID)
		}
		right := ps != "" && sameSpeaker(ix, gold, pred, gs, ps, goldSpans, predSpans)
		for _, c := range cs {
			if ind {
				tally(&c.Source, typ, right)
			} else {
				tally(&c.Speaker, typ, right)
			}
		}
		if !right {
			got := "none"
			if sp, ok := predSpans[ps]; ok {
				got = fmt.Sprintf("%q", ix.SpanText(sp))
			}
			r.Errors = append(r.Errors, fmt.Sprintf("%s: %s quote %q: speaker %s, want %q (%s)", name, g.Attrs[annot.AttrKind], annot.OneLineCut(ix.SpanText(g), 60), got, ix.SpanText(gsp), typ))
		}
	}
}

// sameSpeaker reports whether the suggested speaker ps names the gold
// speaker gs (see EvaluateAttribution).
func sameSpeaker(ix *annot.Index, gold, pred annot.Bundle, gs, ps string, goldSpans, predSpans map[string]annot.Span) bool {
	gm := cluster(gold, gs)
	named := false
	for _, id := range gm {
		if sp, ok := goldSpans[id]; ok && SourceType(ix.SpanText(sp)) != SourcePronoun {
			named = true
		}
	}
	for _, pid := range cluster(pred, ps) {
		p, ok := predSpans[pid]
		if !ok || named && SourceType(ix.SpanText(p)) == SourcePronoun {
			continue
		}
		for _, id := range gm {
			g, ok := goldSpans[id]
			if !ok || named && SourceType(ix.SpanText(g)) == SourcePronoun {
				continue
			}
			if intersection(p.Pieces(), g.Pieces()) > 0 {
				return true
			}
		}
	}
	return false
}

// figureColumns names the figures in the order the table prints them.
var figureColumns = []struct {
	name string
	get  func(AttribFigures) Figure
}{
	{"direct found", func(f AttribFigures) Figure { return f.DirectFound }},
	{"quote P", func(f AttribFigures) Figure { return f.QuotePrecision }},
	{"speaker named", func(f AttribFigures) Figure { return f.SpeakerNamed }},
	{"speaker pron.", func(f AttribFigures) Figure { return f.SpeakerPronoun }},
	{"speaker descr.", func(f AttribFigures) Figure { return f.SpeakerDescription }},
	{"indirect found", func(f AttribFigures) Figure { return f.IndirectFound }},
	{"indirect P", func(f AttribFigures) Figure { return f.IndirectPrecision }},
	{"source named", func(f AttribFigures) Figure { return f.IndirectSourceNamed }},
	{"source pron.", func(f AttribFigures) Figure { return f.IndirectSourcePronoun }},
	{"source descr.", func(f AttribFigures) Figure { return f.IndirectSourceDescription }},
}

// WriteTable writes the figures as a text table: a row for all quotes and
// one per class, a column per figure; each cell the ratio and its counts
// ("0.92 46/50"), "–" when there was nothing to measure.
func (r *AttribReport) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := []string{fmt.Sprintf("%d docs", r.Docs)}
	for _, c := range figureColumns {
		head = append(head, c.name)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	row := func(name string, f AttribFigures) {
		cells := []string{name}
		for _, c := range figureColumns {
			x := c.get(f)
			if x.Total == 0 {
				cells = append(cells, "–")
			} else {
				cells = append(cells, fmt.Sprintf("%.2f %d/%d", x.Value, x.Right, x.Total))
			}
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	row("all", r.All.Figures())
	for _, c := range r.ClassNames() {
		row(c, r.Classes[c].Figures())
	}
	return tw.Flush()
}
