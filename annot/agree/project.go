package agree

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"spanbench/annot"
)

// Doc is one document as its coders annotated it: the text, who coded it,
// and each coder's spans (all layers) and relations.
type Doc struct {
	ID, Title string
	Text      string
	Meta      map[string]string           // the document's meta (adjudication state)
	Coders    []string                    // who coded it, sorted
	Spans     map[string][]annot.Span     // by coder
	Relations map[string][]annot.Relation // by coder
}

// Options choose what Project compares.
type Options struct {
	Layer  annot.Layer // the span layer measured (relations span layers)
	Coders []string    // the coders compared, in this order; nil: every coder of the documents, sorted
	Gamma  GammaOptions
	// NoGamma leaves γ out (it is the slowest measure).
	NoGamma bool
}

// DefaultGamma are the γ parameters Project uses when given none:
// pygamma-agreement's defaults (α = β = Δ∅ = 1) with 30 random continua
// per document and a fixed seed.
var DefaultGamma = GammaOptions{Alpha: 1, Beta: 1, DeltaEmpty: 1, Samples: 30, Seed: 1}

// AttrKeys are the span attributes whose agreement Project measures, by
// layer: a quote's kind and a claim's check-worthiness.
var AttrKeys = map[annot.Layer]string{annot.LayerQuote: annot.AttrKind, annot.LayerClaim: annot.AttrCheckworthy}

// RelationLabels are the relations whose links Project compares, and the
// layer of the spans whose choice of target (speaker, claimant, cue,
// antecedent) it measures κ on.
var RelationLabels = []struct {
	Label string
	From  annot.Layer
}{
	{annot.RelSpeaker, annot.LayerQuote},
	{annot.RelClaimant, annot.LayerClaim},
	{annot.RelCue, annot.LayerQuote},
	{annot.RelSameAs, annot.LayerEntity},
}

// Report is the agreement of a project's coders on one layer. Its JSON is
// what "spanbench agree --format json" prints.
type Report struct {
	Layer      string   `json:"layer"`
	Annotators []string `json:"annotators"`
	Documents  int      `json:"documents"` // documents coded by two or more of the coders
	Pairs      []Pair   `json:"pairs"`
	// Token figures over all coders: Fleiss' κ over the documents coded by
	// FleissCoders coders (it needs a fixed number), α over every document
	// coded by two or more. The plain figures count every token, unlabelled
	// ones as the category "none"; the _labelled ones only tokens at least
	// one coder labelled.
	FleissKappa               Value `json:"fleiss_kappa"`
	KrippendorffAlpha         Value `json:"krippendorff_alpha"`
	FleissKappaLabelled       Value `json:"fleiss_kappa_labelled"`
	KrippendorffAlphaLabelled Value `json:"krippendorff_alpha_labelled"`
	FleissCoders              int   `json:"fleiss_coders"`
	FleissDocuments           int   `json:"fleiss_documents"`
	Tokens                    int   `json:"tokens"`
	TokensLabelled            int   `json:"tokens_labelled"`
	// AlphaU is over the documents coded by FleissCoders coders, laid end
	// to end, each document's coders taken as interchangeable.
	AlphaU          Value                       `json:"alpha_u"`
	Gamma           Value                       `json:"gamma"`
	GammaParameters GammaParameters             `json:"gamma_parameters"`
	PerLabel        map[string]*LabelFigures    `json:"per_label"`
	Relations       map[string]*RelationFigures `json:"relations"`
	Attributes      map[string]*AttrFigures     `json:"attributes"`
	PerDocument     []DocFigures                `json:"per_document"`
}

