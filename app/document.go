package app

import (
	"fmt"
	"image/color"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"spanbench/annot"
	"spanbench/app/article"
)

// openDoc is the document shown in the window: its text, spans and
// relations as stored. The window changes it only from what the store
// returns, so it never holds an edit the project file lacks.
type openDoc struct {
	info  annot.DocInfo
	ix    *annot.Index
	spans []annot.Span // store order: by start, longest first, then id
	rels  []annot.Relation
	// byID finds a span's place in spans (a binary search by its extent),
	// so that changes keep it up to date without renumbering; nil until
	// first used.
	byID   map[string]extent
	entRev int // counts changes to entities (the speaker picker's options)
	// loading is set while the spans of a big document are being read;
	// edits wait for them.
	loading bool
}

func newOpenDoc(b annot.Bundle, ix *annot.Index) *openDoc {
	if ix == nil {
		ix = annot.NewIndex(b.Doc.Text)
	}
	d := &openDoc{ix: ix, spans: b.Spans, rels: b.Relations}
	d.info = annot.DocInfo{ID: b.Doc.ID, Title: b.Doc.Title, Status: b.Doc.Status, Meta: b.Doc.Meta,
		SHA256: b.Doc.SHA256, Length: ix.Len(), Created: b.Doc.Created, Updated: b.Doc.Updated}
	d.info.Counts = d.counts()
	return d
}

func (d *openDoc) counts() annot.LayerCounts {
	var c annot.LayerCounts
	for _, sp := range d.spans {
		c.Add(sp.Layer, 1)
	}
	return c
}

// extent is where a span sorts in the store order, with its id.
type extent struct{ start, end int }

// find returns the span with id and its index in spans.
func (d *openDoc) find(id string) (annot.Span, int, bool) {
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
	i := sort.Search(len(d.spans), func(i int) bool { return !spanLess(d.spans[i], key) })
	if i < len(d.spans) && d.spans[i].ID == id {
		return d.spans[i], i, true
	}
	return annot.Span{}, -1, false
}

// spanLess is the store's span order.
func spanLess(a, b annot.Span) bool {
	if a.Start != b.Start {
		return a.Start < b.Start
	}
	if a.End != b.End {
		return a.End > b.End
	}
	return a.ID < b.ID
}

// put inserts or replaces a span, keeping the store's order and the
// layer counts. A replaced span that keeps its place is replaced in place.
func (d *openDoc) put(sp annot.Span) {
	old, i, ok := d.find(sp.ID)
	if sp.Layer == annot.LayerEntity || ok && old.Layer == annot.LayerEntity {
		d.entRev++
	}
	if ok {
		d.info.Counts.Add(old.Layer, -1)
		d.info.Counts.Add(sp.Layer, 1)
		if old.Start == sp.Start && old.End == sp.End {
			d.spans[i] = sp
			return
		}
		d.spans = slices.Delete(d.spans, i, i+1)
	} else {
		d.info.Counts.Add(sp.Layer, 1)
	}
	d.byID[sp.ID] = extent{sp.Start, sp.End}
	i = sort.Search(len(d.spans), func(i int) bool { return spanLess(sp, d.spans[i]) })
	d.spans = slices.Insert(d.spans, i, sp)
}

// remove deletes a span and the relations that touch it, as the store does.
func (d *openDoc) remove(id string) {
	if sp, i, ok := d.find(id); ok {
		d.spans = slices.Delete(d.spans, i, i+1)
		delete(d.byID, id)
		d.info.Counts.Add(sp.Layer, -1)
		if sp.Layer == annot.LayerEntity {
			d.entRev++
		}
	}
	rels := d.rels[:0]
	for _, r := range d.rels {
		if r.From != id && r.To != id {
			rels = append(rels, r)
		}
	}
	d.rels = rels
}

func (d *openDoc) unlink(id string) {
	rels := d.rels[:0]
	for _, r := range d.rels {
		if r.ID != id {
			rels = append(rels, r)
		}
	}
	d.rels = rels
}

// links returns the relations leaving span id with the given label ("" any).
func (d *openDoc) links(id, label string) []annot.Relation {
	var out []annot.Relation
	for _, r := range d.rels {
		if r.From == id && (label == "" || r.Label == label) {
			out = append(out, r)
		}
	}
	return out
}

// touching returns every relation with span id at either end.
func (d *openDoc) touching(id string) []annot.Relation {
	var out []annot.Relation
	for _, r := range d.rels {
		if r.From == id || r.To == id {
			out = append(out, r)
		}
	}
	return out
}

