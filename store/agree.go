package store

import (
	"context"
	"sort"

	"spanbench/annot"
	"spanbench/annot/adjudicate"
	"spanbench/annot/agree"
)

// AgreeFilter chooses the documents agreement is measured on.
type AgreeFilter struct {
	Status *annot.Status // only documents with this status; nil: all
	DocIDs []string      // only these documents; nil: all
}

// CodedDocuments returns the documents f selects, in project order, each
// with its coders and every coder's spans (all layers) and relations. A
// document's coders are those assigned to it and every annotator of a span
// in it (an assigned coder who marked nothing counts, as having found
// nothing to mark); spans without an annotator are left out. A relation
// counts for the coder whose spans it links, whoever the relation's own
// annotator is (formats without annotators on relations give them the
// importer's name); one linking two coders' spans is left out. The adjudicated version (annotator "gold") is among them
// when present: callers comparing coders leave it out (AgreeCoders).
func (s *Store) CodedDocuments(ctx context.Context, f AgreeFilter) ([]agree.Doc, error) {
	assigned, err := s.Assignments(ctx)
	if err != nil {
		return nil, err
	}
	var out []agree.Doc
	for b, err := range s.Bundles(ctx, ExportFilter{Status: f.Status, DocIDs: f.DocIDs}) {
		if err != nil {
			return nil, err
		}
		out = append(out, codedDoc(b, assigned[b.Doc.ID]))
	}
	return out, nil
}

// codedDoc splits a bundle's spans and relations by annotator.
func codedDoc(b annot.Bundle, assigned []string) agree.Doc {
	d := agree.Doc{ID: b.Doc.ID, Title: b.Doc.Title, Text: b.Doc.Text, Meta: b.Doc.Meta,
		Spans: map[string][]annot.Span{}, Relations: map[string][]annot.Relation{}}
	seen := map[string]bool{}
	add := func(c string) {
		if c != "" && !seen[c] {
			seen[c] = true
			d.Coders = append(d.Coders, c)
		}
	}
	for _, c := range assigned {
		add(c)
	}
	for _, sp := range b.Spans {
		if sp.Annotator != "" {
			add(sp.Annotator)
			d.Spans[sp.Annotator] = append(d.Spans[sp.Annotator], sp)
		}
	}
	owner := make(map[string]string, len(b.Spans))
	for _, sp := range b.Spans {
		owner[sp.ID] = sp.Annotator
	}
	for _, r := range b.Relations {
		if c := owner[r.From]; c != "" && owner[r.To] == c {
			d.Relations[c] = append(d.Relations[c], r)
		}
	}
	sort.Strings(d.Coders)
	return d
}

// CodedDocument is CodedDocuments for one document.
func (s *Store) CodedDocument(ctx context.Context, docID string) (agree.Doc, error) {
	ds, err := s.CodedDocuments(ctx, AgreeFilter{DocIDs: []string{docID}})
	if err != nil {
		return agree.Doc{}, err
	}
	if len(ds) == 0 {
		return agree.Doc{}, annot.NotFoundf("document", "document %s does not exist", docID)
	}
	return ds[0], nil
}

// AgreeCoders returns the coders of docs, sorted, without the adjudicated
// version (gold): the coders agreement compares by default.
func AgreeCoders(docs []agree.Doc) []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range docs {
		for _, c := range d.Coders {
			if c != adjudicate.Gold && !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Agreement measures the agreement of the project's coders on the
// documents f selects (agree.Project); opt.Coders nil compares every coder
// but gold.
func (s *Store) Agreement(ctx context.Context, f AgreeFilter, opt agree.Options) (*agree.Report, error) {
	docs, err := s.CodedDocuments(ctx, f)
	if err != nil {
		return nil, err
	}
	if opt.Coders == nil {
		opt.Coders = AgreeCoders(docs)
	}
	return agree.Project(docs, opt)
}
