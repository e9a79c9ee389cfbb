package store

import (
	"context"
	"fmt"
	"slices"

	"spanbench/annot"
	"spanbench/annot/suggest"
)

// SuggestAnnotator is the annotator that spanbench suggest --apply saves
// its suggestions as.
const SuggestAnnotator = "suggest"

// checkpointEvery is how many documents SuggestAll applies between two
// WAL checkpoints.
const checkpointEvery = 50

// A page of SuggestAll is read in one short read transaction: up to
// pageDocs documents of at most pageText code points together (a longer
// document is a page of its own).
const (
	pageDocs = 64
	pageText = 8 << 20
)

// SuggestRun says what SuggestAll does.
type SuggestRun struct {
	// DocIDs are the documents to run on; nil means every document of
	// the project, in import order.
	DocIDs []string
	// Options are the project's (ProjectSuggestOptions); the rejected
	// suggestions are read for each document.
	Options suggest.Options
	// Apply saves each document's suggestions as annotator
	// SuggestAnnotator, one action and one commit per document.
	Apply bool
	// Accept saves one document's suggestions for Apply; nil is
	// AcceptSuggestions. The command line passes the editing session's
	// accept (edit.AcceptSuggestions), so the rules of an edit the window
	// follows (the status rule) hold for suggest --apply too.
	Accept func(ctx context.Context, b annot.Bundle, sgs []suggest.Suggestion) (Result, error)
	// Each, when set, is called after each document; an error stops the
	// run. done counts the documents so far, of total.
	Each func(done, total int, d DocSuggestions) error
}

// DocSuggestions is what SuggestAll did with one document.
type DocSuggestions struct {
	// Bundle is the document as read, before the suggestions were saved.
	Bundle annot.Bundle
	// Suggestions are those not applied before (see PendingSuggestions).
	Suggestions []suggest.Suggestion
	// Saved is what Apply stored; empty without Apply.
	Saved Result
}

