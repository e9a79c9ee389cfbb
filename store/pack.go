package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"spanbench/annot"
)

// A coder's file (Pack) is an ordinary project holding the documents
// assigned to one coder, the project's labels, cue lexicon, gazetteer and
// guidelines, and the spans of those documents (only the coder's own when
// the project is blind). Its settings carry a PackRecord under PackKey:
// the project it came from and what every span and relation was at the
// time of the pack, so that Merge can tell who changed what since.

// PackKey is the setting of a coder's file that holds its PackRecord.
const PackKey = "pack"

// PackRecord says where a coder's file came from.
type PackRecord struct {
	ID      string    `json:"id"`      // this pack's own id
	Project string    `json:"project"` // ProjectID of the project packed
	Coder   string    `json:"coder"`
	Packed  time.Time `json:"packed"`
	// Base maps every span ("s:" + id) and relation ("r:" + id) packed to
	// the hash of its content then (contentHash).
	Base map[string]string `json:"base"`
}

// PackReport says what Pack wrote.
type PackReport struct {
	Path                        string
	Coder                       string
	Documents, Spans, Relations int
	Blind                       bool
}

// Pack writes to out a new project file for coder: the documents assigned
// to coder, with their spans and relations (in a blind project only the
// coder's), the label set, the cue lexicon, the gazetteer and the
// guidelines, and a PackRecord. out must not exist: a coder's
// file holds work, so it is never replaced. The file is built beside out
// under a temporary name and moved into place when complete; on any error
// nothing is left. The project gets a ProjectID first if it has none.
func (s *Store) Pack(ctx context.Context, annotator, coder, out string) (PackReport, error) {
	rep := PackReport{Path: out, Coder: coder}
	if err := CheckCoderName(coder); err != nil {
		return rep, err
	}
	if _, err := os.Lstat(out); err == nil {
		return rep, fmt.Errorf("%s already exists; nothing written (a coder's file is never replaced: choose another name or remove it)", out)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return rep, fmt.Errorf("%s: %w", out, err)
	}
	project, err := s.ProjectID(ctx)
	if err != nil {
		return rep, err
	}
	if rep.Blind, err = s.Blind(ctx); err != nil {
		return rep, err
	}
	src, err := s.readTx(ctx)
	if err != nil {
		return rep, err
	}
	defer src.Rollback()
	docIDs, err := queryStrings(ctx, src, `SELECT d.id FROM assignments a JOIN documents d ON d.id = a.doc_id WHERE a.coder = ? ORDER BY d.seq`, coder)
	if err != nil {
		return rep, translate(err)
	}
	if len(docIDs) == 0 {
		return rep, annot.NotFoundf("annotator", "%s has no documents assigned; assign some with spanbench assign first — nothing written", coder)
	}
	if project == "" {
		// A project made before project ids gets one now.
		if project, err = s.ensureProjectID(ctx); err != nil {
			return rep, err
		}
	}

	tmpf, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*")
	if err != nil {
		return rep, fmt.Errorf("%s: %w", out, err)
	}
	tmp := tmpf.Name()
	tmpf.Close()
	done := false
	defer func() {
		if !done {
			for _, sfx := range []string{"", "-wal", "-shm"} {
				os.Remove(tmp + sfx)
			}
		}
	}()
	p, err := Open(tmp)
	if err != nil {
		return rep, err
	}
	rec := PackRecord{ID: annot.NewID(), Project: project, Coder: coder, Packed: s.now(), Base: map[string]string{}}
	_, err = p.actOn(ctx, p.db, annotator, "import", "", fmt.Sprintf("pack for %s of %s", coder, filepath.Base(s.path)), func(w *writer) error {
		return packInto(ctx, src, w.tx, docIDs, coder, rep.Blind, project, &rec, &rep)
	})
	if cerr := p.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return rep, fmt.Errorf("%s: nothing written: %w", out, err)
	}
	for _, sfx := range []string{"-wal", "-shm"} {
		os.Remove(tmp + sfx) // empty after the last connection closed
	}
	// A hard link fails if out appeared meanwhile; where links are not
	// supported, a rename (checked just before) does.
	if err := os.Link(tmp, out); err != nil {
		if _, serr := os.Lstat(out); serr == nil {
			return rep, fmt.Errorf("%s already exists; nothing written", out)
		}
		if err := os.Rename(tmp, out); err != nil {
			return rep, fmt.Errorf("%s: %w", out, err)
		}
	}
	os.Remove(tmp)
	done = true
	return rep, nil
}

