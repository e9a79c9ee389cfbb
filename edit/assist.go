package edit

import (
	"context"
	"fmt"
	"sort"
	"time"

	"spanbench/annot"
	"spanbench/annot/suggest"
	"spanbench/store"
)

// Assistant is machine help: suggestions and lints. The session runs
// Suggest in the background whenever its document opens or changes (see
// SuggestJob), and accepts through Accept's change, applied as any other
// edit (one action by the annotator; a document to do goes in progress).
type Assistant interface {
	Suggest(ctx context.Context, st *store.Store, b annot.Bundle, ix *annot.Index) ([]suggest.Suggestion, []suggest.Finding, error)
	Accept(sgs ...suggest.Suggestion) store.Change
	// Reject remembers that sg is not to be proposed again on docID. When
	// it records that as an action of the edit log, as Suggester does, an
	// undo takes it back.
	Reject(ctx context.Context, st *store.Store, annotator, docID string, sg suggest.Suggestion) error
}

// Suggester is the Assistant over the suggest package and the project,
// the one spanbench suggest uses too: the project's cue lexicon, gazetteer
// and rejected suggestions shape what is proposed; the spans and relations
// that spanbench suggest --apply saved are not built upon
// (store.PendingSuggestions); accepting and rejecting go through the store.
type Suggester struct{}

var _ Assistant = Suggester{}

// Suggest runs every suggester and the lints on a document.
// It also has the project's entity model retrained in the background, at
// most every LearnEvery, so the suggestions learn from the coding: this run
// uses the model as stored, the next ones the retrained one.
func (Suggester) Suggest(ctx context.Context, st *store.Store, b annot.Bundle, ix *annot.Index) ([]suggest.Suggestion, []suggest.Finding, error) {
	st.TrainInBackground(LearnEvery)
	opt, err := st.SuggestOptions(ctx, b.Doc.ID)
	if err != nil {
		return nil, nil, err
	}
	sgs, err := store.PendingSuggestions(ctx, b, opt)
	if err != nil {
		return nil, nil, err
	}
	return sgs, suggest.Lint(b, ix), nil
}

// Accept is the change accepting suggestions makes: their spans and
// relations, those already saved left out.
func (Suggester) Accept(sgs ...suggest.Suggestion) store.Change {
	return store.SuggestionChange(sgs...)
}

// Reject records the rejection as an action of the edit log.
func (Suggester) Reject(ctx context.Context, st *store.Store, annotator, docID string, sg suggest.Suggestion) error {
	_, err := st.RejectSuggestion(ctx, annotator, docID, sg.Key, RejectSummary(sg))
	return err
}

// LearnEvery is how often at most the window retrains the entity model as
// the coder works (store.TrainInBackground).
var LearnEvery = 30 * time.Second

// RejectSummary is the edit log's line for rejecting sg.
func RejectSummary(sg suggest.Suggestion) string {
	return fmt.Sprintf("reject suggestion %s %d-%d", sg.Label, sg.Start, sg.End)
}

// Suggestions are the open document's suggestions, by position.
func (s *Session) Suggestions() []suggest.Suggestion { return s.sugg }

// Findings are the lints of the open document.
func (s *Session) Findings() []suggest.Finding { return s.lints }

// FindSuggestion returns the index of the suggestion with key, -1 when
// there is none.
func (s *Session) FindSuggestion(key string) int {
	if key == "" {
		return -1
	}
	for i, sg := range s.sugg {
		if sg.Key == key {
			return i
		}
	}
	return -1
}

// SelectedSuggestion returns the selected suggestion.
func (s *Session) SelectedSuggestion() (suggest.Suggestion, bool) {
	if i := s.FindSuggestion(s.sel.sugg); i >= 0 {
		return s.sugg[i], true
	}
	return suggest.Suggestion{}, false
}

// SuggestJob returns one run of the Assistant on the open document, to
// run off the UI goroutine, and its generation for TakeSuggestions; a run
// started before is cancelled. ok is false when there is nothing to run.
func (s *Session) SuggestJob() (job func() ([]suggest.Suggestion, []suggest.Finding, error), gen int, ok bool) {
	if s.assistant == nil || s.doc == nil || s.doc.Loading {
		return nil, 0, false
	}
	s.cancelSuggest()
	ctx, stop := context.WithCancel(context.Background())
	s.stop = stop
	as, st, b, ix := s.assistant, s.st, s.doc.Bundle(), s.doc.Ix
	return func() ([]suggest.Suggestion, []suggest.Finding, error) { return as.Suggest(ctx, st, b, ix) }, s.gen, true
}

// SuggestGen is the generation of the latest SuggestJob.
func (s *Session) SuggestGen() int { return s.gen }

