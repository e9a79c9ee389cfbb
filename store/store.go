// Package store keeps one Spanbench project in one SQLite file: it opens and
// migrates the file, and every user action or import runs in one
// transaction that also appends to the edit log. It imports annot, never Fyne.
package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
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

	indexer indexer                // fills the full-text index in the background
	watch   watch                  // tells this Store's commits from other connections'
	viewer  atomic.Pointer[string] // the coder reading, for blind coding (blind.go)
}

// Open opens the project file at path, creating an empty project (default
// labels, no documents) when the file does not exist, and applies pending
// migrations. A file that is not a Spanbench project, is truncated or
// damaged, or was written by a newer Spanbench is refused with a one-line
// error and left untouched: Open inspects it read-only before it writes
// anything. Before migrating a file that already holds a project, Open
// checks it (PRAGMA quick_check) and writes a backup copy beside it
// (PATH.bak-schemaN), which it keeps.
//
// Open does not read the whole file, so a 10,000-document project opens in
// milliseconds. Damage deep inside a file shows when that part is read, as
// an error saying the project is damaged; Check examines everything.
func Open(path string) (*Store, error) {
	abs, exists, err := projectPath(path)
	if err != nil {
		return nil, err
	}
	if exists {
		if err := preflight(abs); err != nil {
			return nil, explainOpenError(path, err)
		}
	} else if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("%s: cannot create its folder: %w", path, err)
	}
	db, err := sql.Open("sqlite3", dsn(abs, "immediate"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s := &Store{db: db, path: abs, now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, explainOpenError(path, err)
	}
	if s.rdb, err = sql.Open("sqlite3", dsn(abs, "deferred")); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if n, err := s.PendingIndex(context.Background()); err == nil && n > 0 {
		s.startIndexer()
	}
	return s, nil
}

// projectPath resolves the project file named on the command line and
// reports whether it already holds something (checkFile), for Open and
// OpenReadOnly alike.
func projectPath(path string) (abs string, exists bool, err error) {
	if path == "" {
		return "", false, annot.Invalidf("db", "no project file given")
	}
	if abs, err = filepath.Abs(path); err != nil {
		return "", false, fmt.Errorf("%s: %w", path, err)
	}
	if exists, err = checkFile(abs); err != nil {
		return "", false, fmt.Errorf("%s: %w", path, err)
	}
	return abs, exists, nil
}

// OpenReadOnly opens an existing project for reading only, for commands
// that change nothing (list, check, export, lint): it never creates,
// migrates or indexes, and its connections cannot write (mode=ro,
// query_only; immutable=1 when the folder cannot be written and no WAL is
// beside the file, so a read-only project in a read-only folder can be
// read). A missing or empty file is refused: there is no project to read.
// A project lacking a migration its reading needs is refused with a line
// saying a writing command migrates it; one lacking only migration 4 (the
// header's application id) is read as it is.
func OpenReadOnly(path string) (*Store, error) {
	abs, exists, err := projectPath(path)
	if err != nil {
		return nil, err
	}
	if !exists {
		return nil, fmt.Errorf("%s: no Spanbench project here (the file is missing or empty); nothing was created", path)
	}
	if err := preflight(abs); err != nil {
		return nil, explainOpenError(path, err)
	}
	v := url.Values{
		"mode":          {"ro"},
		"_query_only":   {"1"},
		"_busy_timeout": {strconv.Itoa(int(busyTimeout / time.Millisecond))},
		"_cache_size":   {strconv.Itoa(-cacheKiB)},
		"_mutex":        {"no"},
	}
	if readOnlyPlace(abs) {
		v.Set("immutable", "1")
	}
	name := "file:" + (&url.URL{Path: abs}).EscapedPath() + "?" + v.Encode()
	db, err := sql.Open("sqlite3", name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	rdb, err := sql.Open("sqlite3", name)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s := &Store{db: db, rdb: rdb, path: abs, now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }}
	s.indexer.closed = true // a reader indexes nothing
	applied, err := appliedVersions(context.Background(), db)
	if err != nil {
		s.Close()
		return nil, explainOpenError(path, err)
	}
	ms, _ := migrations()
	for _, m := range ms {
		if !applied[m.version] && !readOptional[m.version] {
			s.Close()
			return nil, fmt.Errorf("%s: the project needs migrating to schema %d (it lacks %s); run a command that writes, such as import, first — it was not changed", path, SchemaVersion(), m.name)
		}
	}
	return s, nil
}

// readOptional are the migrations a project may lack and still be read:
// they change nothing the readers query (4), or the readers do without
// them (5: no coders added, no assignments).
var readOptional = map[int]bool{4: true, 5: true}

// readOnlyPlace reports whether the file's folder cannot be written and no
// WAL is beside the file: SQLite could then not create the -shm a WAL-mode
// reader needs, and nobody can be writing the file.
func readOnlyPlace(path string) bool {
	if _, err := os.Lstat(path + "-wal"); err == nil {
		return false
	}
	return syscall.Access(filepath.Dir(path), 2 /* W_OK */) != nil
}

// busyTimeout is BusyTimeout; tests shorten it.
var busyTimeout = BusyTimeout

// cacheKiB is the page cache of each pooled connection; imports raise it
// to importCacheKiB for their transaction only.
const (
	cacheKiB       = 16 << 10
	importCacheKiB = 256 << 10
	// exportMmapBytes lets an export's read connection map the file (up
	// to SQLite's 2 GB limit) and read pages straight from the OS's file
	// cache: an export visits span pages in random order, which a 16 MB
	// page cache turns into a read and a copy per visit (100,000 documents:
	// 29 MB/s with 256 MB mapped, 45 MB/s with all of it). Reads only; a
	// write never goes through the map.
	exportMmapBytes = 2 << 30
)

// dsn builds the mattn DSN with the project's pragmas, so that every pooled
// connection gets them: WAL, foreign keys, a busy timeout and full sync.
// synchronous=FULL syncs the WAL at every commit, so a committed action
// survives a power cut, not only a crash of the program.
func dsn(path, txlock string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + url.Values{
		"_foreign_keys": {"1"},
		"_busy_timeout": {strconv.Itoa(int(busyTimeout / time.Millisecond))},
		"_journal_mode": {"WAL"},
		"_synchronous":  {"FULL"},
		"_txlock":       {txlock},
		"_cache_size":   {strconv.Itoa(-cacheKiB)},
		// database/sql hands a connection to one goroutine at a time, so
		// SQLite's own per-call mutex is pure cost (13% of an export).
		"_mutex": {"no"},
	}.Encode()
}

// checkFile looks at the file before SQLite touches it. It refuses a
// folder, a file that is not an SQLite database and one shorter than its
// header says (truncated), so that nothing is ever written into them. It
// reports whether the file exists with content; an empty file is a new
// project (SQLite's own rule).
func checkFile(path string) (exists bool, err error) {
	// Stat first: opening a FIFO to read would wait for a writer forever.
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("cannot open the project file: %w", err)
	}
	if st.IsDir() {
		return false, errors.New("is a folder, not a project file")
	}
	if !st.Mode().IsRegular() {
		return false, errNotRegular
	}
	f, err := os.Open(path)
	if err != nil {
		return false, fmt.Errorf("cannot open the project file: %w", err)
	}
	defer f.Close()
	if st.Size() == 0 {
		return false, nil
	}
	head := make([]byte, 100)
	n, _ := io.ReadFull(f, head)
	if n < 16 || string(head[:16]) != "SQLite format 3\x00" {
		return false, errNotProject
	}
	if n < 100 {
		return false, errTruncated(st.Size(), 100)
	}
	// The header's page count is trusted when its version-valid-for number
	// equals its change counter. A WAL with content may hold pages the main
	// file does not have yet, which SQLite recovers: judge the size only
	// without one.
	pageSize := int64(binary.BigEndian.Uint16(head[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(head[28:32]))
	valid := binary.BigEndian.Uint32(head[92:96]) == binary.BigEndian.Uint32(head[24:28])
	if wal, err := os.Stat(path + "-wal"); err == nil && wal.Size() > 0 {
		valid = false
	}
	if valid && pages > 0 && st.Size() < pages*pageSize {
		return false, errTruncated(st.Size(), pages*pageSize)
	}
	return true, nil
}

var errNotRegular = errors.New("not a Spanbench project (not a regular file: a device, FIFO or socket); it was not changed")

var errNotProject = errors.New("not a Spanbench project (not an SQLite database); it was not changed")

func errTruncated(have, want int64) error {
	return fmt.Errorf("project file is truncated (%d bytes where its header says %d); it was not changed — restore it from a backup", have, want)
}

// preflight opens an existing file read-only and checks that it is a
// Spanbench project this version can open: Spanbench's tables, no
// migration newer than this build's, a readable schema. It writes nothing,
// not even the switch to WAL, so a foreign or newer file stays byte for
// byte as it was.
func preflight(path string) (err error) {
	// A read-only reader of a WAL-mode file leaves an empty -wal and a
	// -shm beside it. A file that is refused gets none: remove the ones
	// this look created, if the WAL is still empty.
	var had [2]bool
	for i, sfx := range []string{"-wal", "-shm"} {
		_, e := os.Lstat(path + sfx)
		had[i] = e == nil
	}
	defer func() {
		if err == nil {
			return
		}
		if st, e := os.Lstat(path + "-wal"); !had[0] && e == nil && st.Mode().IsRegular() && st.Size() == 0 {
			os.Remove(path + "-wal")
		}
		if _, e := os.Lstat(path + "-wal"); !had[1] && errors.Is(e, fs.ErrNotExist) {
			os.Remove(path + "-shm")
		}
	}()
	db, _, err := inspect(context.Background(), path, immutable(path))
	if db != nil {
		db.Close()
	}
	return err
}

// inspect opens path on a read-only handle of its own (one connection)
// and checks that it is a Spanbench project this build can read:
// Spanbench's tables and application id, no migration newer than this
// build's. empty is true for an empty file, which is not checked further.
// The handle is returned open, for more checks, even with an error; the
// caller closes it. immutable is SQLite's immutable parameter, "1" only
// where nobody can be writing the file.
func inspect(ctx context.Context, path, immutable string) (db *sql.DB, empty bool, err error) {
	db, err = sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+url.Values{
		"mode":          {"ro"},
		"immutable":     {immutable},
		"_busy_timeout": {strconv.Itoa(int(busyTimeout / time.Millisecond))},
	}.Encode())
	if err != nil {
		return nil, false, err
	}
	db.SetMaxOpenConns(1)
	if empty, err = recognise(ctx, db); err != nil || empty {
		return db, empty, err
	}
	applied, err := appliedVersions(ctx, db)
	if err == nil {
		err = checkVersions(applied)
	}
	return db, false, err
}

// ApplicationID is the SQLite application id (PRAGMA application_id,
// header bytes 68-71) of a Spanbench project: 0x53504E42, "SPNB" in ASCII.
// Migration 0004 sets it; projects made before it have 0 there and are
// recognised by their tables.
const ApplicationID = 0x53504E42

// projectTables are the tables every Spanbench project has had since its
// first migration.
var projectTables = []string{"schema_migrations", "documents", "doc_texts", "labels", "spans", "relations", "actions", "edits"}

// recognise tells a Spanbench project from every other SQLite database,
// reading only: a project carries ApplicationID, or (made before it) id 0
// and Spanbench's tables, with schema_migrations(version, name, applied).
// A database with no schema at all and id 0 is empty: a project whose
// creation stopped before its first commit, or a new empty file; nothing
// to lose, so it may become a project. Anything else, such as another
// program's schema_migrations(version, dirty) or a database holding only
// a view, is errForeign.
func recognise(ctx context.Context, q querier) (empty bool, err error) {
	var id int64
	if err := q.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&id); err != nil {
		return false, err
	}
	var entries int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master`).Scan(&entries); err != nil {
		return false, err
	}
	if id == 0 && entries == 0 {
		return true, nil
	}
	if id != 0 && uint32(id) != ApplicationID {
		return false, errForeign
	}
	tables, err := tableNames(ctx, q)
	if err != nil {
		return false, err
	}
	for _, t := range projectTables {
		if !tables[t] {
			return false, errForeign
		}
	}
	cols := map[string]bool{}
	rows, err := q.QueryContext(ctx, `SELECT name FROM pragma_table_info('schema_migrations')`)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return false, err
		}
		cols[c] = true
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	if len(cols) != 3 || !cols["version"] || !cols["name"] || !cols["applied"] {
		return false, errForeign
	}
	return false, nil
}

func immutable(path string) string {
	if readOnlyPlace(path) {
		return "1"
	}
	return "0"
}

var errForeign = errors.New("not a Spanbench project (an SQLite database without Spanbench's tables and application id); it was not changed")

func tableNames(ctx context.Context, q querier) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out[n] = true
	}
	return out, rows.Err()
}

func appliedVersions(ctx context.Context, q querier) (map[int]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out[v] = true
	}
	return out, rows.Err()
}

// checkVersions refuses a file holding a migration this build does not
// know: a newer Spanbench wrote it.
func checkVersions(applied map[int]bool) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	known := map[int]bool{}
	for _, m := range ms {
		known[m.version] = true
	}
	newest := 0
	for v := range applied {
		if !known[v] && v > newest {
			newest = v
		}
	}
	if newest > 0 {
		return fmt.Errorf("written by a newer Spanbench (schema %d; this version knows up to %d); update Spanbench — the file was not changed", newest, SchemaVersion())
	}
	return nil
}

// explainOpenError turns SQLite's reason a project file would not open
// into one a person can act on.
func explainOpenError(path string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrNotADB:
			return fmt.Errorf("%s: %w", path, errNotProject)
		case sqlite3.ErrCorrupt:
			return damaged(path, se.Error())
		case sqlite3.ErrReadonly, sqlite3.ErrCantOpen, sqlite3.ErrPerm, sqlite3.ErrAuth:
			return fmt.Errorf("%s: cannot write the project file or its folder (%v); check permissions, or copy the project somewhere writable", path, se)
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return fmt.Errorf("%s: %w", path, ErrBusy)
		case sqlite3.ErrFull:
			return fmt.Errorf("%s: disk full, the project could not be opened; free some space", path)
		case sqlite3.ErrIoErr:
			return fmt.Errorf("%s: cannot read the project file (%v); it was not changed", path, se)
		}
	}
	return fmt.Errorf("%s: %w", path, err)
}

// Close stops background work and closes the project file.
func (s *Store) Close() error {
	s.stopIndexer()
	s.closeWatch()
	s.rdb.Close()
	return s.db.Close()
}

// Path returns the absolute path of the project file.
func (s *Store) Path() string { return s.path }

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in version order. Versions
// are unique but need not be contiguous: migrations written on parallel
// branches keep their numbers, and a file records the set it has.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	seen := map[int]string{}
	for _, n := range names {
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		base := filepath.Base(n)
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s has no version number", base)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s have the same version", other, base)
		}
		seen[v] = base
		ms = append(ms, migration{v, base, string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// SchemaVersion is the schema version this build writes: its newest
// migration.
func SchemaVersion() int {
	ms, _ := migrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// migrate applies the migrations the file lacks, each in one transaction
// that first re-reads what is applied, so that two processes opening the
// same new or old project at once apply each migration once. A new project
// gets its default labels in the transaction of its first migration: there
// is never a project without labels, whenever the program is stopped.
func (s *Store) migrate() error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	ctx := context.Background()
	empty, err := recognise(ctx, s.db)
	if err != nil {
		return err
	}
	var applied map[int]bool
	if !empty {
		if applied, err = appliedVersions(ctx, s.db); err != nil {
			return err
		}
	}
	if err := checkVersions(applied); err != nil {
		return err
	}
	var pending []migration
	for _, m := range ms {
		if !applied[m.version] {
			pending = append(pending, m)
		}
	}
	if len(pending) == 0 {
		return nil
	}
	if len(applied) > 0 {
		problems, err := quickCheck(ctx, s.db)
		if err != nil {
			return err
		}
		if len(problems) > 0 {
			return damaged(s.path, strings.Join(problems, "; "))
		}
		newest := 0
		for v := range applied {
			newest = max(newest, v)
		}
		if err := s.backup(fmt.Sprintf("%s.bak-schema%d", s.path, newest)); err != nil {
			return fmt.Errorf("backup before migrating failed, nothing was changed: %w", err)
		}
	}
	for _, m := range pending {
		if err := s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)`); err != nil {
				return err
			}
			now, err := appliedVersions(ctx, tx)
			if err != nil {
				return err
			}
			if now[m.version] {
				return nil // another process applied it meanwhile
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)`, m.version, m.name, s.stamp()); err != nil {
				return err
			}
			if len(now) == 0 {
				if err := seedLabels(ctx, tx); err != nil {
					return err
				}
				return seedProjectID(ctx, tx)
			}
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
}

// quickCheck runs SQLite's quick_check on q and returns the problems it
// finds (none: the file is sound). A page so damaged that the check itself
// fails is one such problem; err is any other failure.
func quickCheck(ctx context.Context, q querier) (problems []string, err error) {
	problems, err = pragmaCheck(ctx, q, "quick_check")
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB) {
		return []string{err.Error()}, nil
	}
	return problems, err
}

// damaged is the error for a project file found damaged before anything
// was written to it: path (if known) and what is wrong, and what to do.
func damaged(path, what string) error {
	if path != "" {
		path += ": "
	}
	return fmt.Errorf("%sproject file is damaged (%s); it was not changed — run spanbench check and restore it from a backup", path, what)
}

// pragmaCheck runs PRAGMA quick_check or integrity_check and returns the
// problems it reports (none: the file is sound), at most ten.
func pragmaCheck(ctx context.Context, q querier, pragma string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `PRAGMA `+pragma+`(10)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		if p != "ok" {
			problems = append(problems, p)
		}
	}
	return problems, rows.Err()
}