// speakerText names who said span id: the text of its SPEAKER or CLAIMANT
// ends, joined; "" when it has none.
func (d *openDoc) speakerText(sp annot.Span) string {
	label := annot.LinkLabel(sp.Layer)
	if label == "" {
		return ""
	}
	var names []string
	for _, r := range d.links(sp.ID, label) {
		if to, _, ok := d.find(r.To); ok {
			names = append(names, d.ix.Slice(to.Start, to.End))
		}
	}
	return strings.Join(names, ", ")
}

// snippet is a span's text on one line, cut to n characters.
func snippet(ix *annot.Index, sp annot.Span, n int) string {
	var parts []string
	for _, p := range sp.Pieces() {
		parts = append(parts, ix.Slice(p.Start, p.End))
	}
	return oneLine(strings.Join(parts, " … "), n)
}

// oneLine collapses white space and cuts s to n runes with an ellipsis.
func oneLine(s string, n int) string { return annot.OneLineCut(s, n) }

// parseColor reads "#rrggbb" (or "#rgb"); anything else is grey.
func parseColor(s string) color.NRGBA {
	c := color.NRGBA{0x99, 0x99, 0x99, 0xff}
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	var r, g, b uint8
	switch len(s) {
	case 6:
		if _, err := fmt.Sscanf(s, "%02x%02x%02x", &r, &g, &b); err == nil {
			c = color.NRGBA{r, g, b, 0xff}
		}
	case 3:
		if _, err := fmt.Sscanf(s, "%1x%1x%1x", &r, &g, &b); err == nil {
			c = color.NRGBA{r * 17, g * 17, b * 17, 0xff}
		}
	}
	return c
}

// colorHex writes a colour as "#rrggbb".
func colorHex(c color.Color) string {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return fmt.Sprintf("#%02x%02x%02x", n.R, n.G, n.B)
}

// labelColors maps "layer/name" to the label's colour.
func labelColors(labels []annot.Label) map[string]color.NRGBA {
	m := make(map[string]color.NRGBA, len(labels))
	for _, l := range labels {
		m[string(l.Layer)+"/"+l.Name] = parseColor(l.Color)
	}
	return m
}

// buildMarks turns spans into what the article view draws, with a tooltip
// naming the label and, for quotes and claims, who said it.
func buildMarks(d *openDoc, colors map[string]color.NRGBA) []article.Mark {
	marks := make([]article.Mark, 0, len(d.spans))
	speakers := map[string]string{}
	for _, r := range d.rels {
		if r.Label != annot.RelSpeaker && r.Label != annot.RelClaimant {
			continue
		}
		from, _, ok1 := d.find(r.From)
		to, _, ok2 := d.find(r.To)
		if !ok1 || !ok2 || annot.LinkLabel(from.Layer) != r.Label {
			continue
		}
		name := d.ix.Slice(to.Start, to.End)
		if s := speakers[r.From]; s != "" {
			name = s + ", " + name
		}
		speakers[r.From] = name
	}
	for _, sp := range d.spans {
		marks = append(marks, spanMark(sp, speakers[sp.ID], colors))
	}
	return marks
}

// spanMark is what the article view draws for sp, said by speakers.
func spanMark(sp annot.Span, speakers string, colors map[string]color.NRGBA) article.Mark {
	c, ok := colors[string(sp.Layer)+"/"+sp.Label]
	if !ok {
		c = parseColor("")
	}
	tip := sp.Label
	if speakers != "" {
		tip += " ← " + speakers
	}
	return article.Mark{ID: sp.ID, Pieces: sp.Pieces(), Layer: sp.Layer, Label: sp.Label, Color: c, Tooltip: tip}
}

// markChanges works out what the article view must redraw after the spans
// with the given ids changed: the mark of each that still exists (with its
// speakers, as buildMarks names them), and the ids of those that do not.
func markChanges(d *openDoc, ids []string, colors map[string]color.NRGBA) (upsert []article.Mark, remove []string) {
	for _, id := range ids {
		if sp, _, ok := d.find(id); ok {
			upsert = append(upsert, spanMark(sp, d.speakerText(sp), colors))
		} else {
			remove = append(remove, id)
		}
	}
	return upsert, remove
}

// selectionOn reports whether the view's selection (or caret) is on sp:
// Tab then goes on from sp rather than from the caret.
func selectionOn(v *article.View, sp annot.Span) bool {
	s, e := v.Selection()
	return s >= sp.Start && e <= sp.End
}

// inPieces reports whether [start, end) lies inside sp's pieces.
func inPieces(sp annot.Span, start, end int) bool {
	for _, p := range sp.Pieces() {
		if start >= p.Start && end <= p.End {
			return true
		}
	}
	return false
}

