package edit

import (
	"slices"
	"sort"
	"strings"

	"spanbench/annot"
	"spanbench/store"
)

// Doc is the open document: its text, spans and relations as stored. The
// session changes it only from what the store returns (Apply's Result),
// so it never holds an edit the project file lacks.
type Doc struct {
	Info  annot.DocInfo
	Ix    *annot.Index
	spans []annot.Span // the span order (annot.CompareSpans)
	rels  []annot.Relation
	// byID finds a span's place in spans (a binary search by its extent),
	// so that changes keep it up to date without renumbering; nil until
	// first used.
	byID   map[string]extent
	entRev int
	// Loading is set while the spans of a big document are being read;
	// edits wait for them (ErrLoading).
	Loading bool
}

// NewDoc makes the open document of a bundle read from the store (spans in
// the store's order); ix may be nil.
func NewDoc(b annot.Bundle, ix *annot.Index) *Doc {
	if ix == nil {
		ix = annot.NewIndex(b.Doc.Text)
	}
	d := &Doc{Ix: ix, spans: b.Spans, rels: b.Relations}
	d.Info = annot.DocInfo{ID: b.Doc.ID, Title: b.Doc.Title, Status: b.Doc.Status, Meta: b.Doc.Meta,
		SHA256: b.Doc.SHA256, Length: ix.Len(), Created: b.Doc.Created, Updated: b.Doc.Updated}
	d.Info.Counts = d.counts()
	return d
}

// SetSpans replaces the spans and relations (a big document's, read after
// its text).
func (d *Doc) SetSpans(spans []annot.Span, rels []annot.Relation) {
	d.spans, d.rels, d.Loading, d.byID = spans, rels, false, nil
	d.entRev++
	d.Info.Counts = d.counts()
}

// Spans are the document's spans in the span order; do not change them.
func (d *Doc) Spans() []annot.Span { return d.spans }

// Relations are the document's relations; do not change them.
func (d *Doc) Relations() []annot.Relation { return d.rels }

// EntRev counts changes to entities (the options of a speaker picker).
func (d *Doc) EntRev() int { return d.entRev }

// Bundle is a copy of the document as a bundle (for a suggester).
func (d *Doc) Bundle() annot.Bundle {
	return annot.Bundle{Doc: annot.Document{ID: d.Info.ID, Title: d.Info.Title, Text: d.Ix.Text(), Meta: d.Info.Meta, Status: d.Info.Status},
		Spans: slices.Clone(d.spans), Relations: slices.Clone(d.rels)}
}

func (d *Doc) counts() annot.LayerCounts {
	var c annot.LayerCounts
	for _, sp := range d.spans {
		c.Add(sp.Layer, 1)
	}
	return c
}

// extent is where a span sorts in the span order, with its id.
type extent struct{ start, end int }

// Find returns the span with id and its index in Spans.
func (d *Doc) Find(id string) (annot.Span, int, bool) {
	if d.byID == nil {
		d.byID = make(map[string]extent, len(d.spans))
		for _, sp := range d.spans {
			d.byID[sp.ID] = extent{sp.Start, sp.End}
		}
	}
	x, ok := d.byID[id]
	if !ok {
		return annot.Span{}, -1, false
	}
	key := annot.Span{ID: id, Start: x.start, End: x.end}
	i := sort.Search(len(d.spans), func(i int) bool { return annot.CompareSpans(d.spans[i], key) >= 0 })
	if i < len(d.spans) && d.spans[i].ID == id {
		return d.spans[i], i, true
	}
	return annot.Span{}, -1, false
}

// LayerOf returns the layer of span id, "" when there is none.
func (d *Doc) LayerOf(id string) annot.Layer {
	if sp, _, ok := d.Find(id); ok {
		return sp.Layer
	}
	return ""
}