// backup writes a consistent copy of the project to dst with VACUUM INTO.
// An existing dst is kept, never overwritten: a second copy gets a suffix.
func (s *Store) backup(dst string) error {
	// The copy is made under a name of its own, then linked to the first
	// free name: two processes migrating the same project at once each
	// keep a whole copy (writing into one file together failed: "table
	// schema_migrations already exists").
	f, err := os.CreateTemp(filepath.Dir(dst), filepath.Base(dst)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	f.Close()
	os.Remove(tmp) // VACUUM INTO writes a file that does not exist yet
	defer os.Remove(tmp)
	if _, err := s.db.Exec(`VACUUM INTO ?`, tmp); err != nil {
		return err
	}
	base := dst
	for i := 2; ; i++ {
		err := os.Link(tmp, dst)
		if err == nil {
			return nil
		}
		if !errors.Is(err, fs.ErrExist) { // no hard links on this file system: the name, if free
			if _, serr := os.Stat(dst); errors.Is(serr, fs.ErrNotExist) {
				return os.Rename(tmp, dst)
			}
		}
		dst = fmt.Sprintf("%s.%d", base, i)
	}
}

// seedLabels gives a new project the default label set.
func seedLabels(ctx context.Context, tx *sql.Tx) error {
	for i, l := range annot.DefaultLabels() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO labels (layer, name, color, key, position) VALUES (?, ?, ?, ?, ?)`,
			l.Layer, l.Name, l.Color, l.Key, i); err != nil {
			return err
		}
	}
	return nil
}

// inTx runs fn in one immediate transaction and commits it, or rolls back on
// error. SQLite errors are translated to annot errors at this boundary.
// Under NoWait it does not wait for another writer (ErrBusy).
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	db, release, err := s.writeConn(ctx)
	if err != nil {
		return err
	}
	defer release()
	return inTxOn(ctx, db, fn)
}

// readTx begins a read transaction on the read pool: a consistent snapshot
// that holds up no writer. Its connection maps the file (exportMmapBytes).
func (s *Store) readTx(ctx context.Context) (*sql.Tx, error) {
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, translate(err)
	}
	// BEGIN DEFERRED reads nothing yet, so the new map size applies to
	// this transaction's reads.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA mmap_size = %d`, exportMmapBytes)); err != nil {
		tx.Rollback()
		return nil, translate(err)
	}
	return tx, nil
}

