// Package suggest proposes annotations for a coder to accept or reject:
// quotations paired from their marks, with their cue and speaker; more
// occurrences of entities already labelled, names from the project
// gazetteer, acronyms linked to their expansion; reported claims. It also
// lints a document's annotations. It is pure Go: no Fyne, no database.
//
// A Suggestion is a self-contained group of new spans and relations (a
// QUOTE with its CUE and SPEAKER, one entity, a SAME_AS link) with a
// confidence, a reason and a stable key. The window's editing session
// (package edit) runs Run in a background goroutine when a document opens
// and saves the coder's answers through the store:
//
//	opt, _ := st.SuggestOptions(ctx, docID)      // lexicon, gazetteer, rejected keys
//	sgs, err := suggest.Run(ctx, bundle, ix, opt) // cancel ctx when the document closes
//	...
//	st.AcceptSuggestions(ctx, user, docID, sgs[i])                  // A: one undoable action
//	st.RejectSuggestion(ctx, user, docID, sgs[i].Key, summary)      // X: never proposed again; one undoable action
//	st.AcceptSuggestions(ctx, user, docID, suggest.WithLabel(sgs, "PERSON")...)
//
// and the window draws each suggestion's Spans distinctly from accepted
// ones.
package suggest

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"spanbench/annot"
)

// Sources of suggestions, the names Options.Suggesters takes.
const (
	SourceQuotes   = "quotes"   // paired quotation marks, with cue and speaker
	SourceEntities = "entities" // more occurrences of labelled entities, gazetteer names
	SourceAcronyms = "acronyms" // "Long Name (ACR)" as a SAME_AS link
	SourceClaims   = "claims"   // reported claims with their claimant
)

// Sources lists every suggester, in the order Run runs them.
var Sources = []string{SourceEntities, SourceAcronyms, SourceQuotes, SourceClaims}

// Attribute keys every suggested span carries, so an export of suggestions
// says which spans are machine proposals.
const (
	AttrSuggested  = "suggested"  // "true"
	AttrConfidence = "confidence" // "0.90"
	AttrReason     = "reason"     // "paired “…”, cue 'said' + PERSON"
)

// DefaultMinConfidence is the confidence below which Run drops a suggestion
// unless Options.MinConfidence says otherwise: short quoted words with no
// cue (scare quotes) and titles fall under it.
const DefaultMinConfidence = 0.4

// Suggestion is one proposal: spans to create and relations to add, accepted
// or rejected as a whole.
type Suggestion struct {
	// Key identifies the proposal across runs (layer, label and offsets of
	// its main span, or the ends of its main relation), so a rejection can
	// be remembered: "quote/QUOTE/120-348".
	Key string
	// Source is the suggester that made it (SourceQuotes, ...).
	Source string
	// Layer and Label are those of the main span, or LayerRelation and the
	// relation label for a suggestion that only links existing spans.
	Layer annot.Layer
	Label string
	// Start and End locate the suggestion in the text, for drawing and for
	// Tab: the main span's extent, or the first end of the main relation.
	Start, End int
	// Confidence is in (0, 1]; Reason says in a few words why.
	Confidence float64
	Reason     string
	// Spans are the spans to create, the main one first. Their IDs are
	// derived from the document and the key, so the same span proposed
	// twice (a speaker of two quotes) has one ID. Each carries the attrs
	// suggested, confidence and reason.
	Spans []annot.Span
	// Relations link spans of Spans or spans the document already has.
	Relations []annot.Relation
}

// Options tunes Run. The zero value runs every suggester with the default
// lexicon and no gazetteer.
type Options struct {
	// Lexicon holds the cue words; nil means DefaultLexicon().
	Lexicon *Lexicon
	// Gazetteer holds known names and their labels.
	Gazetteer []GazetteerEntry
	// Rejected holds keys of suggestions rejected for this document.
	Rejected map[string]bool
	// MinConfidence drops suggestions below it; 0 means
	// DefaultMinConfidence, a negative value keeps everything.
	MinConfidence float64
	// Suggesters names the suggesters to run (Sources); nil runs all.
	Suggesters []string
	// Labels, when set, is the project's label set: suggestions whose
	// labels it lacks are dropped (a speaker's entity falls back to MISC).
	Labels annot.LabelSet
	// Names, when set, finds names capitalisation does not show (the
	// model store's LearnedEntities trained on the project's own
	// annotations, the project's entities in other documents): speakers and
	// antecedents are taken from them too, and those with a Confidence that
	// no span or dictionary suggestion covers become entity suggestions.
	Names NameFinder
}

