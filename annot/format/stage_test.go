package format_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"spanbench/annot"
	"spanbench/annot/format"
)

// withUmask runs the test with umask m (the process's; these tests do not
// run in parallel).
func withUmask(t *testing.T, m int) {
	old := syscall.Umask(m)
	t.Cleanup(func() { syscall.Umask(old) })
}

func perm(t *testing.T, p string) os.FileMode {
	t.Helper()
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// TestExportModesFollowUmask: new files are 0666 and folders 0777 less the
// umask (a brat server running as another user reads them); a replaced
// file keeps its mode, a replaced folder its mode.
func TestExportModesFollowUmask(t *testing.T) {
	withUmask(t, 0o022)
	dir := t.TempDir()
	sum := export(t, dir, "jsonl", format.ExportOptions{}, testBundles()...)
	for _, p := range append(sum.Files, sum.Path) {
		if m := perm(t, p); m != 0o644 {
			t.Errorf("%s: mode %v, want 0644 (0666 less umask 022)", p, m)
		}
	}
	bratOut := filepath.Join(dir, "b")
	sum = export(t, "", "brat", format.ExportOptions{Out: bratOut}, testBundles()...)
	if m := perm(t, bratOut); m != 0o755 {
		t.Errorf("brat folder: mode %v, want 0755", m)
	}
	for _, p := range sum.Files {
		if m := perm(t, p); m != 0o644 {
			t.Errorf("%s: mode %v, want 0644", p, m)
		}
	}
	// Existing modes are kept.
	os.Chmod(sum.Path, 0o750)
	export(t, "", "brat", format.ExportOptions{Out: bratOut}, canonical(plainBundle()))
	if m := perm(t, bratOut); m != 0o750 {
		t.Errorf("replaced brat folder: mode %v, want its 0750", m)
	}
	data := filepath.Join(dir, "old.csv")
	os.WriteFile(data, []byte("old\n"), 0o600)
	os.Chmod(data, 0o640)
	export(t, "", "csv", format.ExportOptions{Out: data}, testBundles()...)
	if m := perm(t, data); m != 0o640 {
		t.Errorf("replaced file: mode %v, want its 0640", m)
	}
	// Under umask 002 every file of a brat folder, the .txt files too, is
	// group-writable: 0664 (0666 less the umask), not a fixed 0644.
	withUmask(t, 0o002)
	shared := filepath.Join(t.TempDir(), "shared")
	sum = export(t, "", "brat", format.ExportOptions{Out: shared}, testBundles()...)
	for _, p := range sum.Files {
		if m := perm(t, p); m != 0o664 {
			t.Errorf("umask 002: %s: mode %v, want 0664", filepath.Base(p), m)
		}
	}
	withUmask(t, 0o077)
	fresh := export(t, t.TempDir(), "csv", format.ExportOptions{}, testBundles()...)
	if m := perm(t, fresh.Path); m != 0o600 {
		t.Errorf("umask 077: mode %v, want 0600", m)
	}
}

// TestExportIntoFIFOAndDevices: a FIFO and a character device are written
// into, never replaced, and get no card beside them.
func TestExportIntoFIFOAndDevices(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := unix.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo) // waits for the writer
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	sum, err := format.Export(ctx, seq(testBundles()...), format.ExportOptions{Format: "jsonl", Out: fifo, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	want := export(t, t.TempDir(), "jsonl", format.ExportOptions{}, testBundles()...)
	wantData, _ := os.ReadFile(want.Path)
	if s := <-got; s != string(wantData) {
		t.Errorf("the FIFO's reader got %d bytes, want the %d of the export", len(s), len(wantData))
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", st.Mode(), err)
	}
	if sum.Card != "" || sum.Bytes != int64(len(wantData)) {
		t.Errorf("summary: card %q, %d bytes", sum.Card, sum.Bytes)
	}
	if e := entries(t, dir); strings.Join(e, ",") != "pipe" {
		t.Errorf("beside the FIFO: %v", e)
	}

	// /dev/null takes the data and stays the device it is.
	if _, err := format.Export(ctx, seq(testBundles()...), format.ExportOptions{Format: "csv", Out: os.DevNull}); err != nil {
		t.Errorf("/dev/null: %v", err)
	}
	if st, err := os.Lstat(os.DevNull); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a character device: %v %v", st.Mode(), err)
	}
	// A character device of our own (the null device's numbers, 1 3, as
	// Linux's devices.txt gives them), made where mknod is allowed (root).
	dev := filepath.Join(dir, "null")
	if err := unix.Mknod(dev, unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3))); err == nil {
		if _, err := format.Export(ctx, seq(testBundles()...), format.ExportOptions{Format: "labelstudio", Out: dev}); err != nil {
			t.Errorf("device: %v", err)
		}
		if st, err := os.Lstat(dev); err != nil || st.Mode()&os.ModeCharDevice == 0 {
			t.Errorf("the device was replaced: %v %v", st.Mode(), err)
		}
		if e := entries(t, dir); strings.Join(e, ",") != "null,pipe" {
			t.Errorf("beside the device: %v", e)
		}
		if _, err := format.Export(ctx, seq(testBundles()...), format.ExportOptions{Format: "brat", Out: dev}); annot.KindOf(err) != annot.KindInvalid {
			t.Errorf("brat into a device: %v", err)
		}
	} else {
		t.Logf("mknod: %v (not root?); the device case ran on /dev/null only", err)
	}

	// A socket is refused.
	sock := filepath.Join(dir, "s")
	if l, err := net.Listen("unix", sock); err == nil {
		defer l.Close()
		if _, err := format.Export(ctx, seq(testBundles()...), format.ExportOptions{Format: "jsonl", Out: sock}); annot.KindOf(err) != annot.KindInvalid {
			t.Errorf("socket: %v", err)
		}
		if st, _ := os.Lstat(sock); st.Mode()&os.ModeSocket == 0 {
			t.Errorf("the socket was replaced")
		}
	}
}