// Pair is the agreement of two coders over the documents both coded.
type Pair struct {
	A             string `json:"a"`
	B             string `json:"b"`
	Documents     int    `json:"documents"`
	SpanF1Exact   Value  `json:"span_f1_exact"`
	SpanF1Overlap Value  `json:"span_f1_overlap"`
	// Matched, OnlyA and OnlyB count exact matches; the Overlap ones
	// overlap matches.
	Matched            int                         `json:"matched"`
	OnlyA              int                         `json:"only_a"`
	OnlyB              int                         `json:"only_b"`
	OverlapMatched     int                         `json:"overlap_matched"`
	OverlapOnlyA       int                         `json:"overlap_only_a"`
	OverlapOnlyB       int                         `json:"overlap_only_b"`
	CohenKappa         Value                       `json:"cohen_kappa"`
	CohenKappaLabelled Value                       `json:"cohen_kappa_labelled"`
	Tokens             int                         `json:"tokens"`
	TokensLabelled     int                         `json:"tokens_labelled"`
	AlphaU             Value                       `json:"alpha_u"`
	Relations          map[string]*RelationFigures `json:"relations"`
}

// LabelFigures is the agreement on one label, pooled over the pairs.
type LabelFigures struct {
	SpanF1Exact       Value `json:"span_f1_exact"`
	SpanF1Overlap     Value `json:"span_f1_overlap"`
	Matched           int   `json:"matched"`
	OnlyA             int   `json:"only_a"`
	OnlyB             int   `json:"only_b"`
	OverlapMatched    int   `json:"overlap_matched"`
	KrippendorffAlpha Value `json:"krippendorff_alpha"` // tokens: this label or not
	AlphaU            Value `json:"alpha_u"`
	na, nb            int
}

// RelationFigures is the agreement on one relation label: F1 of the links
// (Matched links agree: same label between exactly matching spans), and
// Cohen's κ of the target chosen for the Units spans both coders tagged.
type RelationFigures struct {
	F1      Value `json:"f1"`
	Kappa   Value `json:"kappa"`
	Matched int   `json:"matched"`
	OnlyA   int   `json:"only_a"`
	OnlyB   int   `json:"only_b"`
	Units   int   `json:"units"`
	choice  *cohenAcc
}

// AttrFigures is the agreement on one attribute of exactly matched spans:
// Cohen's κ per pair and pooled over the pairs, α over all coders.
type AttrFigures struct {
	Units             int        `json:"units"`       // pairs of exactly matched spans, over all pairs of coders
	AlphaUnits        int        `json:"alpha_units"` // spans two or more coders marked exactly, α's units
	CohenKappa        Value      `json:"cohen_kappa"`
	KrippendorffAlpha Value      `json:"krippendorff_alpha"`
	Pairs             []AttrPair `json:"pairs"`
}

// AttrPair is one pair's agreement on an attribute.
type AttrPair struct {
	A          string `json:"a"`
	B          string `json:"b"`
	Units      int    `json:"units"`
	CohenKappa Value  `json:"cohen_kappa"`
}

// GammaParameters states how γ was computed.
type GammaParameters struct {
	Alpha      float64 `json:"alpha"`
	Beta       float64 `json:"beta"`
	DeltaEmpty float64 `json:"delta_empty"`
	Convention string  `json:"convention"` // GammaConvention: "paper" or "pygamma-0.1"
	Samples    int     `json:"samples_per_document"`
	Seed       uint64  `json:"seed"`
	Documents  int     `json:"documents"`
	Skipped    int     `json:"skipped"` // too many units for an exact alignment
	Computed   bool    `json:"computed"`
}

// DocFigures is one document's agreement over its coders.
type DocFigures struct {
	ID                string   `json:"id"`
	Title             string   `json:"title"`
	Coders            []string `json:"coders"`
	Matched           int      `json:"matched"`
	Unmatched         int      `json:"unmatched"`
	SpanF1Exact       Value    `json:"span_f1_exact"`
	SpanF1Overlap     Value    `json:"span_f1_overlap"`
	KrippendorffAlpha Value    `json:"krippendorff_alpha"`
	AlphaU            Value    `json:"alpha_u"`
	Gamma             Value    `json:"gamma"`
}

func f1(matched, na, nb int) Value {
	if na+nb == 0 {
		return undefined
	}
	return Value(2 * float64(matched) / float64(na+nb))
}

