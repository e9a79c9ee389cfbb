package annot

import (
	"fmt"
	"sort"
	"strings"
)

// Bundle is a document with its spans and relations: the unit of import,
// export and of opening a document in the window.
type Bundle struct {
	// Source says where the bundle was read from ("a.jsonl:3"), so errors
	// found later, on import, still name the file and line.
	Source string
	// Warnings are things the reader skipped or changed that the user should
	// hear about ("skipped 2 E (event) lines"); imports report them.
	Warnings  []string
	Doc       Document
	Spans     []Span
	Relations []Relation
}

// LabelSet answers whether a label exists in a project.
type LabelSet map[Layer]map[string]Label

// NewLabelSet indexes labels by layer and name.
func NewLabelSet(labels []Label) LabelSet {
	ls := LabelSet{}
	for _, l := range labels {
		if ls[l.Layer] == nil {
			ls[l.Layer] = map[string]Label{}
		}
		ls[l.Layer][l.Name] = l
	}
	return ls
}

// Has reports whether the set holds label name in layer.
func (ls LabelSet) Has(layer Layer, name string) bool {
	_, ok := ls[layer][name]
	return ok
}

// Check returns a not-found error naming the layer's labels when name is not
// one of them.
func (ls LabelSet) Check(layer Layer, name string) error {
	if ls.Has(layer, name) {
		return nil
	}
	var names []string
	for n := range ls[layer] {
		names = append(names, n)
	}
	if len(names) == 0 {
		return NotFoundf("label", "label %q does not exist in layer %s, which has no labels", name, layer)
	}
	sort.Strings(names)
	return NotFoundf("label", "label %q does not exist in layer %s (known: %s)", name, layer, strings.Join(names, ", "))
}

// ValidateSpan checks a span's layer, label name and offsets against the
// indexed text, and normalises it: an empty fragment list, or a single
// fragment equal to [Start, End), is dropped. Offsets must be in range, pieces non-empty, sorted and apart,
// and every piece must start and end on a grapheme cluster boundary so no
// span cuts an emoji, a flag or a letter from its accent.
func ValidateSpan(ix *Index, s *Span) error {
	if _, err := ParseLayer(string(s.Layer)); err != nil {
		return err
	}
	if strings.TrimSpace(s.Label) == "" {
		return Invalidf("label", "label is empty")
	}
	if len(s.Fragments) == 0 {
		s.Fragments = nil // "fragments": [] is no fragments
	}
	if len(s.Fragments) == 1 {
		if s.Fragments[0] != (Fragment{s.Start, s.End}) {
			return Invalidf("fragments", "a single fragment [%d, %d] must equal [start, end] = [%d, %d]",
				s.Fragments[0].Start, s.Fragments[0].End, s.Start, s.End)
		}
		s.Fragments = nil
	}
	if err := checkRange(ix, s.Start, s.End, "start", "end"); err != nil {
		return err
	}
	if len(s.Fragments) > 1 {
		if s.Fragments[0].Start != s.Start || s.Fragments[len(s.Fragments)-1].End != s.End {
			return Invalidf("fragments", "fragments must run from start %d to end %d, not from %d to %d",
				s.Start, s.End, s.Fragments[0].Start, s.Fragments[len(s.Fragments)-1].End)
		}
		for i, f := range s.Fragments {
			fs, fe := fmt.Sprintf("fragments[%d][0]", i), fmt.Sprintf("fragments[%d][1]", i)
			if err := checkRange(ix, f.Start, f.End, fs, fe); err != nil {
				return err
			}
			if i > 0 && f.Start < s.Fragments[i-1].End {
				return Invalidf(fs, "fragment [%d, %d] overlaps or comes before [%d, %d]; fragments must be sorted and apart",
					f.Start, f.End, s.Fragments[i-1].Start, s.Fragments[i-1].End)
			}
		}
	}
	return nil
}

