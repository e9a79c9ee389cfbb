// Package adjudicate settles coders' disagreements into one gold version
// of a document: it lists the disagreements, pre-merges what the coders
// agree on, and turns a decision into the spans and relations to write.
// It is pure Go: the window and the CLI both build on it, and the store
// writes its edits (store/adjudicate.go).
package adjudicate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"spanbench/annot"
	"spanbench/annot/agree"
)

// Gold is the annotator of the adjudicated version.
const Gold = "gold"

// AttrFrom is the span attribute recording whose version a gold span came
// from: the coders' names, comma-separated (coder names hold no comma).
const AttrFrom = "from"

// Kind is what coders disagree about.
type Kind string

// The kinds of disagreement, in the order they are diagnosed: a stretch
// some coder left unmarked is Missing, whatever else differs.
const (
	Missing   Kind = "missing"   // some coders marked the stretch, others nothing
	Boundary  Kind = "boundary"  // overlapping spans with different extents
	Label     Kind = "label"     // the same extents with different labels
	Attribute Kind = "attribute" // the same extents and labels, different attributes
	Link      Kind = "link"      // different links from a gold span
)

// Version is one way the coders marked a disagreement's stretch (or linked
// its span): the coders who did it this way, and their spans (those of the
// first of them; the others' are the same) or their relations. A coder who
// marked nothing has a Version without spans.
type Version struct {
	Coders    []string
	Spans     []annot.Span
	Relations []annot.Relation // Link: the coder's relations, between the coder's spans
	Targets   []annot.Span     // Link: the spans those relations point to, in order
}

// Disagreement is one place where the coders differ: a stretch of one
// layer (spans of different coders overlapping, chained), or the links of
// one label from one gold span.
type Disagreement struct {
	Key        string // stable while the coders' spans there do not change
	Kind       Kind
	Layer      annot.Layer
	Start, End int    // the stretch, for navigation
	Relation   string // Link: the relation label
	Source     string // Link: the gold span the links start from
	Versions   []Version
}

// Coder returns the index of the version holding coder, -1 if none.
func (d Disagreement) Coder(coder string) int {
	for i, v := range d.Versions {
		if slices.Contains(v.Coders, coder) {
			return i
		}
	}
	return -1
}

// Shows are the spans that show version v of d: its spans or, for a
// link, the spans its relations point to.
func (d Disagreement) Shows(v Version) []annot.Span {
	if d.Kind == Link {
		return v.Targets
	}
	return v.Spans
}

// AttrWords are the attributes of sp that versions differ by and a
// reader is told (a quote's kind, a claim's check-worthiness), each as
// " key=value".
func AttrWords(sp annot.Span) string {
	s := ""
	for _, k := range []string{annot.AttrKind, annot.AttrCheckworthy} {
		if v := sp.Attrs[k]; v != "" {
			s += " " + k + "=" + v
		}
	}
	return s
}

// addVersion puts coder in the version of key (index maps keys to
// versions), which mk makes if coder is the first with that key.
func (d *Disagreement) addVersion(index map[string]int, key, coder string, mk func() Version) {
	i, ok := index[key]
	if !ok {
		i = len(d.Versions)
		index[key] = i
		d.Versions = append(d.Versions, mk())
	}
	d.Versions[i].Coders = append(d.Versions[i].Coders, coder)
}

// largest returns the index of the version most coders share and their
// number; tie is true when another version has as many.
func (d Disagreement) largest() (best, n int, tie bool) {
	best = -1
	for i, v := range d.Versions {
		switch {
		case len(v.Coders) > n:
			best, n, tie = i, len(v.Coders), false
		case len(v.Coders) == n:
			tie = true
		}
	}
	return best, n, tie
}

// Edit is what a decision or a pre-merge writes: gold spans and relations
// to create (with their ids, so relations can point at new spans), and the
// keys of disagreements decided by dropping every version.
type Edit struct {
	Create []annot.Span
	Link   []annot.Relation
	Drop   []string
}

// Empty reports whether the edit writes nothing.
func (e Edit) Empty() bool { return len(e.Create) == 0 && len(e.Link) == 0 && len(e.Drop) == 0 }

