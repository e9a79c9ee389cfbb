package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"unicode/utf8"

	"spanbench/annot"
)

// MergeReport says what Merge did with one coder's file.
type MergeReport struct {
	File, Coder string
	Documents   int      // documents of the file found in the project
	Unmatched   []string // titles of the file's documents the project lacks (by text)
	// Spans and relations added, changed and deleted in the project.
	Added, Updated, Deleted int
	Linked, Unlinked        int
	// Skipped says what could not be merged, and why.
	Skipped   []string
	Conflicts []MergeConflict
}

// Changed reports whether the merge changed the project.
func (r MergeReport) Changed() bool {
	return r.Added+r.Updated+r.Deleted+r.Linked+r.Unlinked > 0
}

// MergeConflict is a span or relation changed both in the project and in
// the coder's file since the pack (or changed in one and deleted in the
// other). Merge leaves it as the project has it. Here is the project's
// version, There the file's; nil is deleted.
type MergeConflict struct {
	Title       string // of the document
	Span        bool   // a span; else a relation
	ID          string
	Here, There *annot.Span
	HereRel     *annot.Relation
	ThereRel    *annot.Relation
}

func (c MergeConflict) String() string {
	if !c.Span {
		rel := func(r *annot.Relation) string {
			if r == nil {
				return "deleted"
			}
			return fmt.Sprintf("%s %s -> %s by %s", r.Label, r.From, r.To, r.Annotator)
		}
		return fmt.Sprintf("relation %s in %q: here %s; in the file %s", c.ID, c.Title, rel(c.HereRel), rel(c.ThereRel))
	}
	sp := func(s *annot.Span) string {
		if s == nil {
			return "deleted"
		}
		out := fmt.Sprintf("%s %s %d..%d by %s", s.Layer, s.Label, s.Start, s.End, s.Annotator)
		if len(s.Attrs) > 0 {
			b, _ := json.Marshal(s.Attrs)
			out += " " + string(b)
		}
		if s.Note != "" {
			out += fmt.Sprintf(" note %q", s.Note)
		}
		return out
	}
	return fmt.Sprintf("span %s in %q: here %s; in the file %s", c.ID, c.Title, sp(c.Here), sp(c.There))
}

// mergedKey is the project setting recording, for one pack, the state of
// every span and relation as last merged from it (hashes keyed like
// PackRecord.Base): the base of the next merge of a newer copy of that
// file, so that work merged once is not a conflict the next time.
func mergedKey(packID string) string { return "merged/" + packID }

