// Package store keeps one Spanbench project in one SQLite file: it opens and
// migrates the file, and every user action or import runs in one
// transaction that also appends to the edit log. It imports annot, never Fyne.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"spanbench/annot"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// BusyTimeout is how long a writer waits for another process's transaction
// before giving up with ErrBusy.
const BusyTimeout = 5 * time.Second

// ErrBusy is returned when another process holds the project's write lock
// past BusyTimeout. Nothing was written; the action can be retried.
var ErrBusy = &annot.Error{Kind: annot.KindConflict, Msg: "project is busy: another Spanbench window or command is writing to it; try again"}

// Store is an open project file. It is safe for concurrent use.
type Store struct {
	db   *sql.DB // writes: transactions begin IMMEDIATE
	rdb  *sql.DB // long reads (exports): transactions begin DEFERRED, so writers are not held up
	path string
	now  func() time.Time
}

// Open opens the project file at path, creating an empty project (default
// labels, no documents) when the file does not exist, and applies pending
// migrations. A file that is not a Spanbench project, is corrupt, or was
// written by a newer Spanbench is refused with a one-line error and left
// untouched. Before migrating a file that already holds a project, Open
// writes a backup copy beside it (PATH.bak-schemaN).
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, annot.Invalidf("db", "no project file given")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := checkFile(abs); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("%s: cannot create its folder: %w", path, err)
	}
	db, err := sql.Open("sqlite3", dsn(abs, "immediate"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s := &Store{db: db, path: abs, now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	if s.rdb, err = sql.Open("sqlite3", dsn(abs, "deferred")); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// dsn builds the mattn DSN with the project's pragmas, so that every pooled
// connection gets them: WAL, foreign keys, a busy timeout and full sync.
func dsn(path, txlock string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + url.Values{
		"_foreign_keys": {"1"},
		"_busy_timeout": {strconv.Itoa(int(BusyTimeout / time.Millisecond))},
		"_journal_mode": {"WAL"},
		"_synchronous":  {"FULL"},
		"_txlock":       {txlock},
	}.Encode()
}

// checkFile refuses, before SQLite touches it, a file that exists but is not
// an SQLite database, so that nothing is ever written into it.
func checkFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: cannot open project: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if st.IsDir() {
		return fmt.Errorf("%s: is a folder, not a project file", path)
	}
	if st.Size() == 0 {
		return nil // an empty file is a new project (SQLite's own rule)
	}
	head := make([]byte, 16)
	if n, _ := f.Read(head); n < 16 || string(head) != "SQLite format 3\x00" {
		return fmt.Errorf("%s: not a Spanbench project (not an SQLite database)", path)
	}
	return nil
}

func openError(path string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrNotADB:
			return fmt.Errorf("%s: not a Spanbench project (not an SQLite database)", path)
		case sqlite3.ErrCorrupt:
			return fmt.Errorf("%s: project file is corrupt (%v); it was not changed — restore a backup (%s.bak-*)", path, se, path)
		case sqlite3.ErrReadonly, sqlite3.ErrCantOpen, sqlite3.ErrPerm, sqlite3.ErrAuth:
			return fmt.Errorf("%s: cannot write the project file or its folder (%v); check permissions", path, se)
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return fmt.Errorf("%s: %w", path, ErrBusy)
		}
	}
	var ae *annot.Error
	if errors.As(err, &ae) {
		return fmt.Errorf("%s: %w", path, err)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// Close closes the project file.
func (s *Store) Close() error {
	s.rdb.Close()
	return s.db.Close()
}

// Path returns the absolute path of the project file.
func (s *Store) Path() string { return s.path }

// DB returns the underlying database, for tests and integrity checks.
func (s *Store) DB() *sql.DB { return s.db }

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var ms []migration
	for i, n := range names {
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		base := filepath.Base(n)
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil || v != i+1 {
			return nil, fmt.Errorf("migration %s is out of sequence", base)
		}
		ms = append(ms, migration{v, base, string(b)})
	}
	return ms, nil
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int {
	ms, _ := migrations()
	return len(ms)
}

func (s *Store) migrate() error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	ctx := context.Background()
	var tables int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table'`).Scan(&tables); err != nil {
		return err
	}
	var hasLog int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&hasLog); err != nil {
		return err
	}
	if tables > 0 && hasLog == 0 {
		return errors.New("not a Spanbench project (an SQLite database without Spanbench's tables); it was not changed")
	}
	current := 0
	if hasLog == 1 {
		if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
			return err
		}
	}
	if current > len(ms) {
		return fmt.Errorf("written by a newer Spanbench (schema %d; this version knows up to %d); update Spanbench — the file was not changed", current, len(ms))
	}
	if current == len(ms) {
		return nil
	}
	fresh := current == 0
	if !fresh {
		if err := s.backup(fmt.Sprintf("%s.bak-schema%d", s.path, current)); err != nil {
			return fmt.Errorf("backup before migrating failed, nothing was changed: %w", err)
		}
	}
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)`); err != nil {
		return err
	}
	for _, m := range ms[current:] {
		if err := s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)`, m.version, m.name, s.stamp())
			return err
		}); err != nil {
			return err
		}
	}
	if fresh {
		return s.seedLabels(ctx)
	}
	return nil
}

// backup writes a consistent copy of the project to dst with VACUUM INTO.
// An existing dst is kept, never overwritten: a second copy gets a suffix.
func (s *Store) backup(dst string) error {
	for i := 2; ; i++ {
		if _, err := os.Stat(dst); errors.Is(err, fs.ErrNotExist) {
			break
		}
		dst = fmt.Sprintf("%s.%d", strings.TrimSuffix(dst, "."+strconv.Itoa(i-1)), i)
	}
	_, err := s.db.Exec(`VACUUM INTO ?`, dst)
	return err
}

// Backup writes a consistent copy of the open project to dst.
func (s *Store) Backup(dst string) error {
	_, err := s.db.Exec(`VACUUM INTO ?`, dst)
	return err
}

func (s *Store) seedLabels(ctx context.Context) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for i, l := range annot.DefaultLabels() {
			if _, err := tx.ExecContext(ctx, `INSERT INTO labels (layer, name, color, key, position) VALUES (?, ?, ?, ?, ?)`,
				l.Layer, l.Name, l.Color, l.Key, i); err != nil {
				return err
			}
		}
		return nil
	})
}

// inTx runs fn in one immediate transaction and commits it, or rolls back on
// error. SQLite errors are translated to annot errors at this boundary.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return translate(err)
	}
	return translate(tx.Commit())
}

// translate maps SQLite errors to domain errors a user can act on.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return ErrBusy
		case sqlite3.ErrConstraint:
			switch se.ExtendedCode {
			case sqlite3.ErrConstraintForeignKey:
				return annot.Conflictf("", "the change refers to something that does not exist or is still in use (%v)", se)
			case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
				return annot.Conflictf("", "already exists (%v)", se)
			}
			return annot.Invalidf("", "%v", se)
		case sqlite3.ErrReadonly:
			return fmt.Errorf("the project file is read-only: %w", err)
		case sqlite3.ErrFull:
			return fmt.Errorf("disk full, nothing was saved: %w", err)
		}
	}
	if errors.Is(err, sql.ErrNoRows) {
		return annot.NotFoundf("", "not found")
	}
	return err
}

// stamp is the text form of timestamps in the file: UTC, fixed width, so
// text order is time order.
func (s *Store) stamp() string { return s.now().Format(stampLayout) }

const stampLayout = "2006-01-02T15:04:05.000000Z"

func parseStamp(v string) time.Time {
	t, _ := time.Parse(stampLayout, v)
	return t
}
