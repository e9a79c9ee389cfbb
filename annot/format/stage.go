package format

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"spanbench/annot"
)

// How an export reaches its destination without harming what is there.
//
// Everything is written to a temporary file or folder beside the
// destination and moved into place when complete, so a failed, cancelled
// or killed export leaves the destination as it was. What the destination
// is decides the rest:
//
//   - nothing: the new file or folder is created, with the mode new files
//     get (0666, 0777 for folders, less the umask);
//   - a regular file: it is replaced by a rename and the new file keeps
//     its mode (and, run as root, its owner);
//   - a folder (folder formats only): replaced when it is empty or an
//     earlier export (its manifest lists what that export wrote); the
//     user's other files in it are kept. On Linux the new folder and the
//     old one are swapped in one step (renameat2 RENAME_EXCHANGE), so the
//     folder is never missing; where that is not available (another
//     system, a file system without it) the old folder is renamed away and
//     the new one in, and a run that is killed between the two leaves the
//     old folder under its temporary name, where the next export restores
//     it;
//   - a symbolic link: followed; the export replaces what the link names,
//     and the link stays. A link to nothing is refused;
//   - a character device (/dev/null, a terminal) or a FIFO: the data is
//     streamed into it, once complete, as to standard output (no dataset
//     card, no side files); it is never replaced;
//   - anything else (a block device, a socket) is refused.
//
// Temporary names are .NAME.spanbench-PID-RANDOM.tmp (plus a suffix for a
// few), beside the destination, or in the temporary folder for streamed
// data. The writer holds a lock on its temporary file or folder; an export
// removes the temporaries of earlier runs in the folder it writes to, but
// only when their process is gone and their lock is free.

// manifestName is the file in a folder export listing what the export
// wrote: a later export into the folder replaces those and keeps the rest.
// Exported file names never start with a dot, so it cannot collide.
const manifestName = ".spanbench-manifest"

const manifestHead = "# Written by Spanbench: the files of this export, one a line. An export into this folder\n" +
	"# replaces these files and keeps every other file in it.\n"

// tmpPattern matches our temporary names: base, pid, random part, suffix.
var tmpPattern = regexp.MustCompile(`^\.(.+)\.spanbench-([0-9]+)-([0-9a-z]+)\.tmp(\.[a-z]+)?$`)

// tmpPath returns a fresh temporary name for base in dir.
func tmpPath(dir, base string) string {
	return filepath.Join(dir, fmt.Sprintf(".%s.spanbench-%d-%s.tmp", base, os.Getpid(), strconv.FormatUint(rand.Uint64()%(1<<40), 36)))
}

// createTemp creates a temporary file for base in dir, with the mode new
// files get (0666 less the umask).
func createTemp(dir, base string) (*os.File, error) {
	for range 100 {
		f, err := os.OpenFile(tmpPath(dir, base), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, fmt.Errorf("cannot create a temporary file in %s", dir)
}

// mkdirTemp creates a temporary folder for base in dir (0777 less the
// umask).
func mkdirTemp(dir, base string) (string, error) {
	for range 100 {
		p := tmpPath(dir, base)
		err := os.Mkdir(p, 0o777)
		if !errors.Is(err, fs.ErrExist) {
			return p, err
		}
	}
	return "", fmt.Errorf("cannot create a temporary folder in %s", dir)
}

// cleanStale removes the temporaries that killed exports left in dir: only
// names of our pattern, only when their process is gone and no one holds
// their lock. A folder export killed between moving the old folder away
// and the new one in left the old one as NAME...tmp.old: it is put back.
func cleanStale(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		m := tmpPattern.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		pid, err := strconv.Atoi(m[2])
		if err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if isLocked(p) {
			continue
		}
		if m[4] == ".old" {
			dest := filepath.Join(dir, m[1])
			if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) && os.Rename(p, dest) == nil {
				continue
			}
		}
		os.RemoveAll(p)
	}
}

// destKind is what is at an output path.
type destKind int

const (
	destNone   destKind = iota // nothing yet
	destFile                   // a regular file
	destDir                    // a folder
	destStream                 // a character device or FIFO
)