// SpanKey identifies a span by what exact matching compares: layer, label
// and pieces.
func SpanKey(sp annot.Span) string {
	var b strings.Builder
	b.WriteString(string(sp.Layer))
	b.WriteByte('|')
	b.WriteString(sp.Label)
	for _, p := range sp.Pieces() {
		b.WriteByte('|')
		b.WriteString(strconv.Itoa(p.Start))
		b.WriteByte('-')
		b.WriteString(strconv.Itoa(p.End))
	}
	return b.String()
}

// ExactPairs pairs a's and b's spans with the same layer, label and pieces,
// one to one, in a's order; duplicates pair off one for one.
func ExactPairs(a, b []annot.Span) [][2]int {
	return exactPairs(spanKeys(a), spanKeys(b))
}

func spanKeys(spans []annot.Span) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = SpanKey(s)
	}
	return out
}

// exactPairs is ExactPairs over the spans' keys.
func exactPairs(a, b []string) [][2]int {
	idx := make(map[string][]int, len(b))
	for j, k := range b {
		idx[k] = append(idx[k], j)
	}
	var out [][2]int
	for i, k := range a {
		if js := idx[k]; len(js) > 0 {
			out = append(out, [2]int{i, js[0]})
			idx[k] = js[1:]
		}
	}
	return out
}

// Overlap is the number of code points two spans' pieces share.
func Overlap(x, y annot.Span) int {
	if x.End <= y.Start || y.End <= x.Start {
		return 0
	}
	o := 0
	for _, p := range x.Pieces() {
		for _, q := range y.Pieces() {
			o += max(0, min(p.End, q.End)-max(p.Start, q.Start))
		}
	}
	return o
}

// OverlapPairs pairs spans of the same layer and label that share at least
// one code point, one to one, those sharing most first (ties in a's, then
// b's order), as OverlapMatch.
func OverlapPairs(a, b []annot.Span) [][2]int {
	return greedyPairs(len(a), len(b), func(i, j int) int {
		if a[i].Label != b[j].Label || a[i].Layer != b[j].Layer {
			return 0
		}
		return Overlap(a[i], b[j])
	})
}

// LayerSpans returns the spans of one layer, by start, longest first, then
// label: the order in which a token takes the label of the first span
// covering it.
func LayerSpans(spans []annot.Span, layer annot.Layer) []annot.Span {
	var out []annot.Span
	for _, s := range spans {
		if s.Layer == layer {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End > b.End
		}
		return a.Label < b.Label
	})
	return out
}

// tokenLabels gives each token the category of the first span (in
// LayerSpans order) sharing a code point with it, 0 when none.
func tokenLabels(ix *annot.Index, spans []annot.Span, cat func(string) int) []int {
	toks := ix.Tokens()
	out := make([]int, len(toks))
	for _, s := range spans {
		c := cat(s.Label)
		for _, p := range s.Pieces() {
			for t := ix.TokenAt(p.Start); t < len(toks) && toks[t].Start < p.End; t++ {
				if out[t] == 0 {
					out[t] = c
				}
			}
		}
	}
	return out
}

// unitsOf turns spans into αU units for coder, shifted by offset: each
// piece a unit, pieces of one label that overlap merged (αU needs a
// coder's units of a category apart).
func unitsOf(spans []annot.Span, coder, offset int) []Unit {
	byLabel := map[string][]annot.Fragment{}
	for _, s := range spans {
		byLabel[s.Label] = append(byLabel[s.Label], s.Pieces()...)
	}
	var out []Unit
	for label, ps := range byLabel {
		sort.Slice(ps, func(i, j int) bool { return ps[i].Start < ps[j].Start })
		cur := ps[0]
		for _, p := range ps[1:] {
			if p.Start < cur.End {
				cur.End = max(cur.End, p.End)
				continue
			}
			out = append(out, Unit{coder, label, cur.Start + offset, cur.End - cur.Start})
			cur = p
		}
		out = append(out, Unit{coder, label, cur.Start + offset, cur.End - cur.Start})
	}
	return out
}