// Analysis is one document's state of adjudication.
type Analysis struct {
	Coders    []string
	Threshold int
	// Disagreements are those still to decide, in text order (spans of all
	// layers, then links).
	Disagreements []Disagreement
	// Merge is the pre-merge: the agreed spans and links not yet in gold.
	Merge Edit
	// Settled counts the disagreements already decided (gold has a span
	// in the stretch or the links of the span, or they were dropped).
	Settled int

	gold    []annot.Span
	goldKey map[string]annot.Span // by SpanKey
	spans   map[string]map[string]annot.Span
}

// Options choose how much agreement the pre-merge takes.
type Options struct {
	// Threshold is the number of coders who must agree for a version to
	// be merged into gold without a decision; 0 (or more than the coders)
	// means all of them: INCEpTION's "complete agreement".
	Threshold int
	// Dropped holds the keys of disagreements decided by dropping.
	Dropped map[string]bool
}

// attrKey is the attributes compared, in a fixed order, without provenance.
func attrKey(sp annot.Span) string {
	keys := slices.Sorted(maps.Keys(sp.Attrs))
	var b strings.Builder
	for _, k := range keys {
		if k == AttrFrom {
			continue
		}
		fmt.Fprintf(&b, "|%s=%s", k, sp.Attrs[k])
	}
	return b.String()
}

func fullKey(sp annot.Span) string { return agree.SpanKey(sp) + attrKey(sp) }

func hashKey(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\n")))
	return hex.EncodeToString(h[:8])
}

// Analyse compares the coders of d (d.Coders without gold, or coders when
// given) and d's gold version.
func Analyse(d agree.Doc, coders []string, opt Options) *Analysis {
	if coders == nil {
		for _, c := range d.Coders {
			if c != Gold {
				coders = append(coders, c)
			}
		}
	}
	k := opt.Threshold
	if k <= 0 || k > len(coders) {
		k = len(coders)
	}
	a := &Analysis{Coders: coders, Threshold: k, gold: d.Spans[Gold], goldKey: map[string]annot.Span{}, spans: map[string]map[string]annot.Span{}}
	for _, sp := range a.gold {
		if _, ok := a.goldKey[agree.SpanKey(sp)]; !ok {
			a.goldKey[agree.SpanKey(sp)] = sp
		}
	}
	for _, c := range coders {
		m := map[string]annot.Span{}
		for _, sp := range d.Spans[c] {
			m[sp.ID] = sp
		}
		a.spans[c] = m
	}
	// New gold spans by SpanKey, for the links of the pre-merge.
	merged := map[string]annot.Span{}
	for _, layer := range annot.SpanLayers {
		for _, cl := range clusters(d, coders, layer) {
			dis := cl.disagreement(coders)
			if a.settledSpan(layer, cl.start, cl.end) || opt.Dropped[dis.Key] {
				if len(dis.Versions) > 1 {
					a.Settled++
				}
				continue
			}
			best, n, tie := dis.largest()
			if n >= k && !tie {
				for _, sp := range dis.Versions[best].Spans {
					g := goldCopy(sp, dis.Versions[best].Coders)
					a.Merge.Create = append(a.Merge.Create, g)
					merged[agree.SpanKey(g)] = g
				}
				continue
			}
			a.Disagreements = append(a.Disagreements, dis)
		}
	}
	a.links(d, coders, opt, merged)
	return a
}

// goldCopy is a coder's span as a new gold span, with its provenance.
func goldCopy(sp annot.Span, from []string) annot.Span {
	g := sp
	g.ID = annot.NewID()
	g.DocID = ""
	g.Annotator = Gold
	g.Attrs = map[string]string{}
	for k, v := range sp.Attrs {
		g.Attrs[k] = v
	}
	g.Attrs[AttrFrom] = strings.Join(from, ",")
	g.Fragments = slices.Clone(sp.Fragments)
	return g
}

// settledSpan reports whether gold has a span of layer in [start, end).
func (a *Analysis) settledSpan(layer annot.Layer, start, end int) bool {
	for _, g := range a.gold {
		if g.Layer == layer && g.Start < end && start < g.End {
			return true
		}
	}
	return false
}

// cluster is a stretch of one layer: coders' spans overlapping, chained.
type cluster struct {
	start, end int
	spans      []annot.Span
}

