package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"spanbench/annot"
	"spanbench/annot/synth"
)

// The crash test runs the real store code in a child process (this test
// binary, re-executed with TestCrashChild), which edits a project as fast
// as it can and prints "ok ID" after each action commits. The parent kills
// it with SIGKILL at a random moment, then checks the project: SQLite's
// integrity check, every reported action present, and nothing
// half-applied (Store.Check: no span without its document, no relation to
// a missing span, no edit-log entry whose effect is missing or different).

const crashEnv = "SPANBENCH_CRASH_CHILD"

func TestCrashSafety(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("in the child")
	}
	rounds := 24
	if testing.Short() {
		rounds = 6
	}
	db := filepath.Join(t.TempDir(), "crash.db")
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 6))
	reported := map[int64]bool{}
	kills := map[string]int{}
	for round := 0; round < rounds; round++ {
		// Mostly kill mid-stream; now and then very early (while the
		// project is being created or opened) or late (in a long import).
		delay := time.Duration(30+r.IntN(400)) * time.Millisecond
		if round == 0 || r.IntN(6) == 0 {
			delay = time.Duration(r.IntN(40)) * time.Millisecond
		}
		ids, lastLine := runCrashChild(t, db, round, delay)
		for _, id := range ids {
			reported[id] = true
		}
		kills[lastLine]++
		s, err := Open(db)
		if err != nil {
			if round == 0 && len(ids) == 0 {
				// Killed before the project existed: the file may be empty or
				// absent, never half-created; Open makes it now.
				t.Fatalf("round %d: open after a kill during creation: %v", round, err)
			}
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		problems, err := s.Check(ctx)
		if err != nil {
			t.Fatalf("round %d: check: %v", round, err)
		}
		for _, p := range problems {
			t.Errorf("round %d: %s", round, p)
		}
		var ok string
		if err := s.db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
			t.Errorf("round %d: integrity_check = %q, %v", round, ok, err)
		}
		missing := 0
		for id := range reported {
			var n int
			if err := s.db.QueryRow(`SELECT count(*) FROM actions WHERE id = ?`, id).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				missing++
			}
		}
		if missing > 0 {
			t.Errorf("round %d: %d actions reported committed are missing", round, missing)
		}
		labels, err := s.Labels(ctx)
		if err != nil || len(labels) < len(annot.DefaultLabels()) {
			t.Errorf("round %d: %d labels, %v", round, len(labels), err)
		}
		s.Close()
		if t.Failed() {
			t.FailNow()
		}
	}
	s, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var actions, spans, docs int
	s.db.QueryRow(`SELECT count(*) FROM actions`).Scan(&actions)
	s.db.QueryRow(`SELECT count(*) FROM spans`).Scan(&spans)
	s.db.QueryRow(`SELECT count(*) FROM documents`).Scan(&docs)
	t.Logf("%d rounds: %d actions reported, %d in the log, %d documents, %d spans; killed during: %v", rounds, len(reported), actions, docs, spans, kills)
	// A guard against a test that kills the child before it writes. At a
	// load average of 15 (two cores) a child commits 15-20 actions a round
	// and 60-100 on an idle machine.
	if len(reported) < 5*rounds {
		t.Errorf("only %d actions in %d rounds: the child hardly ran", len(reported), rounds)
	}
}

// runCrashChild starts the child on db, kills it after delay and returns
// the action ids it reported and what it was doing when killed.
func runCrashChild(t *testing.T, db string, round int, delay time.Duration) ([]int64, string) {
	t.Helper()
	cmd, lines := startChild(t, "TestCrashChild", crashEnv+"="+db, "SPANBENCH_CRASH_SEED="+strconv.Itoa(round))
	var ids []int64
	last := "start"
	// The delay counts from the child's first line ("doing open"), not from
	// exec: starting a test binary takes from a few to hundreds of
	// milliseconds depending on the machine's load, which would otherwise
	// decide how far the child gets.
	var timer <-chan time.Time
	killed := false
	for !killed {
		select {
		case l, ok := <-lines:
			if !ok {
				cmd.Wait()
				t.Fatalf("round %d: the child stopped by itself after %q", round, last)
			}
			ids, last = parseChildLine(t, l, ids, last)
			if timer == nil && last == "open" {
				timer = time.After(delay)
			}
		case <-timer:
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true
		}
	}
	// Lines already written before the kill are reported commits too.
	for l := range lines {
		ids, last = parseChildLine(t, l, ids, last)
	}
	cmd.Wait()
	return ids, last
}

