package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"spanbench/annot"
	"spanbench/annot/suggest"
)

// SuggestOptions returns what suggest.Run needs for one document of this
// project: ProjectSuggestOptions and the suggestions rejected on that
// document.
func (s *Store) SuggestOptions(ctx context.Context, docID string) (suggest.Options, error) {
	opt, err := s.ProjectSuggestOptions(ctx)
	if err != nil {
		return opt, err
	}
	opt.Rejected, err = s.RejectedSuggestions(ctx, docID)
	return opt, err
}

// ProjectSuggestOptions returns the options that are the same for every
// document of the project: the cue lexicon, the gazetteer, the label set
// and the learned entity model. A run over many documents reads them once and adds each document's
// RejectedSuggestions.
func (s *Store) ProjectSuggestOptions(ctx context.Context) (suggest.Options, error) {
	var opt suggest.Options
	var err error
	if opt.Lexicon, err = s.Lexicon(ctx); err != nil {
		return opt, err
	}
	if opt.Gazetteer, err = s.Gazetteer(ctx); err != nil {
		return opt, err
	}
	labels, err := s.Labels(ctx)
	if err != nil {
		return opt, err
	}
	opt.Labels = annot.NewLabelSet(labels)
	// The entity model learned from the project's coded documents (spanbench
	// learn, or the window in the background), if there is one yet.
	opt.Names, err = s.learnedEntities(ctx, opt.Gazetteer)
	return opt, err
}

// SuggestionChange turns accepted suggestions into one Change: their spans
// and relations, each once, without the suggestion attributes (suggested,
// confidence, reason) and without an annotator, so Apply records whoever
// accepts them.
func SuggestionChange(sgs ...suggest.Suggestion) Change {
	c := Change{SkipExisting: true} // a speaker two suggestions share is saved once
	spans, rels := map[string]bool{}, map[string]bool{}
	for _, sg := range sgs {
		for _, sp := range sg.Spans {
			if spans[sp.ID] {
				continue
			}
			spans[sp.ID] = true
			sp = suggest.Plain(sp)
			sp.Annotator = ""
			c.Create = append(c.Create, sp)
		}
		for _, r := range sg.Relations {
			if rels[r.ID] {
				continue
			}
			rels[r.ID] = true
			r.Annotator = ""
			c.Link = append(c.Link, r)
		}
	}
	return c
}

// AcceptSuggestions saves suggestions made for document docID as one
// undoable action by annotator ("suggest" for spanbench suggest --apply,
// the coder's name in the window). Spans and relations that an earlier
// accept already saved (a speaker shared by two quotes) are not saved
// twice. Accepting nothing new is not an error: the result is empty.
func (s *Store) AcceptSuggestions(ctx context.Context, annotator, docID string, sgs ...suggest.Suggestion) (Result, error) {
	return s.Apply(ctx, annotator, docID, AcceptSummary(sgs), SuggestionChange(sgs...))
}

// AcceptSummary is the edit log's line for accepting sgs.
func AcceptSummary(sgs []suggest.Suggestion) string {
	if len(sgs) == 1 {
		return fmt.Sprintf("accept suggestion %s %d-%d", sgs[0].Label, sgs[0].Start, sgs[0].End)
	}
	return fmt.Sprintf("accept %d suggestions", len(sgs))
}

// RejectSuggestion remembers that annotator rejected the suggestion with
// key on document docID, so suggest.Run never proposes it there again. The
// rejection is one action of the edit log (its summary describes it), so
// Undo takes it back in order with the annotator's other edits, after a
// restart too. Rejecting twice is not an error and logs nothing: the
// returned action id is then 0.
func (s *Store) RejectSuggestion(ctx context.Context, annotator, docID, key, summary string) (int64, error) {
	if strings.TrimSpace(key) == "" {
		return 0, annot.Invalidf("key", "suggestion key is empty")
	}
	if strings.TrimSpace(annotator) == "" {
		return 0, annot.Invalidf("annotator", "annotator name is empty; set it in Settings or with --annotator")
	}
	if summary == "" {
		summary = "reject suggestion " + key
	}
	id, err := s.act(ctx, annotator, docID, summary, func(w *writer) error {
		if _, err := getHeader(ctx, w.tx, docID); err != nil {
			return err
		}
		cur, err := getRejection(ctx, w.tx, docID, key)
		if err != nil {
			return err
		}
		if cur != nil {
			return errNothingToDo
		}
		return w.putRejection(nil, &rejectionRow{DocID: docID, Key: key, Annotator: annotator, Created: w.now})
	})
	if errors.Is(err, errNothingToDo) {
		return 0, nil
	}
	return id, err
}