// Merge brings back the work in a coder's file made by Pack, in one
// action (kind import) by annotator. Documents are matched by their text
// (sha256), never by title. Each span and relation is merged three ways
// against its state at the pack (or at the last merge of that pack): a
// change made only in the file is applied; a change made only in the
// project is kept; the same change on both sides is nothing to do; a
// change on both sides that differs is a conflict, listed and left as the
// project has it. Spans keep their ids and annotators. Merging a file
// again changes nothing. A file that is not a project, or not a coder's
// file of this project, is refused with one line and nothing merged.
func (s *Store) Merge(ctx context.Context, annotator, path string) (MergeReport, error) {
	rep := MergeReport{File: path}
	if abs, err := filepath.Abs(path); err == nil && abs == s.path {
		return rep, fmt.Errorf("%s is this project; give a coder's file made by spanbench pack", path)
	}
	p, err := OpenReadOnly(path)
	if err != nil {
		return rep, err
	}
	defer p.Close()
	raw, err := p.Setting(ctx, PackKey, "")
	if err != nil {
		return rep, fmt.Errorf("%s: %w", path, err)
	}
	var rec PackRecord
	if raw == "" {
		return rep, fmt.Errorf("%s: not a coder's file (made by spanbench pack); nothing merged", path)
	}
	if err := json.Unmarshal([]byte(raw), &rec); err != nil || rec.ID == "" {
		return rep, fmt.Errorf("%s: its pack record is damaged; nothing merged", path)
	}
	rep.Coder = rec.Coder
	project, err := s.ProjectID(ctx)
	if err != nil {
		return rep, err
	}
	if rec.Project != project {
		return rep, fmt.Errorf("%s: from another project (its project id %s, this project's %s); nothing merged", path, rec.Project, orNone(project))
	}
	var bundles []annot.Bundle
	for b, err := range p.Bundles(ctx, ExportFilter{}) {
		if err != nil {
			return rep, fmt.Errorf("%s: %w", path, err)
		}
		bundles = append(bundles, b)
	}
	summary := fmt.Sprintf("merge %s (%s)", filepath.Base(path), rec.Coder)
	_, err = s.actOn(ctx, s.db, annotator, "import", "", summary, func(w *writer) error {
		rep = MergeReport{File: path, Coder: rec.Coder}
		return s.mergeInto(w, &rec, bundles, &rep)
	})
	if errors.Is(err, errNothingToDo) {
		err = nil
	}
	if err != nil {
		return MergeReport{File: path, Coder: rec.Coder}, fmt.Errorf("%s: nothing merged: %w", path, err)
	}
	return rep, nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// mergeInto is Merge's transaction.
func (s *Store) mergeInto(w *writer, rec *PackRecord, bundles []annot.Bundle, rep *MergeReport) error {
	ctx, tx := w.ctx, w.tx
	var mergedRaw string
	if err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT value FROM settings WHERE key = ?), '')`, mergedKey(rec.ID)).Scan(&mergedRaw); err != nil {
		return err
	}
	merged := map[string]string{}
	if mergedRaw != "" {
		if err := json.Unmarshal([]byte(mergedRaw), &merged); err != nil {
			return damagedValue("setting "+mergedKey(rec.ID), err)
		}
	}
	base := func(key string) string {
		if h, ok := merged[key]; ok {
			return h
		}
		return rec.Base[key]
	}
	next := maps.Clone(merged)
	labels, err := s.labelRows(ctx, tx)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, l := range labels {
		known[string(l.Layer)+"/"+l.Name] = true
	}

	// Base entries by document (text hash), for spans and relations the
	// file no longer has: their document is looked up in the project.
	for _, b := range bundles {
		docID, title := "", b.Doc.Title
		err := tx.QueryRowContext(ctx, `SELECT id FROM documents WHERE sha256 = ? ORDER BY id = ? DESC, seq LIMIT 1`, b.Doc.SHA256, b.Doc.ID).Scan(&docID)
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				rep.Unmatched = append(rep.Unmatched, title)
				continue
			}
			return err
		}
		rep.Documents++
		length := utf8.RuneCountInString(b.Doc.Text)
		sha := b.Doc.SHA256
		here, err := s.querySpans(ctx, tx, `WHERE doc_id = ?`, docID)
		if err != nil {
			return err
		}
		hereRels, err := queryRelations(ctx, tx, `WHERE doc_id = ?`, docID)
		if err != nil {
			return err
		}
		hereBy := map[string]*annot.Span{}
		for i := range here {
			hereBy[here[i].ID] = &here[i]
		}
		hereRelBy := map[string]*annot.Relation{}
		for i := range hereRels {
			hereRelBy[hereRels[i].ID] = &hereRels[i]
		}
		thereBy := map[string]*annot.Span{}
		for i := range b.Spans {
			thereBy[b.Spans[i].ID] = &b.Spans[i]
		}
		thereRelBy := map[string]*annot.Relation{}
		for i := range b.Relations {
			thereRelBy[b.Relations[i].ID] = &b.Relations[i]
		}
		// The ids to consider: the file's, and those packed (or merged)
		// that are in this document here.
		spanIDs, relIDs := slices.Sorted(maps.Keys(thereBy)), slices.Sorted(maps.Keys(thereRelBy))
		for id := range hereBy {
			if _, ok := thereBy[id]; !ok && base("s:"+id) != "" {
				spanIDs = append(spanIDs, id)
			}
		}
		for id := range hereRelBy {
			if _, ok := thereRelBy[id]; !ok && base("r:"+id) != "" {
				relIDs = append(relIDs, id)
			}
		}
		sort.Strings(spanIDs)
		sort.Strings(relIDs)

		type spanMove struct{ from, to *annot.Span }
		var moves []spanMove
		for _, id := range spanIDs {
			key := "s:" + id
			h, t := hereBy[id], thereBy[id]
			if h == nil && t != nil {
				// A span of this id elsewhere in the project is not this
				// document's: leave it.
				if other, err := present(getSpan(ctx, tx, id)); err != nil {
					return err
				} else if other != nil {
					rep.Skipped = append(rep.Skipped, fmt.Sprintf("span %s in %q: the project has this id in another document", id, title))
					continue
				}
			}
			hh, th, bh := spanHash(sha, h), spanHash(sha, t), base(key)
			switch {
			case hh == th:
				next[key] = th
			case hh == bh:
				if t != nil {
					if !known[string(t.Layer)+"/"+t.Label] {
						rep.Skipped = append(rep.Skipped, fmt.Sprintf("span %s in %q: label %s %s is not in the project's label set", id, title, t.Layer, t.Label))
						continue
					}
					if t.Start < 0 || t.End > length || t.Start >= t.End {
						rep.Skipped = append(rep.Skipped, fmt.Sprintf("span %s in %q: %d..%d is outside the text", id, title, t.Start, t.End))
						continue
					}
					c := *t
					c.DocID = docID
					t = &c
				}
				moves = append(moves, spanMove{h, t})
				next[key] = th
			case th == bh:
				// Changed here only: the project's version stands.
			default:
				rep.Conflicts = append(rep.Conflicts, MergeConflict{Title: title, Span: true, ID: id, Here: h, There: t})
			}
		}
		type relMove struct{ from, to *annot.Relation }
		var relMoves []relMove
		for _, id := range relIDs {
			key := "r:" + id
			h, t := hereRelBy[id], thereRelBy[id]
			hh, th, bh := relHash(sha, h), relHash(sha, t), base(key)
			switch {
			case hh == th:
				next[key] = th
			case hh == bh:
				if t != nil {
					c := *t
					c.DocID = docID
					t = &c
				}
				relMoves = append(relMoves, relMove{h, t})
				next[key] = th
			case th == bh:
			default:
				rep.Conflicts = append(rep.Conflicts, MergeConflict{Title: title, ID: id, HereRel: h, ThereRel: t})
			}
		}
		// Relations go first, then spans (a deleted span takes the
		// relations still on it with it, each logged), then new relations.
		for _, m := range relMoves {
			if m.from != nil {
				if err := w.putRelation(m.from, nil); err != nil {
					return err
				}
				rep.Unlinked++
			}
		}
		for _, m := range moves {
			switch {
			case m.to == nil:
				rs, err := queryRelations(ctx, tx, `WHERE from_id = ? OR to_id = ? ORDER BY created, id`, m.from.ID, m.from.ID)
				if err != nil {
					return err
				}
				for i := range rs {
					if err := w.putRelation(&rs[i], nil); err != nil {
						return err
					}
					rep.Unlinked++
				}
				if err := w.putSpan(m.from, nil); err != nil {
					return err
				}
				rep.Deleted++
			case m.from == nil:
				if err := w.putSpan(nil, m.to); err != nil {
					return err
				}
				rep.Added++
			default:
				if err := w.putSpan(m.from, m.to); err != nil {
					return err
				}
				rep.Updated++
			}
		}
		for _, m := range relMoves {
			if m.to == nil {
				continue
			}
			var ends int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM spans WHERE doc_id = ? AND id IN (?, ?)`, docID, m.to.From, m.to.To).Scan(&ends); err != nil {
				return err
			}
			if ends != 2 && !(ends == 1 && m.to.From == m.to.To) || !known["relation/"+m.to.Label] {
				rep.Skipped = append(rep.Skipped, fmt.Sprintf("relation %s %s in %q: its label or one of its ends is not in the project", m.to.ID, m.to.Label, title))
				if v, ok := merged["r:"+m.to.ID]; ok {
					next["r:"+m.to.ID] = v
				} else {
					delete(next, "r:"+m.to.ID)
				}
				continue
			}
			if err := w.putRelation(nil, m.to); err != nil {
				return err
			}
			rep.Linked++
		}
	}
	if maps.Equal(next, merged) && !rep.Changed() {
		return errNothingToDo
	}
	b, err := json.Marshal(next)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, mergedKey(rec.ID), string(b))
	return err
}