func parseChildLine(t *testing.T, l string, ids []int64, last string) ([]int64, string) {
	f := strings.Fields(l)
	switch {
	case len(f) == 3 && f[0] == "ok":
		id, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			t.Fatalf("child line %q", l)
		}
		return append(ids, id), f[2]
	case len(f) >= 1 && f[0] == "doing":
		return ids, strings.Join(f[1:], " ")
	}
	return ids, last // test framework output
}

// TestCrashChild is the child of TestCrashSafety; it runs only when that
// test starts it.
func TestCrashChild(t *testing.T) {
	db := os.Getenv(crashEnv)
	if db == "" {
		t.Skip("started by TestCrashSafety")
	}
	seed, _ := strconv.Atoi(os.Getenv("SPANBENCH_CRASH_SEED"))
	r := rand.New(rand.NewPCG(uint64(seed), uint64(time.Now().UnixNano())))
	say := func(format string, args ...any) {
		// One write per line, unbuffered: what is printed is out of the
		// process before the next action starts.
		os.Stdout.WriteString(fmt.Sprintf(format, args...) + "\n")
	}
	say("doing open")
	s, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	c := &crashChild{s: s, r: r, ctx: context.Background(), seed: uint64(seed)}
	if err := c.listDocs(); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		op, id, err := c.step()
		switch {
		case err == nil && id != 0:
			say("ok %d %s", id, op)
		case err == nil:
		case annot.KindOf(err) == annot.KindConflict || annot.KindOf(err) == annot.KindNotFound:
			// Undo with nothing to undo, a relation that exists already...
		default:
			t.Fatalf("%s: %v", op, err)
		}
	}
}

type crashChild struct {
	s    *Store
	r    *rand.Rand
	ctx  context.Context
	seed uint64
	docs []string
	n    int
}

var layerLabels = map[annot.Layer][]string{
	annot.LayerQuote:  {"QUOTE"},
	annot.LayerClaim:  {"CLAIM"},
	annot.LayerEntity: {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "MISC"},
	annot.LayerCue:    {"CUE"},
}

// step makes one random action and returns what it was and the id of its
// entry in the edit log (0: nothing to do).
func (c *crashChild) step() (string, int64, error) {
	os.Stdout.WriteString("doing edit\n")
	if len(c.docs) == 0 || c.r.IntN(40) == 0 {
		return c.importDocs()
	}
	doc := c.docs[c.r.IntN(len(c.docs))]
	switch k := c.r.IntN(20); {
	case k < 7:
		return c.create(doc)
	case k < 10:
		return c.relabel(doc)
	case k < 13:
		return c.delete(doc)
	case k < 16:
		return c.link(doc)
	case k < 18:
		a, err := c.s.Undo(c.ctx, "crash")
		return "undo", a.ID, err
	case k < 19:
		a, err := c.s.Redo(c.ctx, "crash")
		return "redo", a.ID, err
	default:
		res, err := c.s.Apply(c.ctx, "crash", doc, "status", Change{Status: annot.Statuses[c.r.IntN(3)]})
		return "status", res.ActionID, err
	}
}

func (c *crashChild) importDocs() (string, int64, error) {
	// Now and then a long import, so that kills land inside one.
	n := 1 + c.r.IntN(3)
	if c.r.IntN(4) == 0 {
		n = 100 + c.r.IntN(200)
	}
	os.Stdout.WriteString("doing import\n")
	base := c.r.IntN(1 << 30)
	src := func(yield func(annot.Bundle, error) bool) {
		for i := 0; i < n; i++ {
			b := synth.Doc(base+i, synth.Options{Seed: c.seed, SpansPerDoc: 8, TextBytes: 1500})
			b.Doc.ID = "" // fresh ids: a text may come back with another seed
			if !yield(b, nil) {
				return
			}
		}
	}
	rep, err := c.s.Import(c.ctx, "crash", src, ImportOptions{Summary: fmt.Sprintf("crash import %d", n)})
	if err != nil {
		return "import", 0, err
	}
	c.docs = append(c.docs, rep.DocIDs...)
	if rep.Documents == 0 {
		return "import", 0, nil
	}
	return "import", rep.ActionID, nil
}