// beginner is a *sql.DB or one of its *sql.Conn.
type beginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

func inTxOn(ctx context.Context, db beginner, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return translate(err)
	}
	return translate(tx.Commit())
}

// translate maps SQLite errors to domain errors a user can act on. Every
// path out of the store passes here, so "project is busy" reads the same
// whether the wait ran out at BEGIN, in a statement or at COMMIT.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		t := translateSQLite(err, se)
		// Keep the context a caller wrapped around the SQLite error
		// ("a.jsonl:3: relations[1]: "), ahead of the translation; "busy"
		// is the whole story wherever it happened.
		if prefix, ok := strings.CutSuffix(err.Error(), se.Error()); ok && prefix != "" && t != err && t != ErrBusy {
			return fmt.Errorf("%s%w", prefix, t)
		}
		return t
	}
	if errors.Is(err, sql.ErrNoRows) {
		return annot.NotFoundf("", "not found")
	}
	return err
}

// translateSQLite is translate for an error holding the SQLite error se.
func translateSQLite(err error, se sqlite3.Error) error {
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
		return fmt.Errorf("the project file is read-only, nothing was saved: %w", se)
	case sqlite3.ErrFull:
		return fmt.Errorf("disk full, nothing was saved: %w", se)
	case sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
		return fmt.Errorf("the project file is damaged (%v); stop working in it, run \"spanbench check\" and restore a backup", se)
	case sqlite3.ErrIoErr:
		return fmt.Errorf("cannot read or write the project file, nothing was saved: %w", se)
	}
	return err
}

