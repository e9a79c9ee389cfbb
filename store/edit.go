package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"spanbench/annot"
)

// Action is one entry of the edit log: a user action, an undo, a redo or an
// import, with the edits it made.
type Action struct {
	ID        int64
	Time      time.Time
	Annotator string
	Op        string // edit, undo, redo or import (annot.Kind is an error's class)
	Reverts   int64  // for undo: the action undone; for redo: the action re-applied
	DocID     string
	Summary   string
	// Rejections are the keys of the suggestion rejections an undo took
	// back or a redo made again (set by Undo and Redo only).
	Rejections []string
}

// Edit is one change of one entity inside an action; Before is nil for a
// creation and After nil for a deletion. Both are the entity's JSON.
type Edit struct {
	Entity   string // document, span, relation, label or rejection
	EntityID string
	Before   json.RawMessage
	After    json.RawMessage
}

// writer applies changes inside one transaction and logs each one as an edit
// of the current action. Every mutation of annotations goes through it, so
// the log and the tables cannot disagree.
type writer struct {
	s        *Store
	ctx      context.Context
	tx       *sql.Tx
	actionID int64
	now      time.Time
}

// act runs fn in one transaction that records one edit action in the log.
func (s *Store) act(ctx context.Context, annotator, docID, summary string, fn func(w *writer) error) (int64, error) {
	db, release, err := s.writeConn(ctx)
	if err != nil {
		return 0, err
	}
	defer release()
	return s.actOn(ctx, db, annotator, "edit", docID, summary, fn)
}

// actOn is act on a given connection, for an action of the given kind.
func (s *Store) actOn(ctx context.Context, db beginner, annotator, kind, docID, summary string, fn func(w *writer) error) (int64, error) {
	return s.actOnDoc(ctx, db, annotator, kind, func(*sql.Tx) (string, error) { return docID, nil }, summary, fn)
}

// actOnDoc is actOn for an action whose document (the log's doc_id) is
// found inside its transaction, before it writes: docID returns it, ""
// for none or several.
func (s *Store) actOnDoc(ctx context.Context, db beginner, annotator, kind string, docID func(*sql.Tx) (string, error), summary string, fn func(w *writer) error) (int64, error) {
	var id int64
	err := inTxOn(ctx, db, func(tx *sql.Tx) error {
		doc, err := docID(tx)
		if err != nil {
			return err
		}
		w, err := s.newAction(ctx, tx, annotator, kind, doc, summary, 0)
		if err != nil {
			return err
		}
		id = w.actionID
		return fn(w)
	})
	if err != nil && id != 0 {
		s.forget(id)
	}
	return id, err
}

// newAction records a new action in the log (reverts: the action an undo
// or redo goes back to) and returns the writer of its edits.
func (s *Store) newAction(ctx context.Context, tx *sql.Tx, annotator, kind, docID, summary string, reverts int64) (*writer, error) {
	w := &writer{s: s, ctx: ctx, tx: tx, now: s.now()}
	stamp := w.now.Format(stampLayout)
	if _, err := tx.ExecContext(ctx, `INSERT INTO annotators (name, created) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, annotator, stamp); err != nil {
		return nil, err
	}
	var rev, doc any
	if reverts != 0 {
		rev = reverts
	}
	if docID != "" {
		doc = docID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO actions (ts, annotator, kind, reverts, doc_id, summary) VALUES (?, ?, ?, ?, ?, ?)`,
		stamp, annotator, kind, rev, doc, summary)
	if err != nil {
		return nil, err
	}
	if w.actionID, err = res.LastInsertId(); err != nil {
		return nil, err
	}
	s.logged(w.actionID)
	return w, nil
}

func (w *writer) log(entity, id string, before, after any) error {
	b, err := snapshot(before)
	if err != nil {
		return err
	}
	a, err := snapshot(after)
	if err != nil {
		return err
	}
	_, err = w.tx.ExecContext(w.ctx, `INSERT INTO edits (action_id, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?)`,
		w.actionID, entity, id, b, a)
	return err
}