// resolveDest follows a symbolic link at path to what it names and says
// what is there; real is the path to write.
func resolveDest(path string) (real string, kind destKind, fi os.FileInfo, err error) {
	fi, err = os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return path, destNone, nil, nil
	}
	if err != nil {
		return "", 0, nil, err
	}
	real = path
	if fi.Mode()&os.ModeSymlink != 0 {
		r, err := filepath.EvalSymlinks(path)
		if err != nil {
			return "", 0, nil, annot.Invalidf("out", "%s is a symbolic link to nothing; nothing written", path)
		}
		real = r
		if fi, err = os.Stat(r); err != nil {
			return "", 0, nil, err
		}
	}
	m := fi.Mode()
	switch {
	case m.IsRegular():
		return real, destFile, fi, nil
	case m.IsDir():
		return real, destDir, fi, nil
	case m&os.ModeNamedPipe != 0, m&os.ModeCharDevice != 0:
		return real, destStream, fi, nil
	}
	return "", 0, nil, annot.Invalidf("out", "%s is neither a file, a folder, a character device nor a FIFO; nothing written", path)
}

// stage writes an export beside its destination and moves it into place
// when complete: a temporary file (plus side files) for file formats, a
// temporary folder for folder formats.
type stage struct {
	dest   string // the path as given
	target string // where the export goes: dest, or what a link at dest names
	folder bool
	// existing is what was at target (a file or folder to replace); nil
	// when nothing was.
	existing os.FileInfo
	tmp      string // the data file, or the folder
	// stream, or device when set, receives the data file on commit, and
	// nothing else is written: standard output, a FIFO, /dev/null.
	stream io.Writer
	device string
	sides  [][2]string
	// owned are the files an earlier export wrote into the folder being
	// replaced (from its manifest); the folder's other files are kept.
	owned map[string]bool
	// data is the data file once opened, closed on abort if a failed
	// export left it open.
	data *os.File
	// lock holds the temporary file or folder open and locked, so another
	// export does not take it for a killed run's leftover.
	lock *os.File
	// unsynced are folder files opened with create, synced on commit.
	unsynced []string
	done     bool
}

// stageHook, when set (by tests), is called at each step of a commit.
var stageHook func(step string)

// noExchange, when set (by tests), makes folder swaps use the fallback.
var noExchange bool

func hook(step string) {
	if stageHook != nil {
		stageHook(step)
	}
}

func newStage(dest string, folder bool, out io.Writer) (*stage, error) {
	s := &stage{dest: dest, target: dest, folder: folder, stream: out}
	if out != nil {
		return s, s.stageStream()
	}
	// Clean first: a folder a killed swap left under its temporary name
	// is put back before we look at what is at dest.
	cleanStale(filepath.Dir(filepath.Clean(dest)))
	real, kind, fi, err := resolveDest(dest)
	if err != nil {
		return nil, err
	}
	switch {
	case kind == destStream && folder:
		return nil, annot.Invalidf("out", "%s is a device or FIFO; this format writes a folder", dest)
	case kind == destStream:
		s.device = real
		return s, s.stageStream()
	case kind == destDir && !folder:
		return nil, annot.Invalidf("out", "%s is a folder; give a file name", dest)
	case kind == destFile && folder:
		return nil, annot.Invalidf("out", "%s is a file; this format writes a folder", dest)
	}
	s.target, s.existing = real, fi
	dir, base := filepath.Split(filepath.Clean(real))
	if dir == "" {
		dir = "."
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, annot.NotFoundf("out", "folder %s does not exist", dir)
	}
	if kind == destDir {
		if s.owned, err = ownedFiles(real); err != nil {
			return nil, err
		}
	}
	if filepath.Clean(dir) != filepath.Dir(filepath.Clean(dest)) {
		cleanStale(dir) // where a link led
	}
	if folder {
		tmp, err := mkdirTemp(dir, base)
		if err != nil {
			return nil, fmt.Errorf("cannot write in %s: %w", dir, err)
		}
		s.tmp = tmp
		s.lock, _ = lockPath(tmp)
		return s, nil
	}
	f, err := createTemp(dir, base)
	if err != nil {
		return nil, fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	s.tmp = f.Name()
	s.lock = f
	lockFile(f)
	return s, nil
}

// stageStream stages the data file in the temporary folder, to be copied
// to the stream on commit.
func (s *stage) stageStream() error {
	dir := os.TempDir()
	cleanStale(dir)
	f, err := createTemp(dir, "export")
	if err != nil {
		return err
	}
	s.tmp = f.Name()
	s.lock = f
	lockFile(f)
	return nil
}

// streaming reports whether the data goes to a stream (standard output, a
// device, a FIFO): no card and no side files are delivered.
func (s *stage) streaming() bool { return s.stream != nil || s.device != "" }

// cardMarker is in every card, so a later export may replace the folder.
const cardMarker = "Exported by Spanbench"

// ownedFiles refuses to replace a folder that is neither empty nor an
// earlier Spanbench export, so an export never deletes a user's files, and
// returns the files an earlier export wrote there (its manifest). A
// folder exported before manifests existed is recognised by its card; its
// brat files, card and configs are taken as the export's.
func ownedFiles(dir string) (map[string]bool, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	owned := map[string]bool{}
	if len(ents) == 0 {
		return owned, nil
	}
	if b, err := os.ReadFile(filepath.Join(dir, manifestName)); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if l != "" && !strings.HasPrefix(l, "#") {
				owned[l] = true
			}
		}
		return owned, nil
	}
	b, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err == nil && strings.Contains(string(b), cardMarker) {
		for _, e := range ents {
			n := e.Name()
			if e.Type().IsRegular() && (n == "README.md" || n == "annotation.conf" || n == "visual.conf" ||
				strings.HasSuffix(n, ".txt") || strings.HasSuffix(n, ".ann")) {
				owned[n] = true
			}
		}
		return owned, nil
	}
	return nil, annot.Conflictf("out", "folder %s already holds files that are not a Spanbench export; choose an empty or new folder", dir)
}

