package store

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"spanbench/annot"
	"spanbench/annot/adjudicate"
	"spanbench/annot/agree"
)

// Adjudication state lives in the document's meta, so it is written
// through Apply (undoable, in the edit log) and travels with the document
// in exports: no table of its own.
const (
	// MetaAdjudicated is "yes" on a document marked adjudicated.
	MetaAdjudicated = "adjudicated"
	// MetaDropped lists, as a JSON array, the keys of the disagreements
	// decided by dropping every version (adjudicate.Drop).
	MetaDropped = "adjudication_dropped"
)

// dropped reads a document's dropped disagreement keys.
func dropped(d agree.Doc) (map[string]bool, error) {
	out := map[string]bool{}
	raw := d.Meta[MetaDropped]
	if raw == "" {
		return out, nil
	}
	var keys []string
	if err := json.Unmarshal([]byte(raw), &keys); err != nil {
		return nil, annot.Invalidf("meta", "document %s: meta %s is not a JSON array of keys: %v", d.ID, MetaDropped, err)
	}
	for _, k := range keys {
		out[k] = true
	}
	return out, nil
}

// Adjudication analyses one document: its coders' (every annotator but
// gold) disagreements, what the pre-merge would write, what is settled.
// threshold is adjudicate.Options.Threshold (0: all coders).
func (s *Store) Adjudication(ctx context.Context, docID string, threshold int) (*adjudicate.Analysis, error) {
	d, err := s.CodedDocument(ctx, docID)
	if err != nil {
		return nil, err
	}
	return AnalyseAdjudication(d, threshold)
}

// AnalyseAdjudication is Adjudication of a document already read with
// CodedDocument (the window reads it once for its view and its analysis).
func AnalyseAdjudication(d agree.Doc, threshold int) (*adjudicate.Analysis, error) {
	drop, err := dropped(d)
	if err != nil {
		return nil, err
	}
	return adjudicate.Analyse(d, nil, adjudicate.Options{Threshold: threshold, Dropped: drop}), nil
}

// ApplyAdjudication writes an adjudication edit (a pre-merge or a
// decision) to document docID as one undoable action by annotator: the
// gold spans and links, and the dropped keys added to the document's meta.
// An empty edit writes nothing.
func (s *Store) ApplyAdjudication(ctx context.Context, annotator, docID, summary string, e adjudicate.Edit) (Result, error) {
	if e.Empty() {
		return Result{}, nil
	}
	c := Change{Create: e.Create, Link: e.Link}
	if len(e.Drop) > 0 {
		d, err := s.Document(ctx, docID)
		if err != nil {
			return Result{}, err
		}
		drop, err := dropped(agree.Doc{ID: docID, Meta: d.Meta})
		if err != nil {
			return Result{}, err
		}
		for _, k := range e.Drop {
			drop[k] = true
		}
		keys, _ := json.Marshal(slices.Sorted(maps.Keys(drop)))
		c.Meta = maps.Clone(d.Meta)
		if c.Meta == nil {
			c.Meta = map[string]string{}
		}
		c.Meta[MetaDropped] = string(keys)
	}
	return s.Apply(ctx, annotator, docID, summary, c)
}

// PreMerge writes document docID's pre-merge (the spans and links the
// coders agree on, all of them or threshold of them) as gold, in one
// action; it returns what it wrote.
func (s *Store) PreMerge(ctx context.Context, annotator, docID string, threshold int) (adjudicate.Edit, error) {
	a, err := s.Adjudication(ctx, docID, threshold)
	if err != nil {
		return adjudicate.Edit{}, err
	}
	if _, err := s.ApplyAdjudication(ctx, annotator, docID, PreMergeSummary(a.Merge), a.Merge); err != nil {
		return adjudicate.Edit{}, err
	}
	return a.Merge, nil
}

// PreMergeSummary describes a pre-merge in the edit log.
func PreMergeSummary(e adjudicate.Edit) string {
	return fmt.Sprintf("adjudicate: pre-merge %d spans, %d links into gold", len(e.Create), len(e.Link))
}

// MarkAdjudicated marks document docID adjudicated (MetaAdjudicated) in
// one undoable action, when it has no disagreement left and nothing left
// to pre-merge; otherwise it says how many are left and writes nothing.
func (s *Store) MarkAdjudicated(ctx context.Context, annotator, docID string, threshold int) error {
	d, err := s.CodedDocument(ctx, docID)
	if err != nil {
		return err
	}
	a, err := AnalyseAdjudication(d, threshold)
	if err != nil {
		return err
	}
	if n, m := len(a.Disagreements), len(a.Merge.Create)+len(a.Merge.Link); n > 0 || m > 0 {
		return annot.Conflictf("document", "document %s: %d disagreements left and %d spans or links to pre-merge; not marked adjudicated", docID, n, m)
	}
	if d.Meta[MetaAdjudicated] == "yes" {
		return nil
	}
	meta := maps.Clone(d.Meta)
	if meta == nil {
		meta = map[string]string{}
	}
	meta[MetaAdjudicated] = "yes"
	_, err = s.Apply(ctx, annotator, docID, "adjudicate: mark adjudicated", Change{Meta: meta})
	return err
}

// DocAdjudication is one document's adjudication progress.
type DocAdjudication struct {
	ID, Title   string
	Text        string
	Coders      []string // without gold
	Left        int      // disagreements still to decide
	Settled     int      // disagreements decided
	ToMerge     int      // spans and links the pre-merge would write
	Adjudicated bool     // marked adjudicated
	Analysis    *adjudicate.Analysis
}

// AdjudicationProgress analyses every document f selects that two or more
// coders (gold aside) coded, in project order.
func (s *Store) AdjudicationProgress(ctx context.Context, f AgreeFilter, threshold int) ([]DocAdjudication, error) {
	docs, err := s.CodedDocuments(ctx, f)
	if err != nil {
		return nil, err
	}
	var out []DocAdjudication
	for _, d := range docs {
		a, err := AnalyseAdjudication(d, threshold)
		if err != nil {
			return nil, err
		}
		if len(a.Coders) < 2 {
			continue
		}
		out = append(out, DocAdjudication{ID: d.ID, Title: d.Title, Text: d.Text, Coders: a.Coders, Left: len(a.Disagreements), Settled: a.Settled,
			ToMerge: len(a.Merge.Create) + len(a.Merge.Link), Adjudicated: strings.EqualFold(d.Meta[MetaAdjudicated], "yes"), Analysis: a})
	}
	return out, nil
}
