package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"spanbench/annot"
)

// Change is one user action on one document: everything in it is applied in
// one transaction and undone by one Undo. Spans and relations given without
// an ID get a new one; relations may point at spans created by the same
// Change through the IDs the caller chose.
type Change struct {
	Unlink []string          // relation ids to delete
	Delete []string          // span ids to delete, with their relations
	Update []annot.Span      // spans to replace (matched by ID)
	Create []annot.Span      // new spans
	Link   []annot.Relation  // new relations
	Status annot.Status      // new document status; "" keeps it
	Title  *string           // new document title; nil keeps it
	Meta   map[string]string // new document meta; nil keeps it
	// SkipExisting leaves out the Create and Link entries whose ID is
	// already in the project, checked inside the action's transaction
	// (accepting a suggestion whose speaker another one already brought).
	// An action left with nothing to do writes nothing.
	SkipExisting bool
}

// errNothingToDo ends an Apply whose SkipExisting left it empty.
var errNothingToDo = errors.New("nothing to do")

// Result is what an action stored, the whole of it, so a caller holding
// the document (the editing session) applies it as it is: remove the
// relations and spans named, then put the spans and relations given.
type Result struct {
	ActionID int64
	// Spans and Relations are the spans created or updated and the
	// relations created, as now in the project.
	Spans     []annot.Span
	Relations []annot.Relation
	// DeletedSpans are the ids of the spans deleted; DeletedRelations those
	// of the relations deleted, the ones unlinked and the ones that went
	// with a deleted span.
	DeletedSpans     []string
	DeletedRelations []string
	// Status is the document's status after the action when it set one,
	// "" otherwise.
	Status annot.Status
}

// Apply validates and applies c to document docID as one undoable action
// by annotator, described in the log by summary. Nothing is written when
// any part is invalid.
func (s *Store) Apply(ctx context.Context, annotator, docID, summary string, c Change) (Result, error) {
	db, release, err := s.writeConn(ctx)
	if err != nil {
		return Result{}, err
	}
	defer release()
	return s.apply(ctx, db, annotator, docID, summary, c)
}

// ApplyNow is Apply(NoWait(ctx), ...): while another connection or
// process holds the write lock, it returns ErrBusy at once and writes
// nothing.
func (s *Store) ApplyNow(ctx context.Context, annotator, docID, summary string, c Change) (Result, error) {
	return s.Apply(NoWait(ctx), annotator, docID, summary, c)
}

type noWaitKey struct{}

// NoWait returns a context under which the store's writes (Apply and the
// actions built on it, RejectSuggestion, EditLabels, Undo, Redo,
// SetSetting and the other one-transaction writes) do not wait for the
// write lock: while another connection or process holds it they return ErrBusy
// at once and write nothing. The window tries its writes so on the UI
// goroutine and hands them to a background worker (which waits) only when
// the project is busy, so it never freezes on another process's
// transaction.
func NoWait(ctx context.Context) context.Context { return context.WithValue(ctx, noWaitKey{}, true) }