// addFragment returns sp with [start, end) added to its pieces: pieces that
// overlap or touch the new one merge with it, so the result stays sorted
// and apart, as the store requires.
func addFragment(sp annot.Span, start, end int) annot.Span {
	pieces := append(append([]annot.Fragment(nil), sp.Pieces()...), annot.Fragment{Start: start, End: end})
	sort.Slice(pieces, func(i, j int) bool { return pieces[i].Start < pieces[j].Start })
	merged := pieces[:1]
	for _, p := range pieces[1:] {
		last := &merged[len(merged)-1]
		if p.Start <= last.End {
			last.End = max(last.End, p.End)
			continue
		}
		merged = append(merged, p)
	}
	sp.Start, sp.End = merged[0].Start, merged[len(merged)-1].End
	sp.Fragments = nil
	if len(merged) > 1 {
		sp.Fragments = merged
	}
	return sp
}

// relinkFor works out what changing a span's layer does to its relations:
// links that stay valid are kept; a SPEAKER becomes a CLAIMANT (and back)
// when a quote becomes a claim; any other link that the new layer cannot
// carry is removed. It returns the relations to remove and to add.
func relinkFor(d *openDoc, sp annot.Span, layer annot.Layer) (unlink []string, link []annot.Relation) {
	if sp.Layer == layer {
		return nil, nil
	}
	for _, r := range d.touching(sp.ID) {
		from, to := d.layerOf(r.From), d.layerOf(r.To)
		if r.From == sp.ID {
			from = layer
		} else {
			to = layer
		}
		if annot.CheckRelationLayers(r.Label, from, to) == nil {
			continue
		}
		unlink = append(unlink, r.ID)
		if r.From == sp.ID && (r.Label == annot.RelSpeaker || r.Label == annot.RelClaimant) {
			if nl := annot.LinkLabel(layer); nl != "" && annot.CheckRelationLayers(nl, layer, to) == nil {
				link = append(link, annot.Relation{Label: nl, From: r.From, To: r.To})
			}
		}
	}
	return unlink, link
}

func (d *openDoc) layerOf(id string) annot.Layer {
	if sp, _, ok := d.find(id); ok {
		return sp.Layer
	}
	return ""
}

// findNext returns the code point range of the first match of query in
// text at or after code point from, ignoring case, wrapping to the start;
// ok is false when there is none. back searches backwards from from
// (exclusive), wrapping to the end.
func findNext(ix *annot.Index, query string, from int, back bool) (start, end int, ok bool) {
	text := ix.Text()
	if query == "" {
		return 0, 0, false
	}
	matches := func(b int) int { // byte end of a match at byte b, or -1
		i, j := b, 0
		for j < len(query) {
			if i >= len(text) {
				return -1
			}
			r1, n1 := utf8.DecodeRuneInString(text[i:])
			r2, n2 := utf8.DecodeRuneInString(query[j:])
			if r1 != r2 && !equalFold(r1, r2) {
				return -1
			}
			i, j = i+n1, j+n2
		}
		return i
	}
	toCP := func(b, e int) (int, int) {
		s, _ := ix.FromByte(b)
		t, _ := ix.FromByte(e)
		return s, t
	}
	fb := ix.Byte(from)
	if !back {
		for _, rng := range [][2]int{{fb, len(text)}, {0, fb}} {
			for b := rng[0]; b < rng[1]; {
				if e := matches(b); e >= 0 {
					s, t := toCP(b, e)
					return s, t, true
				}
				_, n := utf8.DecodeRuneInString(text[b:])
				b += n
			}
		}
		return 0, 0, false
	}
	for _, rng := range [][2]int{{0, fb}, {fb, len(text)}} {
		for b := rng[1] - 1; b >= rng[0]; b-- {
			if !utf8.RuneStart(text[b]) {
				continue
			}
			if e := matches(b); e >= 0 {
				s, t := toCP(b, e)
				return s, t, true
			}
		}
	}
	return 0, 0, false
}

// countMatches counts the matches of query in text, ignoring case, and
// tells which one starts at code point at (1-based; 0 when none does).
func countMatches(ix *annot.Index, query string, at int) (n, which int) {
	if query == "" {
		return 0, 0
	}
	pos := 0
	for n < 100000 {
		s, e, ok := findNext(ix, query, pos, false)
		if !ok || s < pos {
			break
		}
		n++
		if s == at {
			which = n
		}
		pos = e
		if e == s {
			pos++
		}
	}
	return n, which
}

func equalFold(a, b rune) bool {
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}
