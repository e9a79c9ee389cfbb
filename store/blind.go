package store

import (
	"context"
	"database/sql"

	"spanbench/annot"
)

// Blind coding. A project may be blind: then a reader that names itself
// (SetViewer, the window does it with its annotator) sees only the
// documents assigned to it and, in them, only its own spans and the
// relations between them. The option lives in the settings table (key
// BlindKey); nothing else changes: a reader without a viewer (the command
// line, exports, agreement) sees everything. Adjudication starts by
// turning the option off (`spanbench blind off`), which shows every coder
// their colleagues' spans again.

// BlindKey is the project setting that makes a project blind: "on".
const BlindKey = "blind"

// ProjectIDKey is the project setting holding the project's id, a UUID
// given at creation (older projects get one at their first pack). A
// coder's file made by Pack carries its project's id, so Merge can refuse
// a file from another project.
const ProjectIDKey = "project_id"

// seedProjectID gives a new project its id.
func seedProjectID(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, ProjectIDKey, annot.NewID())
	return err
}

// ProjectID returns the project's id; "" for a project made before ids
// that has not been packed yet.
func (s *Store) ProjectID(ctx context.Context) (string, error) {
	return s.Setting(ctx, ProjectIDKey, "")
}

// ensureProjectID returns the project's id, giving it one first if it has
// none.
func (s *Store) ensureProjectID(ctx context.Context) (string, error) {
	var id string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := seedProjectID(ctx, tx); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, ProjectIDKey).Scan(&id)
	})
	return id, err
}

// SetViewer names the coder reading through this Store: in a blind
// project, reads then show only what that coder may see. "" (the default)
// shows everything. Safe to call at any time from any goroutine.
func (s *Store) SetViewer(name string) { s.viewer.Store(&name) }

// Viewer returns the name SetViewer set.
func (s *Store) Viewer() string {
	if v := s.viewer.Load(); v != nil {
		return *v
	}
	return ""
}

// Blind reports whether the project is blind.
func (s *Store) Blind(ctx context.Context) (bool, error) {
	v, err := s.Setting(ctx, BlindKey, "")
	return v == "on", err
}

// SetBlind turns blind coding on or off.
func (s *Store) SetBlind(ctx context.Context, on bool) error {
	v := "off"
	if on {
		v = "on"
	}
	return s.SetSetting(ctx, BlindKey, v)
}

// blindViewer returns the viewer whose reads are filtered: "" when no
// viewer is set or the project is not blind.
func (s *Store) blindViewer(ctx context.Context) (string, error) {
	v := s.Viewer()
	if v == "" {
		return "", nil
	}
	blind, err := s.Blind(ctx)
	if err != nil || !blind {
		return "", err
	}
	return v, nil
}

// assignedTo is the condition on documents d that keeps those assigned
// to the viewer given as its argument.
const assignedTo = `d.id IN (SELECT doc_id FROM assignments WHERE coder = ?)`

// blindDocColumns is docColumns with the span counts of the viewer's
// spans only; it takes the viewer four times as arguments.
const blindDocColumns = `d.id, d.title, d.status, d.meta, d.sha256, d.length,
	(SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.layer = 'quote' AND s.annotator = ?),
	(SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.layer = 'claim' AND s.annotator = ?),
	(SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.layer = 'entity' AND s.annotator = ?),
	(SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.layer = 'cue' AND s.annotator = ?),
	d.created, d.updated`

// docView turns a document query's WHERE clause and arguments into the
// viewer's: the columns to select, the clause and the arguments (the
// columns' first). Without a blind viewer it changes nothing.
func (s *Store) docView(ctx context.Context, where string, args []any) (string, string, []any, error) {
	v, err := s.blindViewer(ctx)
	if err != nil || v == "" {
		return docColumns, where, args, err
	}
	if where == "" {
		where = " WHERE " + assignedTo
	} else {
		where += " AND " + assignedTo
	}
	return blindDocColumns, where, append(append([]any{v, v, v, v}, args...), v), nil
}

// viewSpans keeps the spans and relations a blind viewer may see: its
// own spans and the relations between them. Without a blind viewer it
// keeps everything.
func (s *Store) viewSpans(ctx context.Context, spans []annot.Span, rels []annot.Relation) ([]annot.Span, []annot.Relation, error) {
	v, err := s.blindViewer(ctx)
	if err != nil || v == "" {
		return spans, rels, err
	}
	return onlyBy(v, spans, rels)
}

// onlyBy keeps the spans by annotator and the relations whose two ends
// are among them.
func onlyBy(annotator string, spans []annot.Span, rels []annot.Relation) ([]annot.Span, []annot.Relation, error) {
	kept := map[string]bool{}
	var ss []annot.Span
	for _, sp := range spans {
		if sp.Annotator == annotator {
			ss = append(ss, sp)
			kept[sp.ID] = true
		}
	}
	var rs []annot.Relation
	for _, r := range rels {
		if kept[r.From] && kept[r.To] {
			rs = append(rs, r)
		}
	}
	return ss, rs, nil
}