// rejectionRow is a rejected suggestion as the edit log keeps it.
type rejectionRow struct {
	DocID     string    `json:"doc_id"`
	Key       string    `json:"key"`
	Annotator string    `json:"annotator"`
	Created   time.Time `json:"created"`
}

func (r *rejectionRow) id() string { return r.DocID + "/" + r.Key }

func getRejection(ctx context.Context, q querier, docID, key string) (*rejectionRow, error) {
	r := rejectionRow{DocID: docID, Key: key}
	var created string
	err := q.QueryRowContext(ctx, `SELECT annotator, created FROM suggestion_rejections WHERE doc_id = ? AND key = ?`, docID, key).
		Scan(&r.Annotator, &created)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, translate(err)
	}
	r.Created = parseStamp(created)
	return &r, nil
}

// putRejection is putSpan for rejections: absent before, present after,
// or the other way round (an undo).
func (w *writer) putRejection(before, after *rejectionRow) error {
	var err error
	switch {
	case before == nil && after == nil:
		return nil
	case after == nil:
		_, err = w.tx.ExecContext(w.ctx, `DELETE FROM suggestion_rejections WHERE doc_id = ? AND key = ?`, before.DocID, before.Key)
	case before == nil:
		_, err = w.tx.ExecContext(w.ctx, `INSERT INTO suggestion_rejections (doc_id, key, annotator, created) VALUES (?, ?, ?, ?)`,
			after.DocID, after.Key, after.Annotator, after.Created.Format(stampLayout))
	default:
		return errors.New("putRejection: a rejection is not changed, only made or taken back")
	}
	if err != nil {
		return err
	}
	return w.log("rejection", idOf(before, after, (*rejectionRow).id), before, after)
}

// RejectedSuggestions returns the keys of the suggestions rejected on a
// document.
func (s *Store) RejectedSuggestions(ctx context.Context, docID string) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT key FROM suggestion_rejections WHERE doc_id = ?`, docID)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, translate(err)
		}
		out[k] = true
	}
	return out, translate(rows.Err())
}

// CueWord is a project's change to the built-in cue lexicon.
type CueWord struct {
	Phrase  string // lower case, single spaces: "point out"
	Enabled bool   // true adds the phrase, false removes a built-in one
}

// CueWords returns the project's changes to the built-in lexicon, by phrase.
func (s *Store) CueWords(ctx context.Context) ([]CueWord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT phrase, enabled FROM cue_words ORDER BY phrase`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []CueWord
	for rows.Next() {
		var w CueWord
		if err := rows.Scan(&w.Phrase, &w.Enabled); err != nil {
			return nil, translate(err)
		}
		out = append(out, w)
	}
	return out, translate(rows.Err())
}

// NormalizeCue lower-cases a cue phrase and collapses its spaces.
func NormalizeCue(phrase string) string {
	return strings.Join(strings.Fields(strings.ToLower(phrase)), " ")
}

// SetCueWord adds a cue word or phrase to the project's lexicon (enabled)
// or removes it (not enabled), built-in words included. Give the base form
// ("opine"); its inflections follow.
func (s *Store) SetCueWord(ctx context.Context, phrase string, enabled bool) error {
	if enabled {
		return s.ChangeCueWords(ctx, []string{phrase}, nil, nil)
	}
	return s.ChangeCueWords(ctx, nil, []string{phrase}, nil)
}