// packInto copies into the new file dst what Pack packs, read from the
// project's snapshot src.
func packInto(ctx context.Context, src, dst *sql.Tx, docIDs []string, coder string, blind bool, project string, rec *PackRecord, rep *PackReport) error {
	ids, _ := json.Marshal(docIDs)
	inDocs := `doc_id IN (SELECT value FROM json_each(?))`
	if _, err := dst.ExecContext(ctx, `DELETE FROM labels`); err != nil {
		return err
	}
	copies := []struct {
		table, cols, where string
		args               []any
	}{
		{"labels", `id, layer, name, color, key, position`, ``, nil},
		{"cue_words", `phrase, enabled`, ``, nil},
		{"gazetteer", `text, label_layer, label`, ``, nil},
		// Not the blind setting: the file holds only what its coder may
		// see already, and a window with another annotator name would
		// show nothing.
		{"settings", `key, value`, `WHERE key = ?`, []any{GuidelinesKey}},
		{"documents", `id, title, status, meta, sha256, length, created, updated`, `WHERE id IN (SELECT value FROM json_each(?)) ORDER BY seq`, []any{string(ids)}},
	}
	spanWhere, relWhere := `WHERE `+inDocs, `WHERE `+inDocs
	spanArgs, relArgs := []any{string(ids)}, []any{string(ids)}
	if blind {
		spanWhere += ` AND annotator = ?`
		spanArgs = append(spanArgs, coder)
		relWhere += ` AND from_id IN (SELECT id FROM spans WHERE annotator = ?) AND to_id IN (SELECT id FROM spans WHERE annotator = ?)`
		relArgs = append(relArgs, coder, coder)
	}
	copies = append(copies,
		struct {
			table, cols, where string
			args               []any
		}{"spans", spanColumns, spanWhere, spanArgs},
		struct {
			table, cols, where string
			args               []any
		}{"relations", `id, doc_id, label_layer, label, from_id, to_id, annotator, created`, relWhere, relArgs})
	for _, c := range copies {
		if err := copyRows(ctx, src, dst, c.table, c.cols, c.where, c.args...); err != nil {
			return fmt.Errorf("copying %s: %w", c.table, err)
		}
	}
	// Texts: each document's seq in the new file is its own.
	for _, id := range docIDs {
		var text string
		if err := src.QueryRowContext(ctx, `SELECT t.text FROM doc_texts t JOIN documents d ON d.seq = t.seq WHERE d.id = ?`, id).Scan(&text); err != nil {
			return err
		}
		if _, err := dst.ExecContext(ctx, `INSERT INTO doc_texts (seq, text) SELECT seq, ? FROM documents WHERE id = ?`, text, id); err != nil {
			return err
		}
	}
	stamp := rec.Packed.Format(stampLayout)
	if err := addCoders(ctx, dst, []string{coder}, stamp); err != nil {
		return err
	}
	if _, err := dst.ExecContext(ctx, `INSERT INTO assignments (doc_id, coder, created) SELECT id, ?, ? FROM documents`, coder, stamp); err != nil {
		return err
	}
	base, n, err := contentHashes(ctx, dst, "")
	if err != nil {
		return err
	}
	rec.Base = base
	rep.Documents, rep.Spans, rep.Relations = len(docIDs), n[0], n[1]
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	for k, v := range map[string]string{ProjectIDKey: project, PackKey: string(b)} {
		if _, err := dst.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
			return err
		}
	}
	return nil
}

// copyRows copies the rows of table that where selects from src to dst,
// column for column.
func copyRows(ctx context.Context, src querier, dst *sql.Tx, table, cols, where string, args ...any) error {
	rows, err := src.QueryContext(ctx, `SELECT `+cols+` FROM `+table+` `+where, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	n := len(strings.Split(cols, ","))
	ins, err := dst.PrepareContext(ctx, `INSERT INTO `+table+` (`+cols+`) VALUES (?`+strings.Repeat(`, ?`, n-1)+`)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if _, err := ins.ExecContext(ctx, vals...); err != nil {
			return err
		}
	}
	return rows.Err()
}

// contentHashes hashes every span and relation of q's project (of the
// documents whose sha256 is docSHA, or all when ""), keyed "s:" + id and
// "r:" + id; n counts the spans and relations.
func contentHashes(ctx context.Context, q querier, docSHA string) (map[string]string, [2]int, error) {
	out := map[string]string{}
	var n [2]int
	tail, args := `s JOIN documents d ON d.id = s.doc_id`, []any{}
	if docSHA != "" {
		tail, args = tail+` WHERE d.sha256 = ?`, append(args, docSHA)
	}
	rows, err := q.QueryContext(ctx, `SELECT d.sha256, `+prefixed("s.", spanColumns)+` FROM spans `+tail, args...)
	if err != nil {
		return nil, n, err
	}
	row := newSpanRow(false, true)
	var sha string
	row.dest = append([]any{&sha}, row.dest...)
	for rows.Next() {
		sp, err := row.scan(rows)
		if err != nil {
			rows.Close()
			return nil, n, err
		}
		out["s:"+sp.ID] = spanHash(sha, &sp)
		n[0]++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, n, err
	}
	rtail := strings.Replace(tail, "s JOIN", "r JOIN", 1)
	rtail = strings.Replace(rtail, "s.doc_id", "r.doc_id", 1)
	rrows, err := q.QueryContext(ctx, `SELECT d.sha256, r.id, r.doc_id, r.label, r.from_id, r.to_id, r.annotator, r.created FROM relations `+rtail, args...)
	if err != nil {
		return nil, n, err
	}
	defer rrows.Close()
	rr := newRelRow(false, true)
	rr.dest = append([]any{&sha}, rr.dest...)
	for rrows.Next() {
		r, err := rr.scan(rrows)
		if err != nil {
			return nil, n, err
		}
		out["r:"+r.ID] = relHash(sha, &r)
		n[1]++
	}
	return out, n, rrows.Err()
}

// spanHash is the hash of what a span says, in the document with text
// hash docSHA: place, pieces, layer, label, attributes, note and
// annotator (not its times). "" is no span.
func spanHash(docSHA string, sp *annot.Span) string {
	if sp == nil {
		return ""
	}
	var frags []annot.Fragment
	if len(sp.Fragments) > 1 {
		frags = sp.Fragments
	}
	return hashJSON([]any{docSHA, sp.Start, sp.End, frags, sp.Layer, sp.Label, sp.Attrs, sp.Note, sp.Annotator})
}

// relHash is spanHash for a relation: label, ends and annotator.
func relHash(docSHA string, r *annot.Relation) string {
	if r == nil {
		return ""
	}
	return hashJSON([]any{docSHA, r.Label, r.From, r.To, r.Annotator})
}

func hashJSON(v any) string {
	b, _ := json.Marshal(v) // maps marshal with sorted keys
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16])
}