func alphaUValue(length, coders int, units []Unit) (Value, map[string]CategoryAlpha) {
	if length == 0 || coders < 2 {
		return undefined, nil
	}
	r, err := AlphaU(0, length, coders, units)
	if err != nil && !errors.Is(err, ErrUndefined) {
		return undefined, nil
	}
	return Value(r.Alpha), r.Categories
}

// docWork is one document prepared for the measures.
type docWork struct {
	doc    *Doc
	coders []int // indexes into the report's coders
	layer  [][]annot.Span
	tokens [][]int // per coder, the category of each token
	length int
}

// Project measures the agreement of the coders of docs on one layer; docs
// coded by fewer than two of the coders are left out. docs/agreement.md
// describes every figure.
func Project(docs []Doc, opt Options) (*Report, error) {
	if _, err := annot.ParseLayer(string(opt.Layer)); err != nil {
		return nil, err
	}
	coders := opt.Coders
	if coders == nil {
		seen := map[string]bool{}
		for _, d := range docs {
			for _, c := range d.Coders {
				if !seen[c] {
					seen[c] = true
					coders = append(coders, c)
				}
			}
		}
		sort.Strings(coders)
	}
	if len(coders) < 2 {
		return nil, fmt.Errorf("%d coders (%s): agreement needs at least 2", len(coders), strings.Join(coders, ", "))
	}
	ci := map[string]int{}
	for i, c := range coders {
		if _, dup := ci[c]; dup {
			return nil, fmt.Errorf("coder %q is listed twice", c)
		}
		ci[c] = i
	}
	gopt := opt.Gamma
	if gopt == (GammaOptions{}) {
		gopt = DefaultGamma
	}
	rep := &Report{
		Layer: string(opt.Layer), Annotators: coders,
		PerLabel: map[string]*LabelFigures{}, Relations: map[string]*RelationFigures{}, Attributes: map[string]*AttrFigures{},
		Pairs:           []Pair{},
		PerDocument:     []DocFigures{},
		GammaParameters: GammaParameters{Alpha: gopt.Alpha, Beta: gopt.Beta, DeltaEmpty: gopt.DeltaEmpty, Convention: gopt.Convention.String(), Samples: gopt.Samples, Seed: gopt.Seed, Computed: !opt.NoGamma},
	}
	// Categories: 0 is "no label".
	cats := map[string]int{"": 0}
	labels := []string{""}
	cat := func(l string) int {
		c, ok := cats[l]
		if !ok {
			c = len(labels)
			cats[l] = c
			labels = append(labels, l)
		}
		return c
	}
	var work []docWork
	byCount := map[int]int{}
	for i := range docs {
		d := &docs[i]
		var dc []int
		for _, c := range d.Coders {
			if k, ok := ci[c]; ok {
				dc = append(dc, k)
			}
		}
		if len(dc) < 2 {
			continue
		}
		sort.Ints(dc)
		w := docWork{doc: d, coders: dc}
		for _, k := range dc {
			ls := LayerSpans(d.Spans[coders[k]], opt.Layer)
			for _, sp := range ls {
				cat(sp.Label)
			}
			w.layer = append(w.layer, ls)
		}
		work = append(work, w)
		byCount[len(dc)]++
	}
	// Tokenizing is most of the preparation: in parallel, the categories
	// being known.
	parallel(len(work), func(i int) {
		w := &work[i]
		ix := annot.NewIndex(w.doc.Text)
		w.length = ix.Len()
		for _, ls := range w.layer {
			w.tokens = append(w.tokens, tokenLabels(ix, ls, func(l string) int { return cats[l] }))
		}
	})
	rep.Documents = len(work)
	// Fleiss' κ and the all-coder αU need the same number of coders on
	// every document: the commonest number (ties to the larger).
	for n, c := range byCount {
		if c > byCount[rep.FleissCoders] || c == byCount[rep.FleissCoders] && n > rep.FleissCoders {
			rep.FleissCoders = n
		}
	}
	// γ, the slowest measure, runs beside the others.
	var gammaDone chan []gammaResult
	if !opt.NoGamma {
		gammaDone = make(chan []gammaResult, 1)
		go func() { gammaDone <- docGammas(work, gopt) }()
	}
	type pairAcc struct {
		docs                   int
		matched, na, nb        int
		omatched               int
		all, labelled          *cohenAcc
		tokens, tokensLabelled int
		units                  []Unit
		length                 int
		rel                    map[string]*RelationFigures
		attr                   *cohenAcc
		attrUnits              int
	}
	np := len(coders) * (len(coders) - 1) / 2
	pairs := make([]*pairAcc, np)
	pairIndex := func(a, b int) int { // a < b
		return a*len(coders) - a*(a+1)/2 + (b - a - 1)
	}
	for i := range pairs {
		pairs[i] = &pairAcc{all: newCohenAcc(), labelled: newCohenAcc(), attr: newCohenAcc(), rel: map[string]*RelationFigures{}}
	}
	label := func(l string) *LabelFigures {
		f := rep.PerLabel[l]
		if f == nil {
			f = &LabelFigures{}
			rep.PerLabel[l] = f
		}
		return f
	}
	allAlpha, labAlpha := newNominalAcc(), newNominalAcc()
	binary := newBinaryAcc()
	fleissAll, fleissLab := newFleissAcc(rep.FleissCoders), newFleissAcc(rep.FleissCoders)
	var slotUnits []Unit
	slotLength := 0
	attrKey := AttrKeys[opt.Layer]
	attrVals := map[string]int{}
	attrCat := func(v string) int {
		c, ok := attrVals[v]
		if !ok {
			c = len(attrVals)
			attrVals[v] = c
		}
		return c
	}
	attrAlpha := newNominalAcc()
	attrUnits := 0
	choiceCats := map[string]int{}
	choiceCat := func(v string) int {
		c, ok := choiceCats[v]
		if !ok {
			c = len(choiceCats)
			choiceCats[v] = c
		}
		return c
	}
	values := make([]int, 0, len(coders))
	for wi := range work {
		w := &work[wi]
		d := w.doc
		df := DocFigures{ID: d.ID, Title: d.Title, Gamma: undefined}
		for _, k := range w.coders {
			df.Coders = append(df.Coders, coders[k])
		}
		// Tokens: every coder of the document has a value for every token.
		docAlpha := newNominalAcc()
		nt := len(w.tokens[0])
		for t := 0; t < nt; t++ {
			values = values[:0]
			any := false
			for s := range w.coders {
				v := w.tokens[s][t]
				values = append(values, v)
				any = any || v != 0
			}
			allAlpha.unit(values)
			docAlpha.unit(values)
			binary.unit(values)
			rep.Tokens++
			if any {
				labAlpha.unit(values)
				rep.TokensLabelled++
			}
			if len(values) == rep.FleissCoders {
				fleissAll.subject(values)
				if any {
					fleissLab.subject(values)
				}
			}
		}
		df.KrippendorffAlpha = docAlpha.alpha()
		if len(w.coders) == rep.FleissCoders {
			rep.FleissDocuments++
			for s := range w.coders {
				slotUnits = append(slotUnits, unitsOf(w.layer[s], s, slotLength)...)
			}
			slotLength += w.length
		}
		var docUnits []Unit
		for s := range w.coders {
			docUnits = append(docUnits, unitsOf(w.layer[s], s, 0)...)
		}
		df.AlphaU, _ = alphaUValue(w.length, len(w.coders), docUnits)
		// Relations: every coder's links, keyed by label and end spans.
		links := make([]map[string]map[string]int, len(w.coders))
		targets := make([]map[string]map[string]string, len(w.coders))
		for s, k := range w.coders {
			links[s], targets[s] = linkIndex(d.Spans[coders[k]], d.Relations[coders[k]])
		}
		// Spans of the relations' source layers, per coder slot.
		// Spans and their keys are made once per coder and layer.
		type keyed struct {
			spans []annot.Span
			keys  []string
		}
		byLayer := make([]map[annot.Layer]keyed, len(w.coders))
		layerOf := func(slot int, l annot.Layer) keyed {
			if byLayer[slot] == nil {
				byLayer[slot] = map[annot.Layer]keyed{}
			}
			k, ok := byLayer[slot][l]
			if !ok {
				if l == opt.Layer {
					k.spans = w.layer[slot]
				} else {
					k.spans = LayerSpans(d.Spans[coders[w.coders[slot]]], l)
				}
				k.keys = spanKeys(k.spans)
				byLayer[slot][l] = k
			}
			return k
		}
		var dMatched, dOMatched, dN int
		for s := range w.coders {
			for t := s + 1; t < len(w.coders); t++ {
				a, b := w.coders[s], w.coders[t]
				p := pairs[pairIndex(a, b)]
				p.docs++
				for i := 0; i < nt; i++ {
					x, y := w.tokens[s][i], w.tokens[t][i]
					p.all.add(x, y)
					p.tokens++
					if x != 0 || y != 0 {
						p.labelled.add(x, y)
						p.tokensLabelled++
					}
				}
				la, lb := w.layer[s], w.layer[t]
				ex := exactPairs(layerOf(s, opt.Layer).keys, layerOf(t, opt.Layer).keys)
				ov := OverlapPairs(la, lb)
				p.matched += len(ex)
				p.omatched += len(ov)
				p.na += len(la)
				p.nb += len(lb)
				dMatched += len(ex)
				dOMatched += len(ov)
				dN += len(la) + len(lb)
				for _, sp := range la {
					label(sp.Label).na++
				}
				for _, sp := range lb {
					label(sp.Label).nb++
				}
				for _, m := range ex {
					label(la[m[0]].Label).Matched++
				}
				for _, m := range ov {
					label(la[m[0]].Label).OverlapMatched++
				}
				p.units = append(p.units, unitsOf(la, 0, p.length)...)
				p.units = append(p.units, unitsOf(lb, 1, p.length)...)
				p.length += w.length
				if attrKey != "" {
					for _, m := range ex {
						p.attr.add(attrCat(la[m[0]].Attrs[attrKey]), attrCat(lb[m[1]].Attrs[attrKey]))
						p.attrUnits++
					}
				}
				// Links.
				for rl, ka := range unionKeys(links[s], links[t]) {
					f := p.rel[rl]
					if f == nil {
						f = &RelationFigures{choice: newCohenAcc()}
						p.rel[rl] = f
					}
					for k := range ka {
						na, nb := links[s][rl][k], links[t][rl][k]
						f.Matched += min(na, nb)
						f.OnlyA += na - min(na, nb)
						f.OnlyB += nb - min(na, nb)
					}
				}
				for _, r := range RelationLabels {
					f := p.rel[r.Label]
					if f == nil {
						f = &RelationFigures{choice: newCohenAcc()}
						p.rel[r.Label] = f
					}
					ka, kb := layerOf(s, r.From), layerOf(t, r.From)
					fa, fb := ka.spans, kb.spans
					for _, m := range exactPairs(ka.keys, kb.keys) {
						// A target is a span of this document: the same
						// offsets in another document are another choice.
						va := targets[s][r.Label][fa[m[0]].ID]
						vb := targets[t][r.Label][fb[m[1]].ID]
						f.choice.add(choiceCat(docChoice(d.ID, va)), choiceCat(docChoice(d.ID, vb)))
						f.Units++
					}
				}
			}
		}
		df.Matched = dMatched
		df.Unmatched = dN - 2*dMatched
		df.SpanF1Exact = f1(dMatched, dN, 0)
		df.SpanF1Overlap = f1(dOMatched, dN, 0)
		// Attributes over all coders: one unit per span key two or more
		// coders marked.
		if attrKey != "" {
			byKey := map[string][]int{}
			var order []string
			for s := range w.coders {
				seen := map[string]bool{}
				keys := layerOf(s, opt.Layer).keys
				for i, sp := range w.layer[s] {
					k := keys[i]
					if seen[k] {
						continue
					}
					seen[k] = true
					if byKey[k] == nil {
						order = append(order, k)
					}
					byKey[k] = append(byKey[k], attrCat(sp.Attrs[attrKey]))
				}
			}
			for _, k := range order {
				if len(byKey[k]) >= 2 {
					attrAlpha.unit(byKey[k])
					attrUnits++
				}
			}
		}
		rep.PerDocument = append(rep.PerDocument, df)
	}
	rep.Gamma = undefined
	if gammaDone != nil {
		projectGamma(rep, <-gammaDone)
	}
	rep.KrippendorffAlpha = allAlpha.alpha()
	rep.KrippendorffAlphaLabelled = labAlpha.alpha()
	rep.FleissKappa = fleissAll.kappa()
	rep.FleissKappaLabelled = fleissLab.kappa()
	var cats2 map[string]CategoryAlpha
	rep.AlphaU, cats2 = alphaUValue(slotLength, rep.FleissCoders, slotUnits)
	for l, f := range rep.PerLabel {
		f.OnlyA, f.OnlyB = f.na-f.Matched, f.nb-f.Matched
		f.SpanF1Exact = f1(f.Matched, f.na, f.nb)
		f.SpanF1Overlap = f1(f.OverlapMatched, f.na, f.nb)
		f.KrippendorffAlpha = binary.alpha(cats[l])
		f.AlphaU = undefined
		if c, ok := cats2[l]; ok {
			f.AlphaU = Value(c.Alpha)
		}
	}
	pooledAttr := newCohenAcc()
	var attrPairs []AttrPair
	pooledUnits := 0
	for a := range coders {
		for b := a + 1; b < len(coders); b++ {
			p := pairs[pairIndex(a, b)]
			if p.docs == 0 {
				continue
			}
			pr := Pair{
				A: coders[a], B: coders[b], Documents: p.docs,
				SpanF1Exact: f1(p.matched, p.na, p.nb), SpanF1Overlap: f1(p.omatched, p.na, p.nb),
				Matched: p.matched, OnlyA: p.na - p.matched, OnlyB: p.nb - p.matched,
				OverlapMatched: p.omatched, OverlapOnlyA: p.na - p.omatched, OverlapOnlyB: p.nb - p.omatched,
				CohenKappa: p.all.kappa(), CohenKappaLabelled: p.labelled.kappa(),
				Tokens: p.tokens, TokensLabelled: p.tokensLabelled,
				Relations: map[string]*RelationFigures{},
			}
			pr.AlphaU, _ = alphaUValue(p.length, 2, p.units)
			for rl, f := range p.rel {
				f.F1 = f1(f.Matched, f.Matched+f.OnlyA, f.Matched+f.OnlyB)
				f.Kappa = f.choice.kappa()
				pr.Relations[rl] = f
				all := rep.Relations[rl]
				if all == nil {
					all = &RelationFigures{choice: newCohenAcc()}
					rep.Relations[rl] = all
				}
				all.Matched += f.Matched
				all.OnlyA += f.OnlyA
				all.OnlyB += f.OnlyB
				all.Units += f.Units
				all.choice.merge(f.choice)
			}
			if attrKey != "" {
				attrPairs = append(attrPairs, AttrPair{A: coders[a], B: coders[b], Units: p.attrUnits, CohenKappa: p.attr.kappa()})
				pooledAttr.merge(p.attr)
				pooledUnits += p.attrUnits
			}
			rep.Pairs = append(rep.Pairs, pr)
		}
	}
	for _, f := range rep.Relations {
		f.F1 = f1(f.Matched, f.Matched+f.OnlyA, f.Matched+f.OnlyB)
		f.Kappa = f.choice.kappa()
	}
	if attrKey != "" {
		rep.Attributes[attrKey] = &AttrFigures{Units: pooledUnits, AlphaUnits: attrUnits, CohenKappa: pooledAttr.kappa(), KrippendorffAlpha: attrAlpha.alpha(), Pairs: attrPairs}
	}
	return rep, nil
}