// Run runs the suggesters on a document and its annotations. ix must index
// b.Doc.Text. Suggestions never repeat a span the document has (an existing
// span is linked instead), never carry a rejected key, and come sorted by
// position. Run returns ctx.Err() when ctx is cancelled; it takes well under
// a second on a 1 MB article.
func Run(ctx context.Context, b annot.Bundle, ix *annot.Index, opt Options) ([]Suggestion, error) {
	if ix == nil || ix.Text() != b.Doc.Text {
		ix = annot.NewIndex(b.Doc.Text)
	}
	if opt.Lexicon == nil {
		opt.Lexicon = DefaultLexicon()
	}
	if opt.MinConfidence == 0 {
		opt.MinConfidence = DefaultMinConfidence
	}
	on := func(name string) bool {
		if opt.Suggesters == nil {
			return true
		}
		for _, s := range opt.Suggesters {
			if s == name {
				return true
			}
		}
		return false
	}
	r := &run{ctx: ctx, b: b, t: newText(ix), opt: opt}
	if err := r.check(); err != nil {
		return nil, err
	}
	r.indexExisting()
	var out []Suggestion
	ents := r.suggestEntities()
	ents = append(ents, r.learnedEntities(ents)...)
	if on(SourceEntities) {
		out = append(out, ents...)
	}
	if err := r.check(); err != nil {
		return nil, err
	}
	if on(SourceAcronyms) {
		out = append(out, r.acronyms()...)
	}
	if on(SourceQuotes) || on(SourceClaims) {
		at, err := r.attribute(ents)
		if err != nil {
			return nil, err
		}
		if on(SourceQuotes) {
			out = append(out, r.quoteSuggestions(at)...)
		}
		if on(SourceClaims) {
			cs, err := r.claims(at)
			if err != nil {
				return nil, err
			}
			out = append(out, cs...)
		}
	}
	if err := r.check(); err != nil {
		return nil, err
	}
	return r.finish(out), nil
}

// WithLabel returns the suggestions whose main label is label: what
// "accept all of this label" accepts.
func WithLabel(sgs []Suggestion, label string) []Suggestion {
	var out []Suggestion
	for _, s := range sgs {
		if s.Label == label {
			out = append(out, s)
		}
	}
	return out
}

// AsBundle returns the document with the suggestions as its annotations:
// every suggested span (each once) and relation, plus the existing spans the
// relations point at, so the bundle is complete on its own. It is what
// "spanbench suggest" writes.
func AsBundle(b annot.Bundle, sgs []Suggestion) annot.Bundle {
	out := annot.Bundle{Source: b.Source, Doc: b.Doc}
	have := map[string]bool{}
	for _, s := range sgs {
		for _, sp := range s.Spans {
			if !have[sp.ID] {
				have[sp.ID] = true
				out.Spans = append(out.Spans, sp)
			}
		}
	}
	existing := map[string]annot.Span{}
	for _, sp := range b.Spans {
		existing[sp.ID] = sp
	}
	rels := map[string]bool{}
	for _, s := range sgs {
		for _, r := range s.Relations {
			if rels[r.ID] {
				continue
			}
			rels[r.ID] = true
			out.Relations = append(out.Relations, r)
			for _, end := range []string{r.From, r.To} {
				if sp, ok := existing[end]; ok && !have[end] {
					have[end] = true
					out.Spans = append(out.Spans, sp)
				}
			}
		}
	}
	sort.SliceStable(out.Spans, func(i, j int) bool {
		if out.Spans[i].Start != out.Spans[j].Start {
			return out.Spans[i].Start < out.Spans[j].Start
		}
		return out.Spans[i].End > out.Spans[j].End
	})
	return out
}

// Plain returns a copy of a suggested span without the suggestion
// attributes, as it is saved when accepted.
func Plain(sp annot.Span) annot.Span {
	if len(sp.Attrs) == 0 {
		return sp
	}
	attrs := map[string]string{}
	for k, v := range sp.Attrs {
		if k != AttrSuggested && k != AttrConfidence && k != AttrReason {
			attrs[k] = v
		}
	}
	if len(attrs) == 0 {
		attrs = nil
	}
	sp.Attrs = attrs
	return sp
}

// SpanKey is the stable key of a span: layer, label and pieces,
// "quote/QUOTE/12-40+52-80".
func SpanKey(layer annot.Layer, label string, pieces []annot.Fragment) string {
	var sb strings.Builder
	sb.WriteString(string(layer))
	sb.WriteByte('/')
	sb.WriteString(label)
	sb.WriteByte('/')
	for i, p := range pieces {
		if i > 0 {
			sb.WriteByte('+')
		}
		sb.WriteString(strconv.Itoa(p.Start))
		sb.WriteByte('-')
		sb.WriteString(strconv.Itoa(p.End))
	}
	return sb.String()
}

// RelationKey is the stable key of a relation between two spans given by
// their keys: "SAME_AS/entity/ORG/1-4>entity/ORG/10-40".
func RelationKey(label, fromKey, toKey string) string {
	return label + "/" + fromKey + ">" + toKey
}