func (c *crashChild) listDocs() error {
	docs, err := c.s.ListDocuments(c.ctx, DocFilter{})
	for _, d := range docs {
		c.docs = append(c.docs, d.ID)
	}
	return err
}

func (c *crashChild) bundle(doc string) (annot.Bundle, *annot.Index, error) {
	b, err := c.s.Bundle(c.ctx, doc)
	if err != nil {
		return b, nil, err
	}
	return b, annot.NewIndex(b.Doc.Text), nil
}

func (c *crashChild) create(doc string) (string, int64, error) {
	b, ix, err := c.bundle(doc)
	if err != nil {
		return "create", 0, err
	}
	var ch Change
	for k := 1 + c.r.IntN(3); k > 0; k-- {
		start := ix.SnapGrapheme(c.r.IntN(ix.Len()), false)
		end := ix.SnapGrapheme(min(ix.Len(), start+1+c.r.IntN(40)), true)
		if start >= end {
			continue
		}
		layer := annot.SpanLayers[c.r.IntN(len(annot.SpanLayers))]
		labels := layerLabels[layer]
		ch.Create = append(ch.Create, annot.Span{Start: start, End: end, Layer: layer, Label: labels[c.r.IntN(len(labels))],
			Note: fmt.Sprintf("crash %d", c.n)})
		c.n++
	}
	if len(ch.Create) == 0 {
		return "create", 0, nil
	}
	_ = b
	res, err := c.s.Apply(c.ctx, "crash", doc, "create", ch)
	return "create", res.ActionID, err
}

func (c *crashChild) relabel(doc string) (string, int64, error) {
	b, _, err := c.bundle(doc)
	if err != nil || len(b.Spans) == 0 {
		return "relabel", 0, err
	}
	sp := b.Spans[c.r.IntN(len(b.Spans))]
	labels := layerLabels[sp.Layer]
	sp.Label = labels[c.r.IntN(len(labels))]
	sp.Attrs = map[string]string{"round": strconv.Itoa(c.n)}
	c.n++
	res, err := c.s.Apply(c.ctx, "crash", doc, "relabel", Change{Update: []annot.Span{sp}})
	return "relabel", res.ActionID, err
}

func (c *crashChild) delete(doc string) (string, int64, error) {
	b, _, err := c.bundle(doc)
	if err != nil || len(b.Spans) == 0 {
		return "delete", 0, err
	}
	ch := Change{Delete: []string{b.Spans[c.r.IntN(len(b.Spans))].ID}}
	if len(b.Relations) > 0 && c.r.IntN(2) == 0 {
		r := b.Relations[c.r.IntN(len(b.Relations))]
		if r.From != ch.Delete[0] && r.To != ch.Delete[0] {
			ch.Unlink = []string{r.ID}
		}
	}
	res, err := c.s.Apply(c.ctx, "crash", doc, "delete", ch)
	return "delete", res.ActionID, err
}

func (c *crashChild) link(doc string) (string, int64, error) {
	b, _, err := c.bundle(doc)
	if err != nil {
		return "link", 0, err
	}
	var quotes, entities []annot.Span
	for _, sp := range b.Spans {
		switch sp.Layer {
		case annot.LayerQuote:
			quotes = append(quotes, sp)
		case annot.LayerEntity:
			entities = append(entities, sp)
		}
	}
	if len(entities) < 2 {
		return "link", 0, nil
	}
	r := annot.Relation{Label: annot.RelSameAs, From: entities[0].ID, To: entities[1+c.r.IntN(len(entities)-1)].ID}
	if len(quotes) > 0 && c.r.IntN(2) == 0 {
		r = annot.Relation{Label: annot.RelSpeaker, From: quotes[c.r.IntN(len(quotes))].ID, To: entities[c.r.IntN(len(entities))].ID}
	}
	res, err := c.s.Apply(c.ctx, "crash", doc, "link", Change{Link: []annot.Relation{r}})
	if errors.Is(err, annot.ErrInvalid) {
		return "link", 0, nil
	}
	return "link", res.ActionID, err
}
