package store

import (
	"context"
	"fmt"

	"spanbench/annot"
)

// One-change shorthands over Apply for the tests: the window and the
// command line build a Change themselves.

// CreateSpan adds one span as one action and returns it as stored.
func (s *Store) CreateSpan(ctx context.Context, annotator string, sp annot.Span) (annot.Span, error) {
	res, err := s.Apply(ctx, annotator, sp.DocID, fmt.Sprintf("add %s %d-%d", sp.Label, sp.Start, sp.End), Change{Create: []annot.Span{sp}})
	if err != nil {
		return annot.Span{}, err
	}
	return res.Spans[0], nil
}

// UpdateSpan replaces one span (label, offsets, attributes, note) as one action.
func (s *Store) UpdateSpan(ctx context.Context, annotator string, sp annot.Span) (annot.Span, error) {
	res, err := s.Apply(ctx, annotator, sp.DocID, fmt.Sprintf("change %s %d-%d", sp.Label, sp.Start, sp.End), Change{Update: []annot.Span{sp}})
	if err != nil {
		return annot.Span{}, err
	}
	return res.Spans[0], nil
}

// DeleteSpan deletes one span and its relations as one action.
func (s *Store) DeleteSpan(ctx context.Context, annotator, docID, id string) error {
	_, err := s.Apply(ctx, annotator, docID, "delete span", Change{Delete: []string{id}})
	return err
}

// Link adds one relation as one action.
func (s *Store) Link(ctx context.Context, annotator string, r annot.Relation) (annot.Relation, error) {
	res, err := s.Apply(ctx, annotator, r.DocID, "link "+r.Label, Change{Link: []annot.Relation{r}})
	if err != nil {
		return annot.Relation{}, err
	}
	return res.Relations[0], nil
}

// SetStatus changes a document's status as one action.
func (s *Store) SetStatus(ctx context.Context, annotator, docID string, st annot.Status) error {
	_, err := s.Apply(ctx, annotator, docID, "mark "+string(st), Change{Status: st})
	return err
}