// TestExportThroughSymlink: a link is followed; what it names is replaced
// and the link stays a link. A link to nothing is refused.
func TestExportThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.jsonl")
	os.WriteFile(real, []byte("old\n"), 0o644)
	link := filepath.Join(dir, "link.jsonl")
	os.Symlink("real.jsonl", link)
	// The card goes beside the name given, through a link there too.
	cardLink := filepath.Join(dir, "link.README.md")
	os.WriteFile(filepath.Join(dir, "card.md"), []byte("old card"), 0o644)
	os.Symlink("card.md", cardLink)
	_, err := format.Export(ctx, seq(testBundles()...), format.ExportOptions{Format: "jsonl", Out: link})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{link, cardLink} {
		if st, _ := os.Lstat(l); st.Mode()&os.ModeSymlink == 0 {
			t.Errorf("the link %s was replaced", l)
		}
	}
	b, _ := os.ReadFile(real)
	if strings.Count(string(b), "\n") != 3 {
		t.Errorf("the link's target holds %q", b)
	}
	if c, _ := os.ReadFile(filepath.Join(dir, "card.md")); !strings.Contains(string(c), "Exported by Spanbench") {
		t.Errorf("the card link's target holds %q", c)
	}
	if e := strings.Join(entries(t, dir), ","); e != "card.md,link.README.md,link.jsonl,real.jsonl" {
		t.Errorf("folder holds %s", e)
	}
	dangling := filepath.Join(dir, "nothing.jsonl")
	os.Symlink("missing/x.jsonl", dangling)
	if _, err := format.Export(ctx, seq(testBundles()...), format.ExportOptions{Format: "jsonl", Out: dangling}); annot.KindOf(err) != annot.KindInvalid {
		t.Errorf("dangling link: %v", err)
	}
	// A folder format follows a link to a folder too.
	bdir := filepath.Join(dir, "bratreal")
	os.Mkdir(bdir, 0o755)
	blink := filepath.Join(dir, "bratlink")
	os.Symlink("bratreal", blink)
	export(t, "", "brat", format.ExportOptions{Out: blink}, testBundles()...)
	if st, _ := os.Lstat(blink); st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the folder link was replaced")
	}
	if _, err := os.Stat(filepath.Join(bdir, "README.md")); err != nil {
		t.Errorf("the linked folder has no export: %v", err)
	}
}