// snapshot marshals a non-nil pointer; a nil pointer is SQL NULL.
func snapshot(v any) (any, error) {
	switch p := v.(type) {
	case *annot.Span:
		if p == nil {
			return nil, nil
		}
	case *annot.Relation:
		if p == nil {
			return nil, nil
		}
	case *docState:
		if p == nil {
			return nil, nil
		}
	case *labelRow:
		if p == nil {
			return nil, nil
		}
	case *rejectionRow:
		if p == nil {
			return nil, nil
		}
	case nil:
		return nil, nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// putSpan makes the stored span equal after (nil: deleted), given that it is
// now equal to before (nil: absent), and logs the edit.
func (w *writer) putSpan(before, after *annot.Span) error {
	var err error
	switch {
	case before == nil && after == nil:
		return nil
	case after == nil:
		_, err = w.tx.ExecContext(w.ctx, `DELETE FROM spans WHERE id = ?`, before.ID)
	case before == nil:
		_, err = w.tx.ExecContext(w.ctx, `INSERT INTO spans (id, doc_id, start, "end", fragments, layer, label, attrs, note, annotator, created, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, spanArgs(after)...)
	default:
		args := spanArgs(after)
		_, err = w.tx.ExecContext(w.ctx, `UPDATE spans SET doc_id = ?, start = ?, "end" = ?, fragments = ?, layer = ?, label = ?, attrs = ?,
			note = ?, annotator = ?, created = ?, updated = ? WHERE id = ?`, append(args[1:], args[0])...)
	}
	if err != nil {
		return err
	}
	id := idOf(before, after, func(s *annot.Span) string { return s.ID })
	return w.log("span", id, before, after)
}

func spanArgs(s *annot.Span) []any {
	var frags any
	if len(s.Fragments) > 1 {
		b, _ := json.Marshal(s.Fragments)
		frags = string(b)
	}
	return []any{s.ID, s.DocID, s.Start, s.End, frags, s.Layer, s.Label, mapJSON(s.Attrs), s.Note, s.Annotator,
		s.Created.Format(stampLayout), s.Updated.Format(stampLayout)}
}

// putRelation is putSpan for relations; relations are never updated in place.
func (w *writer) putRelation(before, after *annot.Relation) error {
	var err error
	switch {
	case before == nil && after == nil:
		return nil
	case after == nil:
		_, err = w.tx.ExecContext(w.ctx, `DELETE FROM relations WHERE id = ?`, before.ID)
	case before == nil:
		_, err = w.tx.ExecContext(w.ctx, `INSERT INTO relations (id, doc_id, label, from_id, to_id, annotator, created) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			after.ID, after.DocID, after.Label, after.From, after.To, after.Annotator, after.Created.Format(stampLayout))
	default:
		_, err = w.tx.ExecContext(w.ctx, `UPDATE relations SET doc_id = ?, label = ?, from_id = ?, to_id = ?, annotator = ?, created = ? WHERE id = ?`,
			after.DocID, after.Label, after.From, after.To, after.Annotator, after.Created.Format(stampLayout), after.ID)
	}
	if err != nil {
		return err
	}
	id := idOf(before, after, func(r *annot.Relation) string { return r.ID })
	return w.log("relation", id, before, after)
}

// docState is the part of a document an action may change. Texts are
// immutable, so the log never holds them.
type docState struct {
	ID      string            `json:"id"`
	Title   string            `json:"title"`
	Status  annot.Status      `json:"status"`
	Meta    map[string]string `json:"meta,omitempty"`
	SHA256  string            `json:"sha256"`
	Updated time.Time         `json:"updated"`
}

// putDoc changes a document's header. Creation and deletion of documents
// are not undoable and go through Import, which logs the header only.
func (w *writer) putDoc(before, after *docState) error {
	if before == nil || after == nil {
		return errors.New("putDoc: documents are created by import only")
	}
	if _, err := w.tx.ExecContext(w.ctx, `UPDATE documents SET title = ?, status = ?, meta = ?, updated = ? WHERE id = ?`,
		after.Title, after.Status, mapJSON(after.Meta), after.Updated.Format(stampLayout), after.ID); err != nil {
		return err
	}
	return w.log("document", after.ID, before, after)
}

// labelRow is a label with its place in the label bar, as the log keeps it.
type labelRow struct {
	annot.Label
	Position int `json:"position"`
}

func (w *writer) putLabel(before, after *labelRow) error {
	var err error
	switch {
	case before == nil && after == nil:
		return nil
	case after == nil:
		var n int
		what := "span"
		q, args := `SELECT count(*) FROM spans WHERE layer = ? AND label = ?`, []any{before.Layer, before.Name}
		if before.Layer == annot.LayerRelation {
			what, q, args = "relation", `SELECT count(*) FROM relations WHERE label = ?`, []any{before.Name}
		}
		if err := w.tx.QueryRowContext(w.ctx, q, args...).Scan(&n); err != nil {
			return err
		}
		if n == 1 {
			return annot.Conflictf("label", "label %s is used by 1 %s; relabel or delete it first", before.Name, what)
		}
		if n > 1 {
			return annot.Conflictf("label", "label %s is used by %d %ss; relabel or delete them first", before.Name, n, what)
		}
		_, err = w.tx.ExecContext(w.ctx, `DELETE FROM labels WHERE id = ?`, before.ID)
	case before == nil:
		var res sql.Result
		if after.ID != 0 {
			res, err = w.tx.ExecContext(w.ctx, `INSERT INTO labels (id, layer, name, color, key, position) VALUES (?, ?, ?, ?, ?, ?)`,
				after.ID, after.Layer, after.Name, after.Color, after.Key, after.Position)
		} else {
			res, err = w.tx.ExecContext(w.ctx, `INSERT INTO labels (layer, name, color, key, position) VALUES (?, ?, ?, ?, ?)`,
				after.Layer, after.Name, after.Color, after.Key, after.Position)
			if err == nil {
				after.ID, err = res.LastInsertId()
			}
		}
	default:
		if before.Layer != after.Layer {
			return annot.Invalidf("layer", "a label cannot move from layer %s to %s", before.Layer, after.Layer)
		}
		_, err = w.tx.ExecContext(w.ctx, `UPDATE labels SET name = ?, color = ?, key = ?, position = ? WHERE id = ?`,
			after.Name, after.Color, after.Key, after.Position, after.ID)
	}
	if err != nil {
		return err
	}
	id := idOf(before, after, func(l *labelRow) string { return fmt.Sprint(l.ID) })
	return w.log("label", id, before, after)
}

func idOf[T, K any](before, after *T, id func(*T) K) K {
	if after != nil {
		return id(after)
	}
	return id(before)
}

func mapJSON(m map[string]string) string {
	if len(m) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// Undo reverts the annotator's most recent action that is not yet undone
// (imports are not undoable) and returns the new undo action; its DocID
// tells the window which document to show. With nothing to undo it returns
// a not-found error.
func (s *Store) Undo(ctx context.Context, annotator string) (Action, error) {
	return s.undoRedo(ctx, annotator, true)
}

// Redo re-applies the action the annotator undid last, when no new action
// came since.
func (s *Store) Redo(ctx context.Context, annotator string) (Action, error) {
	return s.undoRedo(ctx, annotator, false)
}

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// findTarget walks the annotator's log backwards. For undo it returns the
// newest edit or redo not cancelled by a later undo; for redo, the newest
// undo not cancelled by a later redo, provided no edit came after it. The
// log is a stack: every undo cancels the nearest uncancelled action below
// it, every redo the nearest uncancelled undo.
func findTarget(ctx context.Context, q querier, annotator string, undo bool) (int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kind FROM actions WHERE annotator = ? AND kind <> 'import' ORDER BY id DESC`, annotator)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	depth := 0
	for rows.Next() {
		var id int64
		var kind string
		if err := rows.Scan(&id, &kind); err != nil {
			return 0, err
		}
		if undo {
			if kind == "undo" {
				depth++
			} else if depth == 0 {
				return id, nil
			} else {
				depth--
			}
			continue
		}
		switch kind {
		case "redo":
			depth++
		case "undo":
			if depth == 0 {
				return id, nil
			}
			depth--
		default:
			return 0, rows.Err()
		}
	}
	return 0, rows.Err()
}

func loadAction(ctx context.Context, q querier, id int64) (Action, error) {
	var a Action
	var ts string
	var rev sql.NullInt64
	var doc sql.NullString
	err := q.QueryRowContext(ctx, `SELECT id, ts, annotator, kind, reverts, doc_id, summary FROM actions WHERE id = ?`, id).
		Scan(&a.ID, &ts, &a.Annotator, &a.Op, &rev, &doc, &a.Summary)
	a.Time, a.Reverts, a.DocID = parseStamp(ts), rev.Int64, doc.String
	return a, err
}

func loadEdits(ctx context.Context, q querier, action int64) ([]Edit, error) {
	rows, err := q.QueryContext(ctx, `SELECT entity, entity_id, before, after FROM edits WHERE action_id = ? ORDER BY id`, action)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var es []Edit
	for rows.Next() {
		var e Edit
		var b, a sql.NullString
		if err := rows.Scan(&e.Entity, &e.EntityID, &b, &a); err != nil {
			return nil, err
		}
		if b.Valid {
			e.Before = json.RawMessage(b.String)
		}
		if a.Valid {
			e.After = json.RawMessage(a.String)
		}
		es = append(es, e)
	}
	return es, rows.Err()
}

func (s *Store) undoRedo(ctx context.Context, annotator string, undo bool) (Action, error) {
	var out Action
	var mine int64
	db, release, err := s.writeConn(ctx)
	if err != nil {
		return out, err
	}
	defer release()
	err = inTxOn(ctx, db, func(tx *sql.Tx) error {
		target, err := findTarget(ctx, tx, annotator, undo)
		if err != nil {
			return err
		}
		if target == 0 {
			if undo {
				return annot.NotFoundf("", "nothing to undo")
			}
			return annot.NotFoundf("", "nothing to redo")
		}
		t, err := loadAction(ctx, tx, target)
		if err != nil {
			return err
		}
		// Undo applies the target's edits backwards; redo re-applies, forwards,
		// the edits of the action the target undo reverted.
		kind, source, summary := "undo", t.ID, "undo: "+t.Summary
		if !undo {
			kind, source = "redo", t.Reverts
			summary = "redo: " + strings.TrimPrefix(t.Summary, "undo: ")
		}
		edits, err := loadEdits(ctx, tx, source)
		if err != nil {
			return err
		}
		w, err := s.newAction(ctx, tx, annotator, kind, t.DocID, summary, source)
		if err != nil {
			return err
		}
		mine = w.actionID
		if undo {
			for i := len(edits) - 1; i >= 0; i-- {
				if err := w.replay(edits[i].Entity, edits[i].After, edits[i].Before); err != nil {
					return err
				}
			}
		} else {
			for _, e := range edits {
				if err := w.replay(e.Entity, e.Before, e.After); err != nil {
					return err
				}
			}
		}
		out, err = loadAction(ctx, tx, w.actionID)
		for _, e := range edits {
			if e.Entity == "rejection" {
				if _, key, ok := strings.Cut(e.EntityID, "/"); ok {
					out.Rejections = append(out.Rejections, key)
				}
			}
		}
		return err
	})
	if err != nil && mine != 0 {
		s.forget(mine)
	}
	return out, err
}

// replay moves one entity from state from to state to (JSON; nil = absent),
// checking first that it is still in state from, so an undo never
// clobbers what another window or command changed, deleted or created
// meanwhile.
func (w *writer) replay(entity string, from, to json.RawMessage) error {
	switch entity {
	case "span":
		a, b, err := replayStates[annot.Span](from, to)
		if err != nil {
			return err
		}
		cur, err := present(getSpan(w.ctx, w.tx, idOf(a, b, func(s *annot.Span) string { return s.ID })))
		if err := expect(entity, a, cur, err, sameSpan); err != nil {
			return err
		}
		if b != nil {
			b.Updated = w.now
		}
		return w.putSpan(a, b)
	case "relation":
		a, b, err := replayStates[annot.Relation](from, to)
		if err != nil {
			return err
		}
		cur, err := present(getRelation(w.ctx, w.tx, idOf(a, b, func(r *annot.Relation) string { return r.ID })))
		if err := expect(entity, a, cur, err, func(x, y *annot.Relation) bool {
			return x.DocID == y.DocID && x.Label == y.Label && x.From == y.From && x.To == y.To
		}); err != nil {
			return err
		}
		return w.putRelation(a, b)
	case "document":
		a, b, err := replayStates[docState](from, to)
		if err != nil {
			return err
		}
		if a != nil {
			cur, err := getHeader(w.ctx, w.tx, a.ID)
			if err := expect(entity, a, cur, err, func(x, y *docState) bool {
				return x.Title == y.Title && x.Status == y.Status && maps.Equal(x.Meta, y.Meta)
			}); err != nil {
				return err
			}
		}
		if b != nil {
			b.Updated = w.now
		}
		return w.putDoc(a, b)
	case "label":
		a, b, err := replayStates[labelRow](from, to)
		if err != nil {
			return err
		}
		rows, err := w.s.labelRows(w.ctx, w.tx)
		if err != nil {
			return err
		}
		id := idOf(a, b, func(l *labelRow) int64 { return l.ID })
		var cur *labelRow
		if i := slices.IndexFunc(rows, func(l labelRow) bool { return l.ID == id }); i >= 0 {
			cur = &rows[i]
		}
		if err := expect(entity, a, cur, nil, func(x, y *labelRow) bool {
			return x.Name == y.Name && x.Color == y.Color && x.Key == y.Key
		}); err != nil {
			return err
		}
		return w.putLabel(a, b)
	case "rejection":
		a, b, err := replayStates[rejectionRow](from, to)
		if err != nil {
			return err
		}
		r := a
		if r == nil {
			r = b
		}
		cur, err := getRejection(w.ctx, w.tx, r.DocID, r.Key)
		if err := expect("rejection", a, cur, err, func(x, y *rejectionRow) bool { return true }); err != nil {
			return err
		}
		return w.putRejection(a, b)
	}
	return fmt.Errorf("edit log: unknown entity %q", entity)
}

// replayStates decodes the two states of a logged edit (nil: absent).
func replayStates[T any](from, to json.RawMessage) (a, b *T, err error) {
	if err := unmarshalOpt(from, &a); err != nil {
		return nil, nil, err
	}
	return a, b, unmarshalOpt(to, &b)
}

// present turns a lookup's not-found error into a nil entity.
func present[T any](v T, err error) (*T, error) {
	if annot.KindOf(err) == annot.KindNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// expect checks that an entity is now as an undo or redo expects it: absent
// when from is nil, else present with the content of from (same says what
// counts; times and annotators do not). lookupErr is the error of reading
// cur, not-found excluded.
func expect[T any](entity string, from, cur *T, lookupErr error, same func(a, b *T) bool) error {
	switch {
	case lookupErr != nil && annot.KindOf(lookupErr) != annot.KindNotFound:
		return lookupErr
	case from != nil && cur == nil:
		return annot.Conflictf("", "cannot undo or redo: the %s was deleted meanwhile (another window or command)", entity)
	case from == nil && cur != nil:
		return annot.Conflictf("", "cannot undo or redo: the %s was re-created meanwhile (another window or command)", entity)
	case from != nil && !same(from, cur):
		return annot.Conflictf("", "cannot undo or redo: the %s was changed meanwhile (another window or command); nothing was changed", entity)
	}
	return nil
}

// sameSpan reports whether two states of a span have the same content:
// place, pieces, layer, label, attributes and note.
func sameSpan(a, b *annot.Span) bool {
	frags := func(s *annot.Span) []annot.Fragment {
		if len(s.Fragments) > 1 {
			return s.Fragments
		}
		return nil
	}
	return a.DocID == b.DocID && a.Start == b.Start && a.End == b.End && slices.Equal(frags(a), frags(b)) &&
		a.Layer == b.Layer && a.Label == b.Label && maps.Equal(a.Attrs, b.Attrs) && a.Note == b.Note
}

func unmarshalOpt[T any](raw json.RawMessage, into **T) error {
	if raw == nil {
		*into = nil
		return nil
	}
	*into = new(T)
	return json.Unmarshal(raw, *into)
}