// TakeSuggestions installs what run gen of SuggestJob found, unless
// another run or document came since (ok false). It returns the
// suggestions replaced; a selected suggestion no longer proposed is
// unselected.
func (s *Session) TakeSuggestions(gen int, sgs []suggest.Suggestion, lints []suggest.Finding) (old []suggest.Suggestion, ok bool) {
	if gen != s.gen || s.doc == nil {
		return nil, false
	}
	sort.SliceStable(sgs, func(i, j int) bool { return sgs[i].Start < sgs[j].Start })
	old, s.sugg, s.lints = s.sugg, sgs, lints
	if s.sel.sugg != "" && s.FindSuggestion(s.sel.sugg) < 0 {
		s.sel.sugg = ""
	}
	return old, true
}

func (s *Session) cancelSuggest() {
	if s.stop != nil {
		s.stop()
		s.stop = nil
	}
	s.gen++
}

func (s *Session) clearSuggestions() {
	s.cancelSuggest()
	s.sugg, s.lints = nil, nil
}

// dropSuggestions takes suggestions out of the open document's.
func (s *Session) dropSuggestions(keys ...string) {
	drop := map[string]bool{}
	for _, k := range keys {
		drop[k] = true
	}
	out := s.sugg[:0]
	for _, sg := range s.sugg {
		if !drop[sg.Key] {
			out = append(out, sg)
		}
	}
	s.sugg = out
	if drop[s.sel.sugg] {
		s.sel.sugg = ""
	}
}

// NextSuggestion selects the next suggestion, or with back the previous
// one, wrapping; with none selected it starts from caret: the first at or
// after it, or with back the last before it.
func (s *Session) NextSuggestion(back bool, caret int) (suggest.Suggestion, bool) {
	n := len(s.sugg)
	if n == 0 {
		s.SelectSuggestion("")
		return suggest.Suggestion{}, false
	}
	i := s.FindSuggestion(s.sel.sugg)
	switch {
	case i < 0:
		i = sort.Search(n, func(j int) bool { return s.sugg[j].Start >= caret })
		if back {
			i--
		}
	case back:
		i--
	default:
		i++
	}
	sg := s.sugg[(i%n+n)%n]
	s.SelectSuggestion(sg.Key)
	return sg, true
}

// suggestionAfter is the key of the suggestion after the one with key,
// wrapping; "" when there is no other.
func (s *Session) suggestionAfter(key string) string {
	if i := s.FindSuggestion(key); i >= 0 && len(s.sugg) > 1 {
		return s.sugg[(i+1)%len(s.sugg)].Key
	}
	return ""
}

// Accept saves suggestions as one action through the Assistant and takes
// them out of the open document's; with one accepted, the one after it is
// selected.
func (s *Session) Accept(ctx context.Context, sgs ...suggest.Suggestion) (Outcome, error) {
	if s.assistant == nil {
		return Outcome{}, ErrNoAssist
	}
	if len(sgs) == 0 {
		return Outcome{}, nil
	}
	next := ""
	if len(sgs) == 1 {
		next = s.suggestionAfter(sgs[0].Key)
	}
	keys := make([]string, len(sgs))
	for i, sg := range sgs {
		keys[i] = sg.Key
	}
	return s.submit(ctx, store.AcceptSummary(sgs), s.assistant.Accept(sgs...), func(*Outcome) {
		s.dropSuggestions(keys...)
		if s.FindSuggestion(next) >= 0 {
			s.SelectSuggestion(next)
		}
	})
}

// Reject rejects sg through the Assistant (an action of the edit log with
// Suggester, which Undo takes back), takes it out of the open document's
// suggestions and selects the one after it.
func (s *Session) Reject(ctx context.Context, sg suggest.Suggestion) (Outcome, error) {
	if s.assistant == nil {
		return Outcome{}, ErrNoAssist
	}
	if s.doc == nil {
		return Outcome{}, ErrNoDocument
	}
	next := s.suggestionAfter(sg.Key)
	as, st, annotator, docID := s.assistant, s.st, s.annotator, s.doc.Info.ID
	return s.run(ctx, func(ctx context.Context) error { return as.Reject(ctx, st, annotator, docID, sg) },
		func(err error) (Outcome, error) {
			if err != nil {
				return Outcome{}, err
			}
			if s.doc != nil && s.doc.Info.ID == docID {
				s.dropSuggestions(sg.Key)
				s.SelectSuggestion(next)
			}
			return Outcome{Summary: RejectSummary(sg), Rejected: []string{sg.Key}}, nil
		})
}

// AcceptSuggestions saves suggestions made for document b as annotator
// would accept them in the window: the Suggester's change and the rules
// of an edit (a document to do goes in progress), as one action. It is
// spanbench suggest --apply's way to save (store.SuggestRun.Accept).
func AcceptSuggestions(ctx context.Context, st *store.Store, annotator string, b annot.Bundle, sgs ...suggest.Suggestion) (store.Result, error) {
	s := New(st, annotator, Suggester{})
	s.Show(NewDoc(b, nil), "")
	out, err := s.Accept(ctx, sgs...)
	return out.Result, err
}
