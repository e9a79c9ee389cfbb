package store

import (
	"bytes"
	"database/sql"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"spanbench/annot"
	"spanbench/annot/synth"
)

// Opening a file that is not a sound Spanbench project gives a one-line
// error, and the file is left byte for byte as it was: no switch to WAL,
// no "repair", no backup of something that is not a project.

// snapshotFiles reads the project file and its -wal/-shm companions.
func snapshotFiles(t *testing.T, path string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
			continue // a FIFO would block the read
		}
		if b, err := os.ReadFile(p); err == nil {
			out[p] = b
		}
	}
	return out
}

func sameFiles(t *testing.T, name string, before, after map[string][]byte) {
	t.Helper()
	for p, b := range before {
		if !bytes.Equal(b, after[p]) {
			t.Errorf("%s: %s was changed", name, filepath.Base(p))
		}
	}
	// A reader of a WAL-mode file may leave an empty -wal and its -shm
	// index beside it, as any SQLite reader does; nothing else may appear.
	for p, b := range after {
		if _, ok := before[p]; !ok && !strings.HasSuffix(p, "-shm") && len(b) > 0 {
			t.Errorf("%s: %s was created with content", name, filepath.Base(p))
		}
	}
}

// projectFile makes a closed project with some documents and returns its
// path; closing checkpoints the WAL into the file.
func projectFile(t *testing.T, docs int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, "ana", synth.Bundles(docs, synth.Options{Seed: 8, SpansPerDoc: 10}), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IndexPending(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// The tests that use this file change its bytes, so it must hold
	// everything: no WAL beside it. The last connection to close removes
	// the WAL, and database/sql may close a connection it was opening in
	// the background after Close returns, so give it a moment.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(path + "-wal"); err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("closing left a WAL")
		}
	}
	return path
}