// SuggestAll runs the suggesters over documents, as spanbench suggest
// does. Documents are read a page at a time, each page in a read
// transaction of its own that ends before anything is saved; with Apply,
// each document is saved in a write transaction of its own, and the WAL
// is checkpointed every checkpointEvery documents. So no read snapshot
// spans the run, the WAL stays small however many documents there are,
// and a run killed half way keeps the documents it finished. Run again,
// it saves nothing new for those (see PendingSuggestions), so a killed run
// resumed ends where a clean run does. Documents deleted during the run
// are skipped.
func (s *Store) SuggestAll(ctx context.Context, r SuggestRun) error {
	var docs []annot.DocInfo
	if r.DocIDs == nil {
		var err error
		if docs, err = s.ListDocuments(ctx, DocFilter{}); err != nil {
			return err
		}
	}
	for _, id := range r.DocIDs {
		d, err := s.DocInfo(ctx, id)
		if err != nil {
			return err
		}
		docs = append(docs, d)
	}
	total := len(docs)
	opt := r.Options
	accept := r.Accept
	if accept == nil {
		accept = func(ctx context.Context, b annot.Bundle, sgs []suggest.Suggestion) (Result, error) {
			return s.AcceptSuggestions(ctx, SuggestAnnotator, b.Doc.ID, sgs...)
		}
	}
	done, sinceCheckpoint := 0, 0
	for len(docs) > 0 {
		page := []string{docs[0].ID}
		text := docs[0].Length
		for _, d := range docs[1:] {
			if len(page) == pageDocs || text+d.Length > pageText {
				break
			}
			page = append(page, d.ID)
			text += d.Length
		}
		docs = docs[len(page):]
		var bs []annot.Bundle
		for b, err := range s.Bundles(ctx, ExportFilter{DocIDs: page}) {
			if err != nil {
				return err
			}
			bs = append(bs, b)
		}
		total -= len(page) - len(bs)
		for _, b := range bs {
			id := b.Doc.ID
			var err error
			if opt.Rejected, err = s.RejectedSuggestions(ctx, id); err != nil {
				return err
			}
			sgs, err := PendingSuggestions(ctx, b, opt)
			if err != nil {
				return err
			}
			d := DocSuggestions{Bundle: b, Suggestions: sgs}
			if r.Apply && len(sgs) > 0 {
				if d.Saved, err = accept(ctx, b, sgs); err != nil {
					return fmt.Errorf("document %s: nothing of it saved: %w", id, err)
				}
				if sinceCheckpoint++; sinceCheckpoint >= checkpointEvery {
					if err := s.checkpoint(ctx); err != nil {
						return err
					}
					sinceCheckpoint = 0
				}
			}
			done++
			if r.Each != nil {
				if err := r.Each(done, total, d); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// checkpoint copies the WAL into the project file as far as readers allow,
// without waiting for them; once all of it is copied, the next write
// starts the WAL over from its beginning instead of growing it.
func (s *Store) checkpoint(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
	return translate(err)
}

// PendingSuggestions runs the suggesters on b as spanbench suggest does
// and returns the suggestions that are not applied yet.
//
// The evidence is what people annotated: the spans and relations saved by
// SuggestAnnotator are left out of what the suggesters see, so earlier
// suggestions are not built upon (a speaker wrongly taken for a PERSON
// is not spread to every other mention of the name), and a second run
// sees what the first saw and proposes the same. A suggestion is then
// applied already when every span and relation it would create is stored
// (their IDs derive from the document and the suggestion key), and it is
// dropped when a span it would create overlaps, in the same layer, a span
// SuggestAnnotator saved (the stored one stands for it).
func PendingSuggestions(ctx context.Context, b annot.Bundle, opt suggest.Options) ([]suggest.Suggestion, error) {
	sgs, err := suggest.Run(ctx, evidence(b), annot.NewIndex(b.Doc.Text), opt)
	if err != nil {
		return nil, err
	}
	return unapplied(b, sgs), nil
}

// evidence returns b without the spans SuggestAnnotator saved and without
// its relations. Relations people made are kept even when they point at
// such a span: a quote a coder linked to a suggested speaker has its
// speaker.
func evidence(b annot.Bundle) annot.Bundle {
	out := annot.Bundle{Source: b.Source, Doc: b.Doc}
	for _, sp := range b.Spans {
		if sp.Annotator != SuggestAnnotator {
			out.Spans = append(out.Spans, sp)
		}
	}
	for _, r := range b.Relations {
		if r.Annotator != SuggestAnnotator {
			out.Relations = append(out.Relations, r)
		}
	}
	return out
}

// unapplied drops the suggestions that are stored in b already, and those
// with a new span overlapping a span SuggestAnnotator saved in its layer.
func unapplied(b annot.Bundle, sgs []suggest.Suggestion) []suggest.Suggestion {
	stored := make(map[string]bool, len(b.Spans)+len(b.Relations))
	own := map[annot.Layer]*intervals{}
	for _, sp := range b.Spans {
		stored[sp.ID] = true
		if sp.Annotator == SuggestAnnotator {
			if own[sp.Layer] == nil {
				own[sp.Layer] = &intervals{}
			}
			own[sp.Layer].add(sp.Pieces())
		}
	}
	for _, r := range b.Relations {
		stored[r.ID] = true
	}
	for _, iv := range own {
		iv.index()
	}
	var out []suggest.Suggestion
	for _, sg := range sgs {
		isNew, clash := false, false
		for _, sp := range sg.Spans {
			if stored[sp.ID] {
				continue
			}
			isNew = true
			if iv := own[sp.Layer]; iv != nil && iv.overlaps(sp.Pieces()) {
				clash = true
				break
			}
		}
		for _, r := range sg.Relations {
			isNew = isNew || !stored[r.ID]
		}
		if isNew && !clash {
			out = append(out, sg)
		}
	}
	return out
}

// intervals answers whether a range overlaps any of a set of ranges that
// may nest and overlap each other: sorted by start, with the largest end
// so far, so a query looks only at ranges starting before its end and
// stops at the first whose running end is not past its start.
type intervals struct {
	r      []annot.Fragment
	maxEnd []int
}

func (iv *intervals) add(pieces []annot.Fragment) { iv.r = append(iv.r, pieces...) }

func (iv *intervals) index() {
	slices.SortFunc(iv.r, func(a, b annot.Fragment) int { return a.Start - b.Start })
	iv.maxEnd = make([]int, len(iv.r))
	m := 0
	for i, f := range iv.r {
		m = max(m, f.End)
		iv.maxEnd[i] = m
	}
}

// overlaps reports whether any piece shares a code point with a range.
func (iv *intervals) overlaps(pieces []annot.Fragment) bool {
	for _, p := range pieces {
		// ranges starting before p.End; the last of them with an end past
		// p.Start overlaps p.
		i, _ := slices.BinarySearchFunc(iv.r, p.End, func(f annot.Fragment, end int) int {
			if f.Start < end {
				return -1
			}
			return 1
		})
		if i > 0 && iv.maxEnd[i-1] > p.Start {
			return true
		}
	}
	return false
}