// ResetCueWord drops the project's change for a phrase: a built-in word is
// back, an added one gone.
func (s *Store) ResetCueWord(ctx context.Context, phrase string) error {
	return s.ChangeCueWords(ctx, nil, nil, []string{phrase})
}

// ChangeCueWords adds, removes and resets cue words (as SetCueWord and
// ResetCueWord) in one transaction: all of them, or on an error none.
func (s *Store) ChangeCueWords(ctx context.Context, add, remove, reset []string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, set := range []struct {
			words   []string
			enabled bool
		}{{add, true}, {remove, false}} {
			for _, phrase := range set.words {
				p := NormalizeCue(phrase)
				if p == "" {
					return annot.Invalidf("phrase", "cue word is empty")
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO cue_words (phrase, enabled) VALUES (?, ?)
					ON CONFLICT (phrase) DO UPDATE SET enabled = excluded.enabled`, p, set.enabled); err != nil {
					return err
				}
			}
		}
		for _, phrase := range reset {
			if _, err := tx.ExecContext(ctx, `DELETE FROM cue_words WHERE phrase = ?`, NormalizeCue(phrase)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Lexicon returns the project's cue lexicon: the built-in cues with the
// project's additions and without its removals.
func (s *Store) Lexicon(ctx context.Context) (*suggest.Lexicon, error) {
	changes, err := s.CueWords(ctx)
	if err != nil {
		return nil, err
	}
	on := map[string]bool{}
	for _, c := range suggest.DefaultCues {
		on[NormalizeCue(c)] = true
	}
	for _, c := range changes {
		on[c.Phrase] = c.Enabled
	}
	var words []string
	for w, ok := range on {
		if ok {
			words = append(words, w)
		}
	}
	return suggest.NewLexicon(words), nil
}

// Gazetteer returns the project gazetteer, sorted by text.
func (s *Store) Gazetteer(ctx context.Context) ([]suggest.GazetteerEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT text, label FROM gazetteer ORDER BY text`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []suggest.GazetteerEntry
	for rows.Next() {
		var e suggest.GazetteerEntry
		if err := rows.Scan(&e.Text, &e.Label); err != nil {
			return nil, translate(err)
		}
		out = append(out, e)
	}
	return out, translate(rows.Err())
}

// ImportGazetteer adds entries to the gazetteer in one transaction (a
// known text takes the new label), or replaces the whole gazetteer with
// them. Every label must be an entity label of the project; otherwise
// nothing changes and the error names the entry. It returns how many
// entries were written.
func (s *Store) ImportGazetteer(ctx context.Context, entries []suggest.GazetteerEntry, replace bool) (int, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := s.labelRows(ctx, tx)
		if err != nil {
			return err
		}
		ls := annot.NewLabelSet(rowsToLabels(rows))
		for i, e := range entries {
			where := fmt.Sprintf("gazetteer[%d]", i)
			if e.Line > 0 {
				where = fmt.Sprintf("line %d", e.Line)
			}
			if err := suggest.CheckGazetteerEntry(e); err != nil {
				return annot.InField(where, err)
			}
			if err := ls.Check(annot.LayerEntity, e.Label); err != nil {
				return annot.InField(fmt.Sprintf("%s (%q)", where, e.Text), err)
			}
		}
		if replace {
			if _, err := tx.ExecContext(ctx, `DELETE FROM gazetteer`); err != nil {
				return err
			}
		}
		st, err := tx.PrepareContext(ctx, `INSERT INTO gazetteer (text, label) VALUES (?, ?) ON CONFLICT (text) DO UPDATE SET label = excluded.label`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, e := range entries {
			if _, err := st.ExecContext(ctx, e.Text, e.Label); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(entries), nil
}

// DeleteGazetteerEntry removes a name from the gazetteer.
func (s *Store) DeleteGazetteerEntry(ctx context.Context, text string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM gazetteer WHERE text = ?`, text)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return annot.NotFoundf("text", "%q is not in the gazetteer", text)
		}
		return nil
	})
}