// stamp is the text form of timestamps in the file: UTC, fixed width, so
// text order is time order.
func (s *Store) stamp() string { return s.now().Format(stampLayout) }

const stampLayout = "2006-01-02T15:04:05.000000Z"

// parseStamp reads a timestamp column. The fixed layout is read by hand:
// a document list reads two per document, a large document 40,000.
func parseStamp(v string) time.Time {
	if len(v) == len(stampLayout) && v[4] == '-' && v[7] == '-' && v[10] == 'T' && v[13] == ':' && v[16] == ':' && v[19] == '.' && v[26] == 'Z' {
		num := func(a, b int) (int, bool) {
			n := 0
			for i := a; i < b; i++ {
				c := v[i]
				if c < '0' || c > '9' {
					return 0, false
				}
				n = n*10 + int(c-'0')
			}
			return n, true
		}
		y, ok1 := num(0, 4)
		mo, ok2 := num(5, 7)
		d, ok3 := num(8, 10)
		h, ok4 := num(11, 13)
		mi, ok5 := num(14, 16)
		sec, ok6 := num(17, 19)
		us, ok7 := num(20, 26)
		if ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && sec < 60 {
			return time.Date(y, time.Month(mo), d, h, mi, sec, us*1000, time.UTC)
		}
	}
	t, _ := time.Parse(stampLayout, v)
	return t
}