// damagedProject returns a project of 200 documents with three pages in
// the middle of the file overwritten: texts, spans, indexes.
func damagedProject(t *testing.T) string {
	t.Helper()
	path := projectFile(t, 200)
	b, _ := os.ReadFile(path)
	mid := len(b) / 2 / 4096 * 4096
	for i := mid; i < mid+3*4096; i++ {
		b[i] = byte(i * 31)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpenRefusesBrokenFilesUnchanged(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	binary := make([]byte, 10000)
	for i := range binary {
		binary[i] = byte(i*7 + i/13)
	}
	foreign := filepath.Join(dir, "foreign.sqlite")
	{
		db, err := sql.Open("sqlite3", foreign) // rollback journal, as most SQLite files
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me')`); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	sqliteFile := func(name, schema string) string {
		p := filepath.Join(dir, name)
		db, err := sql.Open("sqlite3", p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(schema); err != nil {
			t.Fatal(err)
		}
		db.Close()
		return p
	}
	migrator := sqliteFile("migrator.db", `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, dirty INTEGER NOT NULL); INSERT INTO schema_migrations VALUES (3, 0)`)
	viewOnly := sqliteFile("view.db", `CREATE VIEW answer AS SELECT 42 AS n`)
	otherApp := sqliteFile("otherapp.db", `PRAGMA application_id = 1234`)
	fifo := filepath.Join(dir, "fifo.db")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	project := projectFile(t, 40)
	whole, _ := os.ReadFile(project)
	half := write("half.db", whole[:len(whole)/2])
	stub := write("stub.db", whole[:60])
	pageSize := 4096
	// Page 1 past the 100-byte header is the schema's root page.
	badSchema := append([]byte(nil), whole...)
	copy(badSchema[100:pageSize], bytes.Repeat([]byte{0xA5}, pageSize-100))
	newer := projectFile(t, 1)
	{
		db, _ := sql.Open("sqlite3", newer)
		if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied) VALUES (999, '0999_future.sql', 'x')`); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	for _, tt := range []struct {
		name, path, want string
	}{
		{"text file", write("notes.db", []byte("hello, not a database at all\n")), "not a Spanbench project"},
		{"binary file", write("image.db", binary), "not a Spanbench project"},
		{"SQLite header, garbage after", write("fake.db", append([]byte("SQLite format 3\x00"), binary...)), ""},
		{"another program's SQLite database", foreign, "without Spanbench's tables"},
		{"truncated to half", half, "truncated"},
		{"truncated inside the header", stub, "truncated"},
		{"schema page overwritten", write("badschema.db", badSchema), ""},
		{"written by a newer Spanbench", newer, "newer Spanbench"},
		{"a folder", dir, "is a folder"},
		{"another program's schema_migrations(version, dirty)", migrator, "not a Spanbench project"},
		{"a database holding only a view", viewOnly, "not a Spanbench project"},
		{"another program's application id", otherApp, "not a Spanbench project"},
		{"a FIFO", fifo, "not a regular file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshotFiles(t, tt.path)
			var s *Store
			var err error
			done := make(chan struct{})
			go func() { s, err = Open(tt.path); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("Open did not return in 10 s")
			}
			if err == nil {
				s.Close()
				t.Fatalf("opened")
			}
			msg := err.Error()
			t.Log(msg)
			if strings.Contains(msg, "\n") || !strings.Contains(msg, tt.path) || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q: want one line naming the file and saying %q", msg, tt.want)
			}
			if strings.Contains(msg, "damaged") || strings.Contains(msg, "truncated") || strings.Contains(msg, "newer") || strings.Contains(msg, "not a Spanbench") {
				if !strings.Contains(msg, "not changed") {
					t.Errorf("error %q does not say the file was not changed", msg)
				}
			}
			sameFiles(t, tt.name, before, snapshotFiles(t, tt.path))
			if m, _ := filepath.Glob(tt.path + ".bak*"); len(m) > 0 {
				t.Errorf("backup written of a file that cannot be opened: %v", m)
			}
		})
	}
}

// TestDamageInsideAProject overwrites a page deep inside a project. Open
// does not read it (it stays fast), but Check reports the damage, reading
// it says the project is damaged, and nothing deletes data to "repair" it.
func TestDamageInsideAProject(t *testing.T) {
	path := damagedProject(t)
	b, _ := os.ReadFile(path)
	mid := len(b) / 2 / 4096 * 4096 // where the damage starts
	s, err := Open(path)
	if err != nil {
		if !strings.Contains(err.Error(), "damaged") && !strings.Contains(err.Error(), "malformed") {
			t.Fatalf("open: %v", err)
		}
		return
	}
	defer s.Close()
	problems, err := s.Check(ctx)
	if err != nil && !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("check: %v", err)
	}
	if len(problems) == 0 && err == nil {
		t.Fatal("check found nothing wrong")
	}
	// Reading every document either works or says the project is damaged.
	sawDamage := err != nil || len(problems) > 0
	for bu, err := range s.Bundles(ctx, ExportFilter{}) {
		if err != nil {
			if !strings.Contains(err.Error(), "damaged") {
				t.Errorf("export of a damaged project: %v", err)
			}
			break
		}
		_ = bu
	}
	if !sawDamage {
		t.Error("damage went unnoticed")
	}
	s.Close()
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after[:mid], b[:mid]) {
		t.Error("opening and checking a damaged project changed it")
	}
}

// TestMigrationKeepsABackup opens a project of an older schema: Open
// checks it, writes PATH.bak-schemaN (a consistent copy of the old file),
// keeps an older backup of that name, then migrates.
func TestMigrationKeepsABackup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	makeOld := func() {
		os.Remove(path)
		db, err := sql.Open("sqlite3", dsn(path, "immediate"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		ms, _ := migrations()
		if _, err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ms[0].sql); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO schema_migrations VALUES (1, ?, 'then')`, ms[0].name); err != nil {
			t.Fatal(err)
		}
		tx, _ := db.Begin()
		if err := seedLabels(ctx, tx); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO documents (id, title, sha256, length, created, updated) VALUES ('d', 'Old article', 'h', 5, 'c', 'u');
			INSERT INTO doc_texts (seq, text) VALUES (1, 'hello')`); err != nil {
			t.Fatal(err)
		}
		tx.Commit()
	}
	makeOld()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := s.ListDocuments(ctx, DocFilter{Query: "hello"})
	if err != nil || len(docs) != 1 {
		t.Errorf("search after migrating: %d, %v", len(docs), err)
	}
	s.Close()
	bak := path + ".bak-schema1"
	old, err := sql.Open("sqlite3", "file:"+bak+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var versions, titles int
	old.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&versions)
	old.QueryRow(`SELECT count(*) FROM documents WHERE title = 'Old article'`).Scan(&titles)
	old.Close()
	if versions != 1 || titles != 1 {
		t.Errorf("backup holds %d migrations and %d of the documents, want the old project", versions, titles)
	}
	// Opening the migrated project again writes no new backup.
	if s, err := Open(path); err != nil {
		t.Fatal(err)
	} else {
		s.Close()
	}
	if m, _ := filepath.Glob(path + ".bak*"); len(m) != 1 {
		t.Errorf("backups: %v", m)
	}
	// A second old file migrated in the same place keeps the first backup.
	first, _ := os.ReadFile(bak)
	makeOld()
	if s, err := Open(path); err != nil {
		t.Fatal(err)
	} else {
		s.Close()
	}
	if again, _ := os.ReadFile(bak); !bytes.Equal(again, first) {
		t.Error("the earlier backup was overwritten")
	}
	if _, err := os.Stat(bak + ".2"); err != nil {
		t.Errorf("second backup: %v", err)
	}
}

// TestOpenInReadOnlyFolder opens a project whose folder and file cannot be
// written: a one-line error saying so, and the file unchanged. Root may
// write anywhere, so as root the attempt runs in a child process as
// nobody.
func TestOpenInReadOnlyFolder(t *testing.T) {
	if os.Getenv("SPANBENCH_RO_CHILD") != "" {
		_, err := Open(os.Getenv("SPANBENCH_RO_CHILD"))
		if err == nil {
			io.WriteString(os.Stdout, "RESULT opened\n")
		} else {
			io.WriteString(os.Stdout, "RESULT "+err.Error()+"\n")
		}
		return
	}
	base, err := os.MkdirTemp("", "spanbench-ro-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(base)
	os.Chmod(base, 0o755)
	dir := filepath.Join(base, "ro")
	os.Mkdir(dir, 0o755)
	src := projectFile(t, 3)
	path := filepath.Join(dir, "p.db")
	b, _ := os.ReadFile(src)
	if err := os.WriteFile(path, b, 0o444); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	before := snapshotFiles(t, path)
	var msg string
	if os.Geteuid() != 0 {
		s, err := Open(path)
		if err == nil {
			s.Close()
			t.Fatal("opened a project in a read-only folder")
		}
		msg = err.Error()
	} else {
		bin := filepath.Join(base, "store.test")
		exe, _ := os.ReadFile(os.Args[0])
		if err := os.WriteFile(bin, exe, 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "-test.run=^TestOpenInReadOnlyFolder$", "-test.count=1")
		cmd.Env = append(os.Environ(), "SPANBENCH_RO_CHILD="+path)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		out, err := cmd.CombinedOutput()
		if err != nil && !bytes.Contains(out, []byte("RESULT")) {
			t.Skipf("cannot run a child as nobody here: %v %s", err, out)
		}
		for _, l := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(l, "RESULT ") {
				msg = strings.TrimPrefix(l, "RESULT ")
			}
		}
	}
	t.Log(msg)
	if msg == "opened" || !strings.Contains(msg, "cannot write") || !strings.Contains(msg, path) {
		t.Errorf("error %q: want a line naming the file and saying it cannot be written", msg)
	}
	sameFiles(t, "read-only folder", before, snapshotFiles(t, path))
}

// TestConcurrentOpenOfANewProject opens one new project from many
// goroutines at once (each its own Store, as separate processes would
// have): one creates it, the others find it created; labels once.
func TestConcurrentOpenOfANewProject(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	errs := make(chan error, 8)
	stores := make(chan *Store, 8)
	for i := 0; i < 8; i++ {
		go func() {
			s, err := Open(path)
			errs <- err
			stores <- s
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-errs; err != nil && !errors.Is(err, ErrBusy) {
			t.Errorf("open: %v", err)
		}
		if s := <-stores; s != nil {
			defer s.Close()
		}
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	labels, _ := s.Labels(ctx)
	if len(labels) != len(annot.DefaultLabels()) {
		t.Errorf("%d labels", len(labels))
	}
	mustCheck(t, s)
}

// TestProjectsCarryTheApplicationID: a new project has Spanbench's
// application id in its header, and a project made before it gets it when
// migrated.
func TestProjectsCarryTheApplicationID(t *testing.T) {
	path := projectFile(t, 1)
	appID := func() uint32 {
		b, err := os.ReadFile(path)
		if err != nil || len(b) < 72 {
			t.Fatalf("read %s: %v", path, err)
		}
		return uint32(b[68])<<24 | uint32(b[69])<<16 | uint32(b[70])<<8 | uint32(b[71])
	}
	if got := appID(); got != ApplicationID {
		t.Fatalf("new project: application id %#x, want %#x", got, ApplicationID)
	}
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA application_id = 0; DELETE FROM schema_migrations WHERE version = 4`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("project from before the application id: %v", err)
	}
	s.Close()
	if got := appID(); got != ApplicationID {
		t.Fatalf("migrated project: application id %#x, want %#x", got, ApplicationID)
	}
}

// TestRefusedFileGetsNoCompanions: refusing a project a newer Spanbench
// wrote leaves no -wal or -shm beside it.
func TestRefusedFileGetsNoCompanions(t *testing.T) {
	path := projectFile(t, 1)
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied) VALUES (999, '0999_future.sql', 'x')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	if s, err := Open(path); err == nil {
		s.Close()
		t.Fatal("opened a newer project")
	}
	for _, sfx := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + sfx); err == nil {
			t.Errorf("refusing the file left %s beside it", filepath.Base(path+sfx))
		}
	}
}