func clusters(d agree.Doc, coders []string, layer annot.Layer) []cluster {
	var all []annot.Span
	for _, c := range coders {
		for _, sp := range d.Spans[c] {
			if sp.Layer == layer {
				sp.Annotator = c
				all = append(all, sp)
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Start < all[j].Start })
	var out []cluster
	for _, sp := range all {
		if n := len(out); n > 0 && sp.Start < out[n-1].end {
			out[n-1].end = max(out[n-1].end, sp.End)
			out[n-1].spans = append(out[n-1].spans, sp)
			continue
		}
		out = append(out, cluster{sp.Start, sp.End, []annot.Span{sp}})
	}
	return out
}

// disagreement describes a cluster: the coders' versions (coders with the
// same spans, attributes included, together) and the kind of difference.
// A cluster with one version is agreed.
func (cl cluster) disagreement(coders []string) Disagreement {
	byCoder := map[string][]annot.Span{}
	for _, sp := range cl.spans {
		byCoder[sp.Annotator] = append(byCoder[sp.Annotator], sp)
	}
	d := Disagreement{Layer: cl.spans[0].Layer, Start: cl.start, End: cl.end}
	index := map[string]int{}
	for _, c := range coders {
		var parts []string
		for _, sp := range byCoder[c] {
			parts = append(parts, fullKey(sp))
		}
		d.addVersion(index, strings.Join(parts, ";"), c, func() Version {
			var spans []annot.Span
			for _, sp := range byCoder[c] {
				sp.Annotator = c
				spans = append(spans, sp)
			}
			return Version{Spans: spans}
		})
	}
	d.Key = hashKey(append([]string{string(d.Layer)}, slices.Sorted(maps.Keys(index))...)...)
	d.Kind = kindOf(d.Versions)
	return d
}

func kindOf(vs []Version) Kind {
	extents := map[string]bool{}
	labels := map[string]bool{}
	for _, v := range vs {
		if len(v.Spans) == 0 {
			return Missing
		}
		var e, l []string
		for _, sp := range v.Spans {
			e = append(e, fmt.Sprint(sp.Pieces()))
			l = append(l, fmt.Sprint(sp.Pieces())+sp.Label)
		}
		extents[strings.Join(e, ";")] = true
		labels[strings.Join(l, ";")] = true
	}
	switch {
	case len(extents) > 1:
		return Boundary
	case len(labels) > 1:
		return Label
	}
	return Attribute
}

// links compares the coders' links from the gold spans (those there and
// those the pre-merge adds): per relation label and gold span, the coders
// who have that span exactly give their sets of targets.
func (a *Analysis) links(d agree.Doc, coders []string, opt Options, merged map[string]annot.Span) {
	goldAt := func(key string) (annot.Span, bool) {
		if g, ok := a.goldKey[key]; ok {
			return g, true
		}
		g, ok := merged[key]
		return g, ok
	}
	goldLinked := map[[2]string]bool{} // (label, gold span id) with a gold link
	for _, r := range d.Relations[Gold] {
		goldLinked[[2]string{r.Label, r.From}] = true
	}
	type group struct {
		label, from string // relation label, SpanKey of the source
	}
	// per group, per coder: the coder's relations.
	found := map[group]map[string][]annot.Relation{}
	var order []group
	for _, c := range coders {
		for _, r := range d.Relations[c] {
			from, ok1 := a.spans[c][r.From]
			_, ok2 := a.spans[c][r.To]
			if !ok1 || !ok2 {
				continue
			}
			g := group{r.Label, agree.SpanKey(from)}
			if found[g] == nil {
				found[g] = map[string][]annot.Relation{}
				order = append(order, g)
			}
			found[g][c] = append(found[g][c], r)
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].from != order[j].from {
			return order[i].from < order[j].from
		}
		return order[i].label < order[j].label
	})
	for _, g := range order {
		src, ok := goldAt(g.from)
		if !ok {
			continue // the source is not settled yet
		}
		var present []string
		for _, c := range coders {
			for _, sp := range a.spans[c] {
				if agree.SpanKey(sp) == g.from {
					present = append(present, c)
					break
				}
			}
		}
		dis := Disagreement{Kind: Link, Layer: src.Layer, Start: src.Start, End: src.End, Relation: g.label, Source: src.ID}
		index := map[string]int{}
		for _, c := range present {
			rs := found[g][c]
			var targets []annot.Span
			var tk []string
			for _, r := range rs {
				t := a.spans[c][r.To]
				targets = append(targets, t)
				tk = append(tk, agree.SpanKey(t))
			}
			sort.Strings(tk)
			dis.addVersion(index, strings.Join(tk, ";"), c, func() Version { return Version{Relations: rs, Targets: targets} })
		}
		dis.Key = hashKey(append([]string{"link", g.label, g.from}, slices.Sorted(maps.Keys(index))...)...)
		if goldLinked[[2]string{g.label, src.ID}] || opt.Dropped[dis.Key] {
			if len(dis.Versions) > 1 {
				a.Settled++
			}
			continue
		}
		need := min(a.Threshold, len(present))
		best, n, tie := dis.largest()
		agreed := n >= need && !tie
		if _, there := a.goldKey[g.from]; !agreed && !there {
			continue // listed once the pre-merge has written the source
		}
		if agreed {
			v := dis.Versions[best]
			if len(v.Relations) == 0 {
				continue // agreed: no link
			}
			var links []annot.Relation
			complete := true
			for _, t := range v.Targets {
				gt, ok := goldAt(agree.SpanKey(t))
				if !ok {
					complete = false
					break
				}
				links = append(links, annot.Relation{ID: annot.NewID(), Label: g.label, From: src.ID, To: gt.ID, Annotator: Gold})
			}
			if complete {
				a.Merge.Link = append(a.Merge.Link, links...)
			}
			continue // agreed; its targets may still wait for a decision
		}
		a.Disagreements = append(a.Disagreements, dis)
	}
}