// Links returns the relations leaving span id with the given label ("" any).
func (d *Doc) Links(id, label string) []annot.Relation {
	var out []annot.Relation
	for _, r := range d.rels {
		if r.From == id && (label == "" || r.Label == label) {
			out = append(out, r)
		}
	}
	return out
}

// Touching returns every relation with span id at either end.
func (d *Doc) Touching(id string) []annot.Relation {
	var out []annot.Relation
	for _, r := range d.rels {
		if r.From == id || r.To == id {
			out = append(out, r)
		}
	}
	return out
}

// SpeakerText names who said sp: the text of its SPEAKER or CLAIMANT
// ends, joined; "" when it has none.
func (d *Doc) SpeakerText(sp annot.Span) string {
	label := annot.LinkLabel(sp.Layer)
	if label == "" {
		return ""
	}
	var names []string
	for _, r := range d.Links(sp.ID, label) {
		if to, _, ok := d.Find(r.To); ok {
			names = append(names, d.Ix.Slice(to.Start, to.End))
		}
	}
	return strings.Join(names, ", ")
}

// put inserts or replaces a span, keeping the span order and the layer
// counts. A replaced span that keeps its place is replaced in place.
func (d *Doc) put(sp annot.Span) {
	old, i, ok := d.Find(sp.ID)
	if sp.Layer == annot.LayerEntity || ok && old.Layer == annot.LayerEntity {
		d.entRev++
	}
	if ok {
		d.Info.Counts.Add(old.Layer, -1)
		d.Info.Counts.Add(sp.Layer, 1)
		if old.Start == sp.Start && old.End == sp.End {
			d.spans[i] = sp
			return
		}
		d.spans = slices.Delete(d.spans, i, i+1)
	} else {
		d.Info.Counts.Add(sp.Layer, 1)
	}
	d.byID[sp.ID] = extent{sp.Start, sp.End}
	i = sort.Search(len(d.spans), func(i int) bool { return annot.CompareSpans(sp, d.spans[i]) < 0 })
	d.spans = slices.Insert(d.spans, i, sp)
}

// removeSpan deletes a span (its relations are removed by the Result).
func (d *Doc) removeSpan(id string) {
	if sp, i, ok := d.Find(id); ok {
		d.spans = slices.Delete(d.spans, i, i+1)
		delete(d.byID, id)
		d.Info.Counts.Add(sp.Layer, -1)
		if sp.Layer == annot.LayerEntity {
			d.entRev++
		}
	}
}

// apply takes in what an action stored, mechanically: the relations and
// spans it deleted, then the spans and relations it put. It returns the
// ids of the spans whose drawing changed: those changed, and the quotes
// and claims whose speakers' names change with them.
func (d *Doc) apply(res store.Result) (touched []string) {
	seen := map[string]bool{}
	touch := func(id string) {
		if !seen[id] {
			seen[id] = true
			touched = append(touched, id)
		}
	}
	if len(res.DeletedRelations) > 0 {
		gone := make(map[string]bool, len(res.DeletedRelations))
		for _, id := range res.DeletedRelations {
			gone[id] = true
		}
		rels := d.rels[:0]
		for _, r := range d.rels {
			if gone[r.ID] {
				touch(r.From)
				continue
			}
			rels = append(rels, r)
		}
		d.rels = rels
	}
	for _, id := range res.DeletedSpans {
		touch(id)
		d.removeSpan(id)
	}
	for _, sp := range res.Spans {
		touch(sp.ID)
		for _, r := range d.rels {
			if r.To == sp.ID {
				touch(r.From)
			}
		}
		d.put(sp)
	}
	if len(res.Relations) > 0 {
		have := make(map[string]bool, len(d.rels))
		for _, r := range d.rels {
			have[r.ID] = true
		}
		for _, r := range res.Relations {
			touch(r.From)
			if !have[r.ID] {
				d.rels = append(d.rels, r)
			}
		}
	}
	if res.Status != "" {
		d.Info.Status = res.Status
	}
	return touched
}