// linkIndex counts a coder's links by relation label and key (the label
// and both ends' SpanKey), and maps each span id to the targets it links
// to under each label (their SpanKeys, sorted, joined by " + "; "" for
// none).
func linkIndex(spans []annot.Span, rels []annot.Relation) (map[string]map[string]int, map[string]map[string]string) {
	byID := make(map[string]annot.Span, len(spans))
	for _, s := range spans {
		byID[s.ID] = s
	}
	links := map[string]map[string]int{}
	tl := map[string]map[string][]string{}
	for _, r := range rels {
		from, ok1 := byID[r.From]
		to, ok2 := byID[r.To]
		if !ok1 || !ok2 {
			continue
		}
		if links[r.Label] == nil {
			links[r.Label] = map[string]int{}
			tl[r.Label] = map[string][]string{}
		}
		tk := SpanKey(to)
		links[r.Label][SpanKey(from)+" -> "+tk]++
		tl[r.Label][r.From] = append(tl[r.Label][r.From], tk)
	}
	targets := map[string]map[string]string{}
	for l, m := range tl {
		targets[l] = map[string]string{}
		for id, ts := range m {
			slices.Sort(ts)
			targets[l][id] = strings.Join(ts, " + ")
		}
	}
	return links, targets
}

// unionKeys maps each relation label of a or b to the union of its link
// keys.
func unionKeys(a, b map[string]map[string]int) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, m := range []map[string]map[string]int{a, b} {
		for l, ks := range m {
			if out[l] == nil {
				out[l] = map[string]bool{}
			}
			for k := range ks {
				out[l][k] = true
			}
		}
	}
	return out
}