// dataFile opens the data file for writing (file formats).
func (s *stage) dataFile() (*os.File, error) {
	f, err := os.OpenFile(s.tmp, os.O_WRONLY|os.O_TRUNC, 0o666)
	if err == nil {
		s.data = f
	}
	return f, err
}

// writeFile writes a file of a folder export, durably: one open, write,
// fsync and close, so committing needs no second pass over thousands of
// files.
func (s *stage) writeFile(name string, data []byte) error {
	return s.writeWith(name, func(f *os.File) error { _, err := f.Write(data); return err })
}

// writeText is writeFile for a document text, written from the string:
// converting a 60 MB text to bytes would copy it.
func (s *stage) writeText(name, text string) error {
	return s.writeWith(name, func(f *os.File) error { _, err := f.WriteString(text); return err })
}

// writeWith creates the staged file name (0666 less the umask, as every
// output), lets write fill it, and syncs it.
func (s *stage) writeWith(name string, write func(*os.File) error) error {
	if dir := filepath.Dir(filepath.FromSlash(name)); dir != "." {
		if err := os.MkdirAll(filepath.Join(s.tmp, dir), 0o777); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(filepath.Join(s.tmp, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// sidePath returns the final path of a side file named by suffix
// ("NAME.label_config.xml" for suffix ".label_config.xml").
func (s *stage) sidePath(suffix string) string {
	if s.folder {
		return filepath.Join(s.dest, strings.TrimPrefix(suffix, "."))
	}
	base := s.dest // beside the name the user gave, a link or not
	if s.streaming() {
		base = s.tmp
	}
	return strings.TrimSuffix(base, filepath.Ext(base)) + suffix
}

func (s *stage) cardPath() string {
	if s.folder {
		return filepath.Join(s.dest, "README.md")
	}
	return s.sidePath(".README.md")
}

// create opens a side file (or, in a folder export, any file) to be moved
// to final on commit.
func (s *stage) create(final string) (*os.File, error) {
	if s.folder {
		rel, err := filepath.Rel(s.dest, final)
		if err != nil || strings.HasPrefix(rel, "..") {
			return nil, fmt.Errorf("%s is outside the export folder", final)
		}
		p := filepath.Join(s.tmp, rel)
		s.unsynced = append(s.unsynced, p)
		return os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
	}
	if !s.streaming() {
		// A side file replaces only a regular file (or nothing), through
		// a link to what it names.
		real, kind, _, err := resolveDest(final)
		if err != nil {
			return nil, err
		}
		if kind != destNone && kind != destFile {
			return nil, annot.Invalidf("out", "%s is not a regular file; nothing written", final)
		}
		final = real
	}
	dir, base := filepath.Split(final)
	if dir == "" {
		dir = "."
	}
	f, err := createTemp(dir, base)
	if err != nil {
		return nil, err
	}
	s.sides = append(s.sides, [2]string{f.Name(), final})
	return f, nil
}

// commit moves everything into place and returns the files written and
// their total size.
func (s *stage) commit() ([]string, int64, error) {
	hook("written")
	if s.streaming() {
		// Only the data goes to the stream; the staged files go away.
		defer s.abort()
		n, err := s.copyOut()
		return nil, n, err
	}
	if s.folder {
		return s.commitFolder()
	}
	// The data first, then its side files, the card last: a card
	// describes data that is there.
	var files []string
	var size int64
	all := append([][2]string{{s.tmp, s.target}}, s.sides...)
	for _, sd := range all {
		// What appeared at the destination while the export ran is
		// checked again: only a regular file is replaced.
		if _, kind, _, err := resolveDest(sd[1]); err != nil || kind != destNone && kind != destFile {
			return nil, 0, firstErr(err, annot.Invalidf("out", "%s is no longer a regular file; nothing written", sd[1]))
		}
		if err := syncFile(sd[0]); err != nil {
			return nil, 0, err
		}
		if st, err := os.Stat(sd[0]); err == nil {
			size += st.Size()
		}
		keepMode(sd[0], sd[1])
	}
	for i, sd := range all {
		if i == 1 {
			hook("data-renamed")
		}
		if err := os.Rename(sd[0], sd[1]); err != nil {
			return nil, 0, fmt.Errorf("cannot write %s: %w", sd[1], err)
		}
		files = append(files, sd[1])
	}
	syncDir(filepath.Dir(s.target))
	s.done = true
	s.unlock()
	return files, size, nil
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// keepMode gives the staged file tmp the mode and owner of the regular
// file it replaces at final, if any.
func keepMode(tmp, final string) {
	st, err := os.Stat(final)
	if err != nil || !st.Mode().IsRegular() {
		return
	}
	os.Chmod(tmp, st.Mode().Perm())
	sameOwner(tmp, st)
}

// copyOut streams the staged data file into the stream or device.
func (s *stage) copyOut() (int64, error) {
	in, err := os.Open(s.tmp)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	out := s.stream
	if s.device != "" {
		// No O_CREATE, no O_TRUNC: a device or FIFO is written into,
		// never created or replaced. A FIFO waits here for its reader.
		f, err := os.OpenFile(s.device, os.O_WRONLY, 0)
		if err != nil {
			return 0, fmt.Errorf("cannot write %s: %w", s.dest, err)
		}
		defer f.Close()
		if st, err := f.Stat(); err != nil || st.Mode()&(os.ModeNamedPipe|os.ModeCharDevice) == 0 {
			return 0, annot.Invalidf("out", "%s is no longer a device or FIFO; nothing written", s.dest)
		}
		out = f
	}
	bw := bufio.NewWriterSize(out, 1<<16)
	n, err := io.Copy(bw, in)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", s.dest, err)
	}
	return n, nil
}

// commitFolder writes the manifest, carries the user's files over from the
// folder being replaced, and swaps the new folder in.
func (s *stage) commitFolder() ([]string, int64, error) {
	var rels []string
	var size int64
	err := filepath.WalkDir(s.tmp, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(s.tmp, p)
		rels = append(rels, filepath.ToSlash(rel))
		size += info.Size()
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	for _, p := range s.unsynced {
		if err := syncFile(p); err != nil {
			return nil, 0, err
		}
	}
	slices.Sort(rels)
	man := manifestHead + strings.Join(rels, "\n") + "\n"
	if err := s.writeFile(manifestName, []byte(man)); err != nil {
		return nil, 0, err
	}
	size += int64(len(man))
	files := []string{}
	for _, r := range append(rels, manifestName) {
		files = append(files, filepath.Join(s.dest, filepath.FromSlash(r)))
	}
	if s.existing == nil {
		if err := os.Rename(s.tmp, s.target); err != nil {
			return nil, 0, fmt.Errorf("cannot write %s: %w", s.dest, err)
		}
	} else {
		if err := s.keepUserFiles(); err != nil {
			return nil, 0, err
		}
		os.Chmod(s.tmp, s.existing.Mode().Perm())
		sameOwner(s.tmp, s.existing)
		if err := s.swap(); err != nil {
			return nil, 0, err
		}
	}
	syncDir(filepath.Dir(s.target))
	s.done = true
	s.unlock()
	return files, size, nil
}

// keepUserFiles links every file of the old folder that no earlier export
// wrote into the new folder, so the swap keeps them. The old folder is not
// touched: until the swap it holds them as before.
func (s *stage) keepUserFiles() error { return s.keepUserFilesIn("") }

// keepUserFilesIn is keepUserFiles for the folder rel ("" the top) of the
// old folder: a folder holding files an earlier export wrote (a coder's
// folder of a brat export) is gone through file by file.
func (s *stage) keepUserFilesIn(rel string) error {
	ents, err := os.ReadDir(filepath.Join(s.target, filepath.FromSlash(rel)))
	if err != nil {
		return err
	}
	for _, e := range ents {
		n := path.Join(rel, e.Name())
		if s.owned[n] || n == manifestName {
			continue
		}
		if e.IsDir() && s.ownsUnder(n) {
			if err := os.MkdirAll(filepath.Join(s.tmp, filepath.FromSlash(n)), 0o777); err != nil {
				return err
			}
			if err := s.keepUserFilesIn(n); err != nil {
				return err
			}
			continue
		}
		to := filepath.Join(s.tmp, filepath.FromSlash(n))
		if _, err := os.Lstat(to); err == nil {
			return annot.Conflictf("out", "%s in %s is not from an earlier export, and this export writes a file of that name; move it away first", n, s.dest)
		}
		if err := linkTree(filepath.Join(s.target, filepath.FromSlash(n)), to); err != nil {
			return fmt.Errorf("cannot keep %s in the new export; nothing changed: %w", filepath.Join(s.dest, n), err)
		}
	}
	return nil
}

// ownsUnder reports whether an earlier export wrote files inside the
// folder rel.
func (s *stage) ownsUnder(rel string) bool {
	for f := range s.owned {
		if strings.HasPrefix(f, rel+"/") {
			return true
		}
	}
	return false
}

// linkTree makes to a copy of from made of hard links: folders are made
// anew, files linked, symbolic links copied.
func linkTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		q := filepath.Join(to, rel)
		switch {
		case d.IsDir():
			st, err := d.Info()
			if err != nil {
				return err
			}
			if err := os.Mkdir(q, 0o700); err != nil {
				return err
			}
			return os.Chmod(q, st.Mode().Perm())
		case d.Type()&os.ModeSymlink != 0:
			l, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(l, q)
		}
		return os.Link(p, q)
	})
}

// swap puts the new folder in the old one's place: one exchange where the
// system has it; else the old folder is renamed away first.
func (s *stage) swap() error {
	err := errNoExchange
	if !noExchange {
		err = exchange(s.tmp, s.target)
	}
	if err == nil {
		hook("exchanged")
		// s.tmp now holds the old folder.
		s.rescue(s.tmp)
		os.RemoveAll(s.tmp)
		return nil
	}
	if !errors.Is(err, errNoExchange) {
		return fmt.Errorf("cannot replace %s: %w", s.dest, err)
	}
	old := s.tmp + ".old"
	if err := os.Rename(s.target, old); err != nil {
		return fmt.Errorf("cannot replace %s: %w", s.dest, err)
	}
	hook("old-moved")
	if err := os.Rename(s.tmp, s.target); err != nil {
		os.Rename(old, s.target)
		return fmt.Errorf("cannot write %s: %w", s.dest, err)
	}
	s.rescue(old)
	os.RemoveAll(old)
	return nil
}

// rescue moves into the new folder what the user put into the old one
// while the export ran (neither an earlier export's file nor linked over).
func (s *stage) rescue(old string) {
	ents, err := os.ReadDir(old)
	if err != nil {
		return
	}
	for _, e := range ents {
		n := e.Name()
		if s.owned[n] || n == manifestName {
			continue
		}
		if _, err := os.Lstat(filepath.Join(s.target, n)); errors.Is(err, fs.ErrNotExist) {
			os.Rename(filepath.Join(old, n), filepath.Join(s.target, n))
		}
	}
}

// abort removes whatever was staged, unless committed.
func (s *stage) abort() {
	if s.done {
		return
	}
	s.done = true
	if s.data != nil {
		s.data.Close() // already closed unless the export failed
	}
	os.RemoveAll(s.tmp)
	for _, sd := range s.sides {
		os.Remove(sd[0])
	}
	s.unlock()
}

func (s *stage) unlock() {
	if s.lock != nil {
		s.lock.Close()
		s.lock = nil
	}
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir makes renames in dir durable (best effort: not every system can
// sync a folder).
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}

// fileWriter is the buffered data file of a file format.
type fileWriter struct {
	f *os.File
	*bufio.Writer
}

func openData(stg *stage) (*fileWriter, error) {
	f, err := stg.dataFile()
	if err != nil {
		return nil, err
	}
	return &fileWriter{f, bufio.NewWriterSize(f, 1<<16)}, nil
}

func (w *fileWriter) Close() error {
	err := w.Flush()
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// WriteFile writes one file through write, as exports are written: staged
// beside path and renamed over it only when complete (keeping an existing
// file's mode), streamed into a device or FIFO, through a symbolic link to
// what it names; anything else at path is refused. It returns the bytes
// written.
func WriteFile(path string, write func(w io.Writer) error) (int64, error) {
	stg, err := newStage(path, false, nil)
	if err != nil {
		return 0, err
	}
	defer stg.abort()
	f, err := openData(stg)
	if err != nil {
		return 0, err
	}
	cw := &countingWriter{w: f}
	if err := write(cw); err != nil {
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	if _, _, err := stg.commit(); err != nil {
		return 0, err
	}
	return cw.n, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// errNoExchange says folders cannot be swapped in one step here.
var errNoExchange = errors.New("no atomic exchange")