// TestOpenReadOnly reads a read-only project in a read-only folder, changes
// nothing beside it, and refuses a missing or empty file without creating a
// project.
func TestOpenReadOnly(t *testing.T) {
	src := projectFile(t, 3)
	base := t.TempDir()
	dir := filepath.Join(base, "ro")
	os.Mkdir(dir, 0o755)
	path := filepath.Join(dir, "p.db")
	b, _ := os.ReadFile(src)
	if err := os.WriteFile(path, b, 0o444); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	s, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("read-only project in a read-only folder: %v", err)
	}
	docs, err := s.ListDocuments(ctx, DocFilter{})
	if err != nil || len(docs) != 3 {
		t.Errorf("list: %d documents, %v", len(docs), err)
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
	s.Close()
	if after, _ := os.ReadFile(path); !bytes.Equal(after, b) {
		t.Errorf("the project was changed")
	}

	w := filepath.Join(base, "w")
	os.Mkdir(w, 0o755)
	for _, name := range []string{"missing.db", "empty.db"} {
		p := filepath.Join(w, name)
		if name == "empty.db" {
			os.WriteFile(p, nil, 0o644)
		}
		if s, err := OpenReadOnly(p); err == nil {
			s.Close()
			t.Errorf("%s: opened", name)
		} else if !strings.Contains(err.Error(), "no Spanbench project") {
			t.Errorf("%s: %v", name, err)
		}
		if st, err := os.Stat(p); name == "missing.db" && err == nil || name == "empty.db" && (err != nil || st.Size() != 0) {
			t.Errorf("%s: a project was created", name)
		}
	}
}

// TestImportReadsBeforeLocking: while an import's source is being read,
// another process (here another Store on the file) can still write.
func TestImportReadsBeforeLocking(t *testing.T) {
	path := projectFile(t, 1)
	saved := busyTimeout
	busyTimeout = 300 * time.Millisecond
	defer func() { busyTimeout = saved }()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var writeErr error
	src := func(yield func(annot.Bundle, error) bool) {
		for b, err := range synth.Bundles(2, synth.Options{Seed: 3, SpansPerDoc: 2}) {
			if writeErr == nil {
				writeErr = other.ChangeCueWords(ctx, []string{"opine"}, nil, nil)
				if writeErr == nil {
					writeErr = errors.New("") // written; try once only
				}
			}
			if !yield(b, err) {
				return
			}
		}
	}
	if _, err := s.Import(ctx, "ana", src, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if writeErr.Error() != "" {
		t.Errorf("a write while the import read its source: %v", writeErr)
	}
}