// TestBratKeepsUserFiles: an export into a folder an earlier export made
// replaces what that export wrote (its manifest) and keeps the user's own
// files and folders; a file of the user's that the new export would
// overwrite stops it, with the folder unchanged.
func TestBratKeepsUserFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "b")
	export(t, "", "brat", format.ExportOptions{Out: out}, testBundles()...)
	os.WriteFile(filepath.Join(out, "notes.md"), []byte("mine"), 0o644)
	os.Mkdir(filepath.Join(out, "scripts"), 0o755)
	os.WriteFile(filepath.Join(out, "scripts", "run.sh"), []byte("echo"), 0o755)
	os.Symlink("notes.md", filepath.Join(out, "n.md"))
	export(t, "", "brat", format.ExportOptions{Out: out}, canonical(plainBundle()))
	want := ".spanbench-manifest,README.md,annotation.conf,n.md,notes.md,patel.ann,patel.txt,scripts,visual.conf"
	if got := strings.Join(entries(t, out), ","); got != want {
		t.Errorf("folder holds %s\nwant %s", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "scripts", "run.sh")); string(b) != "echo" {
		t.Errorf("scripts/run.sh: %q", b)
	}
	if l, _ := os.Readlink(filepath.Join(out, "n.md")); l != "notes.md" {
		t.Errorf("n.md links to %q", l)
	}
	// The user's file named like a new export file: refused, unchanged.
	os.WriteFile(filepath.Join(out, "mixed.txt"), []byte("my own mixed.txt"), 0o644)
	_, err := format.Export(ctx, seq(testBundles()...), format.ExportOptions{Format: "brat", Out: out})
	if annot.KindOf(err) != annot.KindConflict || !strings.Contains(err.Error(), "mixed.txt") {
		t.Errorf("err = %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "mixed.txt")); string(b) != "my own mixed.txt" {
		t.Errorf("the user's mixed.txt: %q", b)
	}
	if got := strings.Join(entries(t, out), ","); got != strings.Replace(want, "n.md", "mixed.txt,n.md", 1) {
		t.Errorf("after the refusal the folder holds %s", got)
	}
	if left := entries(t, filepath.Dir(out)); len(left) != 1 {
		t.Errorf("left beside it: %v", left)
	}
}

