package store

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"spanbench/annot"
)

// MaxCoderName is the longest coder name, in characters.
const MaxCoderName = 100

// CheckCoderName refuses a name that cannot be a coder's: empty, longer
// than MaxCoderName, with white space at either end, a control character,
// or a comma (lists of coders are written comma-separated).
func CheckCoderName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return annot.Invalidf("coder", "coder name is empty")
	case utf8.RuneCountInString(name) > MaxCoderName:
		return annot.Invalidf("coder", "coder name is %d characters long; at most %d", utf8.RuneCountInString(name), MaxCoderName)
	case strings.TrimSpace(name) != name:
		return annot.Invalidf("coder", "coder name %q begins or ends with white space", name)
	case strings.ContainsRune(name, ','):
		return annot.Invalidf("coder", "coder name %q contains a comma", name)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return annot.Invalidf("coder", "coder name %q contains a control character", name)
	}
	return nil
}

// Coder is one of the project's coders.
type Coder struct {
	Name      string
	Added     bool // added to the project's list of coders
	Annotator bool // annotator of spans or relations in the project
}

// AddCoders adds names to the project's coders, all or none; a name
// already there is kept as it is.
func (s *Store) AddCoders(ctx context.Context, names []string) error {
	for _, n := range names {
		if err := CheckCoderName(n); err != nil {
			return err
		}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return addCoders(ctx, tx, names, s.stamp())
	})
}

func addCoders(ctx context.Context, tx *sql.Tx, names []string, stamp string) error {
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, `INSERT INTO coders (name, created) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, n, stamp); err != nil {
			return err
		}
	}
	return nil
}

// hasAssignments reports whether the project has migration 0005's
// tables: a read-only project made before it is read without them.
func (s *Store) hasAssignments(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('coders', 'assignments')`).Scan(&n)
	return n == 2, translate(err)
}

// Coders lists the project's coders by name: those added and the
// annotators of its spans and relations, each marked as which.
func (s *Store) Coders(ctx context.Context) ([]Coder, error) {
	has, err := s.hasAssignments(ctx)
	if err != nil {
		return nil, err
	}
	q := `SELECT DISTINCT annotator, 0 FROM spans WHERE annotator <> ''
		UNION SELECT DISTINCT annotator, 0 FROM relations WHERE annotator <> ''`
	if has {
		q += ` UNION SELECT name, 1 FROM coders`
	}
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	byName := map[string]*Coder{}
	for rows.Next() {
		var name string
		var added bool
		if err := rows.Scan(&name, &added); err != nil {
			return nil, translate(err)
		}
		c := byName[name]
		if c == nil {
			c = &Coder{Name: name}
			byName[name] = c
		}
		if added {
			c.Added = true
		} else {
			c.Annotator = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}
	out := make([]Coder, 0, len(byName))
	for _, c := range byName {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// PlanAssignments gives each document perDoc distinct coders, balanced
// across coders: each document in turn takes the perDoc coders with the
// fewest documents so far, ties broken at random, so no coder ever has
// more than one document more than another. The random ties come from a
// PCG seeded with seed: the same seed, documents (in the same order) and
// coders give the same plan. The result maps a document id to its coders,
// sorted.
func PlanAssignments(docIDs, coders []string, perDoc int, seed uint64) (map[string][]string, error) {
	if len(coders) == 0 {
		return nil, annot.Invalidf("coders", "no coders given")
	}
	seen := map[string]bool{}
	for _, c := range coders {
		if err := CheckCoderName(c); err != nil {
			return nil, err
		}
		if seen[c] {
			return nil, annot.Invalidf("coders", "coder %q is listed twice", c)
		}
		seen[c] = true
	}
	if perDoc < 1 || perDoc > len(coders) {
		return nil, annot.Invalidf("per-doc", "coders per document must be between 1 and the %d coders given, not %d", len(coders), perDoc)
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	load := make([]int, len(coders))
	order := make([]int, len(coders))
	out := make(map[string][]string, len(docIDs))
	for _, id := range docIDs {
		for i := range order {
			order[i] = i
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		sort.SliceStable(order, func(i, j int) bool { return load[order[i]] < load[order[j]] })
		names := make([]string, perDoc)
		for k, c := range order[:perDoc] {
			load[c]++
			names[k] = coders[c]
		}
		sort.Strings(names)
		out[id] = names
	}
	return out, nil
}

// AssignFilter chooses the documents to assign.
type AssignFilter struct {
	Status *annot.Status // only this status; nil: all documents
}

// Assign plans assignments (PlanAssignments) for the documents f chooses,
// in project order, adds the coders to the project's and stores the plan
// in one transaction, replacing those documents' earlier assignments. It
// returns the plan.
func (s *Store) Assign(ctx context.Context, f AssignFilter, coders []string, perDoc int, seed uint64) (map[string][]string, error) {
	var plan map[string][]string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		q, args := `SELECT id FROM documents ORDER BY seq`, []any{}
		if f.Status != nil {
			q, args = `SELECT id FROM documents WHERE status = ? ORDER BY seq`, []any{string(*f.Status)}
		}
		ids, err := queryStrings(ctx, tx, q, args...)
		if err != nil {
			return err
		}
		if plan, err = PlanAssignments(ids, coders, perDoc, seed); err != nil {
			return err
		}
		stamp := s.stamp()
		if err := addCoders(ctx, tx, coders, stamp); err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `DELETE FROM assignments WHERE doc_id = ?`, id); err != nil {
				return err
			}
			for _, c := range plan[id] {
				if _, err := tx.ExecContext(ctx, `INSERT INTO assignments (doc_id, coder, created) VALUES (?, ?, ?)`, id, c, stamp); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, translate(err)
	}
	return plan, nil
}

func queryStrings(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Assignments returns every document's assigned coders, sorted, by
// document id; documents without any are absent.
func (s *Store) Assignments(ctx context.Context) (map[string][]string, error) {
	out := map[string][]string{}
	has, err := s.hasAssignments(ctx)
	if err != nil || !has {
		return out, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT doc_id, coder FROM assignments ORDER BY doc_id, coder`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, c string
		if err := rows.Scan(&id, &c); err != nil {
			return nil, translate(err)
		}
		out[id] = append(out[id], c)
	}
	return out, translate(rows.Err())
}