// run is one Run over one document.
type run struct {
	ctx context.Context
	b   annot.Bundle
	t   *text
	opt Options
	// existing spans by layer and pieces, the relations they have
	byPieces map[string]annot.Span
	hasRel   map[string]bool // label/from/to of existing relations
	spoken   map[string]bool // quote and claim ids that have a SPEAKER/CLAIMANT
	entities []annot.Span    // existing entity spans, by start
	known    map[string]string
	keyOf    map[string]string // existing span id -> span key
	names    []mention         // Options.Names' names
	found    []Name            // what Options.Names returned (foundNames)
}

func (r *run) check() error {
	if r.ctx == nil {
		return nil
	}
	return r.ctx.Err()
}

func piecesKey(layer annot.Layer, pieces []annot.Fragment) string {
	return SpanKey(layer, "", pieces)
}

// indexExisting indexes the document's spans and relations.
func (r *run) indexExisting() {
	r.byPieces = map[string]annot.Span{}
	r.hasRel = map[string]bool{}
	r.spoken = map[string]bool{}
	r.known = map[string]string{}
	r.keyOf = map[string]string{}
	votes := map[string]map[string]int{}
	for _, sp := range r.b.Spans {
		r.byPieces[piecesKey(sp.Layer, sp.Pieces())] = sp
		r.keyOf[sp.ID] = SpanKey(sp.Layer, sp.Label, sp.Pieces())
		if sp.Layer == annot.LayerEntity {
			r.entities = append(r.entities, sp)
			if len(sp.Fragments) <= 1 {
				txt := r.t.ix.Slice(sp.Start, sp.End)
				if votes[txt] == nil {
					votes[txt] = map[string]int{}
				}
				votes[txt][sp.Label]++
			}
		}
	}
	sort.SliceStable(r.entities, func(i, j int) bool { return r.entities[i].Start < r.entities[j].Start })
	for _, g := range r.opt.Gazetteer {
		r.known[g.Text] = g.Label
	}
	for txt, v := range votes {
		r.known[txt] = majority(v)
	}
	r.addNames()
	for _, rel := range r.b.Relations {
		r.hasRel[rel.Label+"/"+rel.From+"/"+rel.To] = true
		if rel.Label == annot.RelSpeaker || rel.Label == annot.RelClaimant {
			r.spoken[rel.From] = true
		}
	}
}

// majority returns the label most votes name; ties go to the first in
// alphabetical order, so results are stable.
func majority(v map[string]int) string {
	best, n := "", -1
	for l, c := range v {
		if c > n || c == n && l < best {
			best, n = l, c
		}
	}
	return best
}

// existingEntity returns the existing entity span that covers [s, e) or
// lies inside it, preferring an exact match.
func (r *run) existingEntity(s, e int) (annot.Span, bool) {
	if sp, ok := r.byPieces[piecesKey(annot.LayerEntity, []annot.Fragment{{Start: s, End: e}})]; ok {
		return sp, true
	}
	i := sort.Search(len(r.entities), func(i int) bool { return r.entities[i].Start >= e })
	for j := i - 1; j >= 0 && j >= i-20; j-- {
		sp := r.entities[j]
		if sp.Start <= s && sp.End >= e || sp.Start >= s && sp.End <= e {
			return sp, true
		}
	}
	return annot.Span{}, false
}

// group builds suggestions with derived IDs.
type group struct {
	r   *run
	sg  Suggestion
	ids map[string]bool
}

func (r *run) newGroup(source string, conf float64, reason string) *group {
	return &group{r: r, sg: Suggestion{Source: source, Confidence: round2(conf), Reason: reason}, ids: map[string]bool{}}
}

func round2(f float64) float64 {
	if f > 0.99 {
		f = 0.99
	}
	if f < 0.05 {
		f = 0.05
	}
	return float64(int(f*100+0.5)) / 100
}

// span adds a new span (or returns the id of the existing span with the same
// layer and pieces) and returns its id and key.
func (g *group) span(layer annot.Layer, label string, pieces []annot.Fragment, attrs map[string]string) (string, string) {
	// A mark followed by a combining accent shares its grapheme: never cut one.
	ix := g.r.t.ix
	snapped := make([]annot.Fragment, 0, len(pieces))
	for _, p := range pieces {
		p = annot.Fragment{Start: ix.SnapGrapheme(p.Start, false), End: ix.SnapGrapheme(p.End, true)}
		if n := len(snapped); n > 0 && p.Start <= snapped[n-1].End {
			snapped[n-1].End = max(snapped[n-1].End, p.End)
			continue
		}
		snapped = append(snapped, p)
	}
	pieces = snapped
	if sp, ok := g.r.byPieces[piecesKey(layer, pieces)]; ok {
		return sp.ID, g.r.keyOf[sp.ID]
	}
	key := SpanKey(layer, label, pieces)
	id := annot.DerivedID("suggest/"+g.r.b.Doc.ID, key)
	if !g.ids[id] {
		g.ids[id] = true
		sp := annot.Span{ID: id, DocID: g.r.b.Doc.ID, Start: pieces[0].Start, End: pieces[len(pieces)-1].End,
			Layer: layer, Label: label, Annotator: "suggest", Attrs: map[string]string{}}
		if len(pieces) > 1 {
			sp.Fragments = pieces
		}
		for k, v := range attrs {
			sp.Attrs[k] = v
		}
		sp.Attrs[AttrSuggested] = "true"
		sp.Attrs[AttrConfidence] = strconv.FormatFloat(g.sg.Confidence, 'f', 2, 64)
		sp.Attrs[AttrReason] = g.sg.Reason
		g.sg.Spans = append(g.sg.Spans, sp)
	}
	return id, key
}