// gammaResult is one document's γ: its observed and expected disorder,
// each times the document's mean units per coder.
type gammaResult struct {
	obs, exp float64
	gamma    Value
	ok, skip bool
}

// parallel calls f(0) ... f(n-1) on GOMAXPROCS goroutines.
func parallel(n int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// docGammas computes γ per document: its coders, the layer's pieces as
// units.
func docGammas(work []docWork, opt GammaOptions) []gammaResult {
	res := make([]gammaResult, len(work))
	parallel(len(work), func(i int) {
		w := &work[i]
		var units []GammaUnit
		for s := range w.coders {
			for _, sp := range w.layer[s] {
				for _, p := range sp.Pieces() {
					units = append(units, GammaUnit{Annotator: s, Category: sp.Label, Start: float64(p.Start), End: float64(p.End)})
				}
			}
		}
		if len(units) == 0 {
			return
		}
		g, err := Gamma(len(w.coders), units, opt)
		if err != nil || !Value(g.Observed).Defined() || !Value(g.Expected).Defined() {
			res[i].skip = true
			return
		}
		mean := float64(len(units)) / float64(len(w.coders))
		res[i] = gammaResult{obs: g.Observed * mean, exp: g.Expected * mean, gamma: Value(g.Gamma), ok: true}
	})
	return res
}

// projectGamma sets the documents' γ and the project's: 1 - Σ observed /
// Σ expected over the documents, each disorder weighted by the document's
// mean units per coder, so the total disorder of the documents' best
// alignments over the total expected by chance.
func projectGamma(rep *Report, res []gammaResult) {
	var obs, exp float64
	for i, r := range res {
		if r.skip {
			rep.GammaParameters.Skipped++
		}
		if !r.ok {
			continue
		}
		rep.GammaParameters.Documents++
		rep.PerDocument[i].Gamma = r.gamma
		obs += r.obs
		exp += r.exp
	}
	if exp > 0 {
		rep.Gamma = Value(1 - obs/exp)
	} else if rep.GammaParameters.Documents > 0 && obs == 0 {
		rep.Gamma = 1
	}
}

// docChoice names a target choice across documents: "" (no link) is the
// same everywhere.
func docChoice(docID, targets string) string {
	if targets == "" {
		return ""
	}
	return docID + "\x00" + targets
}
