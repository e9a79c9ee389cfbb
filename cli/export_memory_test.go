package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"spanbench/annot/format"
	"spanbench/store"
)

// exportMemoryBytes is the text of the project BenchmarkExportMemory
// exports: 60 MiB, near the largest text Spanbench imports (issue #11:
// exporting it must peak under four times the text).
const exportMemoryBytes = 60 << 20

// exportMemoryProject makes the benchmark's project once and keeps it in
// the temp folder: spanbench gen --docs 1 --bytes-per-doc 62914560
// --spans-per-doc 20000 --seed 3 (about a minute). It returns the project
// and the text's size in bytes.
func exportMemoryProject(b *testing.B) (string, int) {
	db := filepath.Join(os.TempDir(), "spanbench-bench-export-memory-v1.db")
	if _, err := os.Stat(db); err != nil {
		tmp := db + ".tmp"
		os.Remove(tmp)
		child(b, "gen", "--db", tmp, "--docs", "1", "--bytes-per-doc", fmt.Sprint(exportMemoryBytes),
			"--spans-per-doc", "20000", "--seed", "3")
		for _, side := range []string{"-wal", "-shm"} {
			os.Remove(tmp + side)
		}
		if err := os.Rename(tmp, db); err != nil {
			b.Fatal(err)
		}
	}
	out, _ := child(b, childTextBytes, db)
	n, err := strconv.Atoi(strings.TrimSpace(out))
	if err != nil {
		b.Fatalf("text size: %q", out)
	}
	return db, n
}

// childTextBytes asks the child for the size of a project's texts.
const childTextBytes = "text-bytes"

// child runs a command line in a child process and returns its standard
// output and its peak resident memory in KB. The parent does nothing heavy
// itself (it does not even read the text): Go starts a child with vfork, and
// Linux counts the parent's peak at that moment into the child's maximum
// RSS.
func child(b *testing.B, args ...string) (string, int64) {
	var cmd *exec.Cmd
	if bin := os.Getenv("SPANBENCH_BIN"); bin != "" && args[0] != childTextBytes {
		cmd = exec.Command(bin, args...)
	} else {
		cmd = exec.Command(os.Args[0], "-test.run=^TestExportMemoryChild$")
		cmd.Env = append(os.Environ(), "SPANBENCH_CHILD_ARGS="+strings.Join(args, "\x1f"))
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
}

// BenchmarkExportMemory exports the 60 MiB project in each format in a
// child process and reports its peak resident memory (the kernel's maximum
// RSS, what /usr/bin/time -v calls "Maximum resident set size") and that
// divided by the text's size. The child is the built binary when
// SPANBENCH_BIN is set, else this test binary running the export command.
//
//	go test ./cli -run '^$' -bench 'ExportMemory/(jsonl|doccano|brat|labelstudio|csv)$' -benchtime 1x
func BenchmarkExportMemory(b *testing.B) {
	db, textBytes := exportMemoryProject(b)
	for _, f := range format.ExportFormats() {
		b.Run(f, func(b *testing.B) {
			var peakKB int64
			for b.Loop() {
				out := filepath.Join(b.TempDir(), "out."+f)
				_, kb := child(b, "export", "--db", db, "--format", f, "--out", out)
				peakKB = max(peakKB, kb)
			}
			b.ReportMetric(float64(peakKB), "peak-KB")
			b.ReportMetric(float64(peakKB*1024)/float64(textBytes), "x-text")
		})
	}
}

// TestExportMemoryChild is BenchmarkExportMemory's child process: it runs
// the command line in SPANBENCH_CHILD_ARGS and exits with its status.
func TestExportMemoryChild(t *testing.T) {
	env := os.Getenv("SPANBENCH_CHILD_ARGS")
	if env == "" {
		t.Skip("the child of BenchmarkExportMemory")
	}
	args := strings.Split(env, "\x1f")
	if args[0] == childTextBytes {
		s, err := store.OpenReadOnly(args[1])
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for b, err := range s.Bundles(context.Background(), store.ExportFilter{}) {
			if err != nil {
				t.Fatal(err)
			}
			n += len(b.Doc.Text)
		}
		fmt.Println(n)
		os.Exit(0)
	}
	os.Exit(Run(args, os.Stdout, os.Stderr, nil))
}