// TestBratFileNamesSafe: document file names never start with - or . (a
// file -rf.txt is read as an option by shell commands).
func TestBratFileNamesSafe(t *testing.T) {
	var bs []annot.Bundle
	for i, src := range []string{"-rf.txt", "--help", ".hidden.txt", "..", "-", "a/../../b.txt", "ok-name.txt"} {
		b := canonical(plainBundle())
		b.Doc.ID = fmt.Sprintf("-id-%d", i)
		b.Doc.Meta = map[string]string{"source": src}
		bs = append(bs, b)
	}
	b := canonical(plainBundle())
	b.Doc.ID, b.Doc.Meta = "-.-", nil
	bs = append(bs, b)
	sum := export(t, t.TempDir(), "brat", format.ExportOptions{}, bs...)
	var names []string
	for _, p := range sum.Files {
		n := filepath.Base(p)
		if filepath.Dir(p) != sum.Path {
			t.Errorf("%s is outside the export folder", p)
		}
		if n != ".spanbench-manifest" && (strings.HasPrefix(n, "-") || strings.HasPrefix(n, ".")) {
			t.Errorf("file name %q", n)
		}
		if strings.HasSuffix(n, ".txt") {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	// -rf.txt -> rf, --help -> help, .hidden.txt -> hidden, b.txt -> b;
	// ".." and "-" fall back to their ids (id-4, id-5), "-.-" to "doc".
	want := "b.txt,doc.txt,help.txt,hidden.txt,id-3.txt,id-4.txt,ok-name.txt,rf.txt"
	if got := strings.Join(names, ","); got != want {
		t.Errorf("names %s\nwant  %s", got, want)
	}
}

var ourTemp = regexp.MustCompile(`\.spanbench-[0-9]+-[0-9a-z]+\.tmp`)

// deadPID returns the id of a process that has ended and been reaped.
func deadPID(t *testing.T) int {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// TestExportCleansStaleTemps: an export removes the temporaries of earlier
// runs whose process is gone, restores a folder a killed swap left under
// its temporary name, and leaves alone a live process's temporaries and
// every name not of its pattern.
func TestExportCleansStaleTemps(t *testing.T) {
	dir := t.TempDir()
	dead := deadPID(t)
	live := os.Getppid()
	mk := func(name string, folder bool) {
		p := filepath.Join(dir, name)
		if folder {
			os.Mkdir(p, 0o755)
			os.WriteFile(filepath.Join(p, "README.md"), []byte(name), 0o644)
		} else {
			os.WriteFile(p, []byte(name), 0o644)
		}
	}
	mk(fmt.Sprintf(".data.jsonl.spanbench-%d-abc.tmp", dead), false)
	mk(fmt.Sprintf(".data.README.md.spanbench-%d-abd.tmp", dead), false)
	mk(fmt.Sprintf(".b.spanbench-%d-abe.tmp", dead), true)
	mk(fmt.Sprintf(".old.spanbench-%d-abf.tmp.old", dead), true) // old is missing: restored
	mk(fmt.Sprintf(".data.jsonl.spanbench-%d-abg.tmp", live), false)
	mk(".data.jsonl.keep.tmp", false)
	mk("notes.spanbench-1-a.tmp", false)
	export(t, dir, "jsonl", format.ExportOptions{}, testBundles()...)
	want := []string{".data.jsonl.keep.tmp", fmt.Sprintf(".data.jsonl.spanbench-%d-abg.tmp", live),
		"data.README.md", "data.jsonl", "notes.spanbench-1-a.tmp", "old"}
	if got := entries(t, dir); !slices.Equal(got, want) {
		t.Errorf("left %v\nwant %v", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "old", "README.md")); !strings.HasPrefix(string(b), ".old.spanbench-") {
		t.Errorf("restored folder holds %q", b)
	}
}

// The kill test: a child process (this test binary) exports, stops at a
// chosen step of the commit and is killed there; the destination must be
// the old export or the new one, never missing or mixed, and the next
// export leaves no temporary behind.

const killEnv = "SPANBENCH_EXPORT_KILL"

// TestExportKillChild is the child: it exports as told by killEnv
// (format, out, step, fallback) and waits at the step to be killed.
func TestExportKillChild(t *testing.T) {
	spec := os.Getenv(killEnv)
	if spec == "" {
		t.Skip("child of TestExportKilled")
	}
	var c struct {
		Format, Out, Step string
		Fallback          bool
	}
	json.Unmarshal([]byte(spec), &c)
	wait := func(step string) {
		if step == c.Step {
			fmt.Printf("at %s\n", step)
			os.Stdout.Sync()
			time.Sleep(time.Minute)
		}
	}
	format.SetStageHookForTest(wait)
	format.SetNoExchangeForTest(c.Fallback)
	opt := format.ExportOptions{Format: c.Format, Out: c.Out, Progress: func(n int) {
		if n == 2 {
			wait("writing")
		}
	}}
	format.Export(ctx, seq(killNew()...), opt)
	fmt.Println("done")
}

// killOld and killNew are the two exports: 3 documents, then 4 (the test
// documents and the plain one again under another name).
func killOld() []annot.Bundle { return testBundles() }
func killNew() []annot.Bundle {
	b := canonical(plainBundle())
	b.Doc.ID = "9d0c7d3e-2b1a-4f5e-8c9d-0a1b2c3d4e5f"
	b.Doc.Meta = map[string]string{"source": "second.txt"}
	return append(testBundles(), b)
}

func TestExportKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	cases := []struct {
		format, step string
		fallback     bool
	}{
		{"jsonl", "writing", false}, {"jsonl", "written", false}, {"jsonl", "data-renamed", false},
		{"brat", "writing", false}, {"brat", "written", false}, {"brat", "exchanged", false},
		{"brat", "old-moved", true},
	}
	for _, c := range cases {
		t.Run(c.format+"/"+c.step, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "data.jsonl")
			if c.format == "brat" {
				out = filepath.Join(dir, "data")
			}
			if _, err := format.Export(ctx, seq(killOld()...), format.ExportOptions{Format: c.format, Out: out}); err != nil {
				t.Fatal(err)
			}
			if c.format == "brat" {
				os.WriteFile(filepath.Join(out, "mine.md"), []byte("mine"), 0o644)
			}
			spec, _ := json.Marshal(map[string]any{"Format": c.format, "Out": out, "Step": c.step, "Fallback": c.fallback})
			cmd := exec.Command(os.Args[0], "-test.run=^TestExportKillChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), killEnv+"="+string(spec))
			stdout, _ := cmd.StdoutPipe()
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(stdout)
			reached := false
			for sc.Scan() {
				if sc.Text() == "at "+c.step {
					reached = true
					break
				}
			}
			cmd.Process.Kill()
			cmd.Wait()
			if !reached {
				t.Fatalf("the child never reached %s", c.step)
			}
			// The destination is the old export or the new one, whole;
			// with the fallback's two renames, a kill between them leaves
			// the old folder under its temporary name for the next export
			// to restore.
			if c.fallback {
				if _, err := os.Stat(out); err == nil {
					t.Errorf("killed between the renames, yet %s is there", out)
				}
			} else {
				docs := killedDocs(t, c.format, out)
				if docs != len(killOld()) && docs != len(killNew()) {
					t.Errorf("after a kill at %s the export has %d documents", c.step, docs)
				}
			}
			// The next export cleans up after the killed one.
			if _, err := format.Export(ctx, seq(killNew()...), format.ExportOptions{Format: c.format, Out: out}); err != nil {
				t.Fatal(err)
			}
			if docs := killedDocs(t, c.format, out); docs != len(killNew()) {
				t.Errorf("the next export has %d documents", docs)
			}
			if c.format == "brat" {
				if b, _ := os.ReadFile(filepath.Join(out, "mine.md")); string(b) != "mine" {
					t.Errorf("the user's file is gone after a kill at %s", c.step)
				}
			}
			for _, e := range entries(t, dir) {
				if ourTemp.MatchString(e) {
					t.Errorf("temporary %s left after the next export", e)
				}
			}
		})
	}
}

// killedDocs counts the documents of the export at out, checking it is
// whole: a jsonl file of complete lines with its card, or a brat folder
// whose manifest's files are all there.
func killedDocs(t *testing.T, f, out string) int {
	t.Helper()
	if f == "jsonl" {
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatalf("the export is missing: %v", err)
		}
		if _, err := os.Stat(strings.TrimSuffix(out, ".jsonl") + ".README.md"); err != nil {
			t.Errorf("no card: %v", err)
		}
		n := 0
		for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			var v map[string]any
			if err := json.Unmarshal([]byte(l), &v); err != nil {
				t.Fatalf("line %d: %v", n+1, err)
			}
			n++
		}
		return n
	}
	man, err := os.ReadFile(filepath.Join(out, ".spanbench-manifest"))
	if err != nil {
		t.Fatalf("the export is missing or has no manifest: %v", err)
	}
	n := 0
	for _, l := range strings.Split(string(man), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if _, err := os.Stat(filepath.Join(out, l)); err != nil {
			t.Errorf("the manifest lists %s, which is missing", l)
		}
		if strings.HasSuffix(l, ".txt") {
			n++
		}
	}
	return n
}