// entity adds the entity a mention names: an existing span when there is
// one, else a new span.
func (g *group) entity(m *mention) (string, string) {
	if m.id != "" {
		return m.id, g.r.keyOf[m.id]
	}
	if sp, ok := g.r.existingEntity(m.start, m.end); ok {
		return sp.ID, g.r.keyOf[sp.ID]
	}
	label := m.label
	if g.r.opt.Labels != nil && !g.r.opt.Labels.Has(annot.LayerEntity, label) {
		label = "MISC"
	}
	return g.span(annot.LayerEntity, label, []annot.Fragment{{Start: m.start, End: m.end}}, nil)
}

// link adds a relation unless the document has it.
func (g *group) link(label, from, fromKey, to, toKey string) string {
	if g.r.hasRel[label+"/"+from+"/"+to] {
		return ""
	}
	key := RelationKey(label, fromKey, toKey)
	id := annot.DerivedID("suggest/"+g.r.b.Doc.ID, key)
	for _, rel := range g.sg.Relations {
		if rel.ID == id {
			return key
		}
	}
	g.sg.Relations = append(g.sg.Relations, annot.Relation{ID: id, DocID: g.r.b.Doc.ID, Label: label, From: from, To: to, Annotator: "suggest"})
	return key
}

// done completes the suggestion: its main span (the first new one) or
// main relation gives key, layer, label and extent. Nothing new: false.
func (g *group) done(mainKey string, start, end int) (Suggestion, bool) {
	sg := g.sg
	if len(sg.Spans) == 0 && len(sg.Relations) == 0 {
		return sg, false
	}
	if len(sg.Spans) > 0 && SpanKey(sg.Spans[0].Layer, sg.Spans[0].Label, sg.Spans[0].Pieces()) == mainKey {
		sp := sg.Spans[0]
		sg.Key, sg.Layer, sg.Label, sg.Start, sg.End = mainKey, sp.Layer, sp.Label, sp.Start, sp.End
	} else {
		rel := sg.Relations
		if len(rel) == 0 {
			return sg, false
		}
		from := mainKey
		sg.Key = RelationKey(rel[0].Label, from, g.keyOfID(rel[0].To))
		sg.Layer, sg.Label, sg.Start, sg.End = annot.LayerRelation, rel[0].Label, start, end
	}
	return sg, true
}

func (g *group) keyOfID(id string) string {
	if k, ok := g.r.keyOf[id]; ok {
		return k
	}
	for _, sp := range g.sg.Spans {
		if sp.ID == id {
			return SpanKey(sp.Layer, sp.Label, sp.Pieces())
		}
	}
	return id
}

// finish drops rejected and weak suggestions, and labels the project lacks,
// and sorts by position.
func (r *run) finish(in []Suggestion) []Suggestion {
	var out []Suggestion
	seen := map[string]bool{}
	for _, s := range in {
		if r.opt.Rejected[s.Key] || seen[s.Key] || s.Confidence < r.opt.MinConfidence {
			continue
		}
		if ls := r.opt.Labels; ls != nil {
			ok := true
			for _, sp := range s.Spans {
				ok = ok && ls.Has(sp.Layer, sp.Label)
			}
			for _, rel := range s.Relations {
				ok = ok && ls.Has(annot.LayerRelation, rel.Label)
			}
			if !ok {
				continue
			}
		}
		seen[s.Key] = true
		out = append(out, s)
	}
	order := map[string]int{}
	for i, s := range Sources {
		order[s] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if order[a.Source] != order[b.Source] {
			return order[a.Source] < order[b.Source]
		}
		return a.Key < b.Key
	})
	return out
}

// String formats a suggestion for logs and tests: "QUOTE 12-40 0.90 paired …".
func (s Suggestion) String() string {
	return fmt.Sprintf("%s %d-%d %.2f %s", s.Label, s.Start, s.End, s.Confidence, s.Reason)
}