// Choice is a decision on a disagreement.
type Choice int

const (
	// Take writes the version of one coder.
	Take Choice = iota
	// TakeAll writes every version (the spans of all, once each; the links
	// of all).
	TakeAll
	// Drop writes nothing and records the disagreement as decided.
	Drop
)

// Decide turns a decision on disagreement d (of this analysis) into the
// edit to write: for Take, the version of coder; spans become gold spans
// with their provenance (AttrFrom); links become gold links from the gold
// source span, to the gold span at the target's place, made from the
// coder's target when gold has none there. Taking the version of a coder
// who marked nothing is a drop.
func (a *Analysis) Decide(d Disagreement, choice Choice, coder string) (Edit, error) {
	var vs []Version
	switch choice {
	case Take:
		i := d.Coder(coder)
		if i < 0 {
			return Edit{}, fmt.Errorf("coder %q has no version of this disagreement (coders: %s)", coder, strings.Join(a.Coders, ", "))
		}
		vs = d.Versions[i : i+1]
	case TakeAll:
		vs = d.Versions
	case Drop:
		return Edit{Drop: []string{d.Key}}, nil
	default:
		return Edit{}, fmt.Errorf("unknown choice %d", choice)
	}
	var e Edit
	if d.Kind != Link {
		seen := map[string]int{}
		for _, v := range vs {
			for _, sp := range v.Spans {
				k := fullKey(sp)
				if i, ok := seen[k]; ok {
					from := strings.Split(e.Create[i].Attrs[AttrFrom], ",")
					e.Create[i].Attrs[AttrFrom] = strings.Join(append(from, v.Coders...), ",")
					continue
				}
				seen[k] = len(e.Create)
				e.Create = append(e.Create, goldCopy(sp, v.Coders))
			}
		}
		if len(e.Create) == 0 {
			e.Drop = []string{d.Key}
		}
		return e, nil
	}
	made := map[string]string{} // SpanKey -> gold id
	linked := map[string]bool{}
	for _, v := range vs {
		for _, t := range v.Targets {
			k := agree.SpanKey(t)
			id, ok := made[k]
			if !ok {
				if g, there := a.goldKey[k]; there {
					id = g.ID
				} else {
					g := goldCopy(t, v.Coders)
					e.Create = append(e.Create, g)
					id = g.ID
				}
				made[k] = id
			}
			if !linked[id] {
				linked[id] = true
				e.Link = append(e.Link, annot.Relation{ID: annot.NewID(), Label: d.Relation, From: d.Source, To: id, Annotator: Gold})
			}
		}
	}
	if len(e.Link) == 0 {
		e.Drop = []string{d.Key}
	}
	return e, nil
}