func checkRange(ix *Index, start, end int, sf, ef string) error {
	if start < 0 {
		return Invalidf(sf, "%s %d is negative", sf, start)
	}
	if end > ix.Len() {
		return Invalidf(ef, "%s %d is past the end of the text (%d code points)", ef, end, ix.Len())
	}
	if start >= end {
		return Invalidf(sf, "%s %d must be before %s %d (spans are not empty)", sf, start, ef, end)
	}
	for _, c := range []struct {
		f  string
		cp int
	}{{sf, start}, {ef, end}} {
		if !ix.IsGraphemeBoundary(c.cp) {
			a, b := ix.SnapGrapheme(c.cp, false), ix.SnapGrapheme(c.cp, true)
			return Invalidf(c.f, "%s %d splits the character %q at %d..%d; use %d or %d",
				c.f, c.cp, ix.Slice(a, b), a, b, a, b)
		}
	}
	return nil
}

// ValidateRelation checks that a relation's label is non-empty and its ends
// are spans of its own document. spans maps span id to span for that document.
func ValidateRelation(r Relation, spans map[string]Span) error {
	if strings.TrimSpace(r.Label) == "" {
		return Invalidf("label", "relation label is empty")
	}
	for _, end := range []struct{ f, id string }{{"from", r.From}, {"to", r.To}} {
		s, ok := spans[end.id]
		if !ok {
			return NotFoundf(end.f, "%s span %q does not exist in this document", end.f, end.id)
		}
		if r.DocID != "" && s.DocID != "" && s.DocID != r.DocID {
			return Invalidf(end.f, "%s span %q is in another document", end.f, end.id)
		}
	}
	if r.From == r.To {
		return Invalidf("to", "a relation cannot link a span to itself")
	}
	return nil
}

// Validate checks a whole bundle: the document's status, every span against
// the text, unique ids, and every relation's ends. When labels is non-nil,
// every span and relation label must be in it. Spans are normalised in
// place (see ValidateSpan) and get the document's id. Error fields name the
// offending element ("spans[3].end").
func (b *Bundle) Validate(labels LabelSet) error {
	st, err := ParseStatus(string(b.Doc.Status))
	if err != nil {
		return err
	}
	b.Doc.Status = st
	ix := NewIndex(b.Doc.Text)
	byID := make(map[string]Span, len(b.Spans))
	for i := range b.Spans {
		s := &b.Spans[i]
		f := fmt.Sprintf("spans[%d]", i)
		if s.ID == "" {
			return Invalidf(f+".id", "span id is empty")
		}
		if _, dup := byID[s.ID]; dup {
			return Conflictf(f+".id", "duplicate span id %q", s.ID)
		}
		if s.DocID != "" && s.DocID != b.Doc.ID {
			return Invalidf(f+".doc_id", "span belongs to document %q, not %q", s.DocID, b.Doc.ID)
		}
		s.DocID = b.Doc.ID
		if err := ValidateSpan(ix, s); err != nil {
			return InField(f, err)
		}
		if labels != nil {
			if err := labels.Check(s.Layer, s.Label); err != nil {
				return InField(f, err)
			}
		}
		byID[s.ID] = *s
	}
	rels := make(map[string]bool, len(b.Relations))
	for i := range b.Relations {
		r := &b.Relations[i]
		f := fmt.Sprintf("relations[%d]", i)
		if r.ID == "" {
			return Invalidf(f+".id", "relation id is empty")
		}
		if rels[r.ID] {
			return Conflictf(f+".id", "duplicate relation id %q", r.ID)
		}
		rels[r.ID] = true
		if _, clash := byID[r.ID]; clash {
			return Conflictf(f+".id", "relation id %q is also a span id", r.ID)
		}
		r.DocID = b.Doc.ID
		if err := ValidateRelation(*r, byID); err != nil {
			return InField(f, err)
		}
		if labels != nil {
			if err := labels.Check(LayerRelation, r.Label); err != nil {
				return InField(f, err)
			}
		}
	}
	return nil
}

// SpanText returns text[s.Start:s.End] for the span.
func (ix *Index) SpanText(s Span) string { return ix.Slice(s.Start, s.End) }