// writeConn returns where an action of ctx begins its transaction: the
// pool, or under NoWait a connection of it whose busy timeout is 0 until
// release.
func (s *Store) writeConn(ctx context.Context) (db beginner, release func(), err error) {
	if ctx.Value(noWaitKey{}) == nil {
		return s.db, func() {}, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, nil, translate(err)
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 0`); err != nil {
		conn.Close()
		return nil, nil, translate(err)
	}
	return conn, func() {
		conn.ExecContext(context.Background(), fmt.Sprintf(`PRAGMA busy_timeout = %d`, busyTimeout/time.Millisecond))
		conn.Close()
	}, nil
}

func (s *Store) apply(ctx context.Context, db beginner, annotator, docID, summary string, c Change) (Result, error) {
	if strings.TrimSpace(annotator) == "" {
		return Result{}, annot.Invalidf("annotator", "annotator name is empty; set it in Settings or with --annotator")
	}
	var res Result
	id, err := s.actOn(ctx, db, annotator, "edit", docID, summary, func(w *writer) error {
		ix, err := s.index(ctx, w.tx, docID)
		if err != nil {
			return err
		}
		labels, err := s.labelRows(ctx, w.tx)
		if err != nil {
			return err
		}
		ls := annot.NewLabelSet(rowsToLabels(labels))
		create, link := c.Create, c.Link
		if c.SkipExisting {
			if create, link, err = w.newOnly(create, link); err != nil {
				return err
			}
			if len(create) == 0 && len(link) == 0 && len(c.Unlink) == 0 && len(c.Delete) == 0 && len(c.Update) == 0 &&
				c.Status == "" && c.Title == nil && c.Meta == nil {
				return errNothingToDo
			}
		}
		for i, rid := range c.Unlink {
			r, err := present(getRelation(ctx, w.tx, rid))
			if err != nil {
				return err
			}
			if r == nil || r.DocID != docID {
				return annot.NotFoundf(fmt.Sprintf("unlink[%d]", i), "relation %s does not exist in this document", rid)
			}
			if err := w.putRelation(r, nil); err != nil {
				return err
			}
			res.DeletedRelations = append(res.DeletedRelations, rid)
		}
		for i, sid := range c.Delete {
			f := fmt.Sprintf("delete[%d]", i)
			before, err := getSpan(ctx, w.tx, sid)
			if err != nil {
				return annot.InField(f, err)
			}
			if before.DocID != docID {
				return annot.NotFoundf(f, "span %s is not in this document", sid)
			}
			rs, err := queryRelations(ctx, w.tx, `WHERE from_id = ? OR to_id = ? ORDER BY created, id`, sid, sid)
			if err != nil {
				return err
			}
			for j := range rs {
				if err := w.putRelation(&rs[j], nil); err != nil {
					return err
				}
				res.DeletedRelations = append(res.DeletedRelations, rs[j].ID)
			}
			if err := w.putSpan(&before, nil); err != nil {
				return err
			}
			res.DeletedSpans = append(res.DeletedSpans, sid)
		}
		for i, sp := range c.Update {
			f := fmt.Sprintf("update[%d]", i)
			before, err := getSpan(ctx, w.tx, sp.ID)
			if err != nil {
				return annot.InField(f, err)
			}
			if before.DocID != docID {
				return annot.NotFoundf(f, "span %s is not in this document", sp.ID)
			}
			sp.DocID, sp.Created, sp.Updated = docID, before.Created, w.now
			if sp.Annotator == "" {
				sp.Annotator = before.Annotator
			}
			if err := checkSpan(ix, ls, &sp); err != nil {
				return annot.InField(f, err)
			}
			if err := w.putSpan(&before, &sp); err != nil {
				return err
			}
			res.Spans = append(res.Spans, sp)
		}
		for i, sp := range create {
			f := fmt.Sprintf("create[%d]", i)
			if sp.ID == "" {
				sp.ID = annot.NewID()
			}
			sp.DocID, sp.Created, sp.Updated = docID, w.now, w.now
			if sp.Annotator == "" {
				sp.Annotator = annotator
			}
			if err := checkSpan(ix, ls, &sp); err != nil {
				return annot.InField(f, err)
			}
			if err := w.putSpan(nil, &sp); err != nil {
				return annot.InField(f, err)
			}
			res.Spans = append(res.Spans, sp)
		}
		for i, r := range link {
			f := fmt.Sprintf("link[%d]", i)
			if r.ID == "" {
				r.ID = annot.NewID()
			}
			r.DocID, r.Created = docID, w.now
			if r.Annotator == "" {
				r.Annotator = annotator
			}
			if err := ls.Check(annot.LayerRelation, r.Label); err != nil {
				return annot.InField(f, err)
			}
			ends := map[string]annot.Span{}
			for _, end := range []string{r.From, r.To} {
				if sp, err := getSpan(ctx, w.tx, end); err == nil {
					ends[end] = sp
				}
			}
			if err := annot.ValidateRelation(r, ends); err != nil {
				return annot.InField(f, err)
			}
			if err := annot.CheckRelationLayers(r.Label, ends[r.From].Layer, ends[r.To].Layer); err != nil {
				return annot.InField(f, err)
			}
			if err := w.putRelation(nil, &r); err != nil {
				return annot.InField(f, err)
			}
			res.Relations = append(res.Relations, r)
		}
		if c.Status != "" || c.Title != nil || c.Meta != nil {
			before, err := getHeader(ctx, w.tx, docID)
			if err != nil {
				return err
			}
			after := *before
			if c.Status != "" {
				st, err := annot.ParseStatus(string(c.Status))
				if err != nil {
					return err
				}
				after.Status = st
			}
			if c.Title != nil {
				if strings.TrimSpace(*c.Title) == "" {
					return annot.Invalidf("title", "title is empty")
				}
				after.Title = *c.Title
			}
			if c.Meta != nil {
				after.Meta = c.Meta
			}
			after.Updated = w.now
			if err := w.putDoc(before, &after); err != nil {
				return err
			}
			if after.Status != before.Status {
				res.Status = after.Status
			}
		}
		return nil
	})
	if errors.Is(err, errNothingToDo) {
		return Result{}, nil
	}
	res.ActionID = id
	return res, err
}

// newOnly returns the spans and relations whose IDs are not stored yet.
func (w *writer) newOnly(spans []annot.Span, rels []annot.Relation) ([]annot.Span, []annot.Relation, error) {
	var newSpans []annot.Span
	for _, sp := range spans {
		cur, err := present(getSpan(w.ctx, w.tx, sp.ID))
		if err != nil {
			return nil, nil, err
		}
		if cur == nil || sp.ID == "" {
			newSpans = append(newSpans, sp)
		}
	}
	var newRels []annot.Relation
	for _, r := range rels {
		cur, err := present(getRelation(w.ctx, w.tx, r.ID))
		if err != nil {
			return nil, nil, err
		}
		if cur == nil || r.ID == "" {
			newRels = append(newRels, r)
		}
	}
	return newSpans, newRels, nil
}

func checkSpan(ix *annot.Index, ls annot.LabelSet, sp *annot.Span) error {
	if err := annot.ValidateSpan(ix, sp); err != nil {
		return err
	}
	return ls.Check(sp.Layer, sp.Label)
}

func rowsToLabels(rows []labelRow) []annot.Label {
	out := make([]annot.Label, len(rows))
	for i, r := range rows {
		out[i] = r.Label
	}
	return out
}

func getHeader(ctx context.Context, q querier, docID string) (*docState, error) {
	var h docState
	var meta, updated string
	err := q.QueryRowContext(ctx, `SELECT id, title, status, meta, sha256, updated FROM documents WHERE id = ?`, docID).
		Scan(&h.ID, &h.Title, &h.Status, &meta, &h.SHA256, &updated)
	if err == sql.ErrNoRows {
		return nil, annot.NotFoundf("document", "document %s does not exist", docID)
	}
	if err != nil {
		return nil, translate(err)
	}
	if h.Meta, err = parseMap(meta, "meta of document "+docID); err != nil {
		return nil, err
	}
	h.Updated = parseStamp(updated)
	return &h, nil
}
