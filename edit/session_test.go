package edit

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/suggest"
	"spanbench/store"
)

var ctx = context.Background()

// text is ASCII, so the offsets strings.Index gives are code points.
const text = `Ann Lee said: "We will come back soon," at the briefing. Bob Ray agreed, Ann Lee added.`

type fixture struct {
	t   *testing.T
	st  *store.Store
	s   *Session
	doc string
}

func newFixture(t *testing.T, as Assistant) *fixture {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	rep, err := st.Import(ctx, "import", func(yield func(annot.Bundle, error) bool) {
		yield(annot.Bundle{Doc: annot.Document{Title: "t", Text: text, Status: annot.StatusTodo}}, nil)
	}, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, st: st, s: New(st, "ana", as), doc: rep.DocIDs[0]}
	if err := f.s.Open(ctx, f.doc); err != nil {
		t.Fatal(err)
	}
	return f
}

// at returns the extent of the n-th (0-based) occurrence of sub in text.
func at(sub string, n int) (int, int) {
	i := -1
	for k := 0; k <= n; k++ {
		j := strings.Index(text[i+1:], sub)
		if j < 0 {
			panic(sub)
		}
		i += j + 1
	}
	return i, i + len(sub)
}

func label(name string) annot.Label {
	for _, l := range annot.DefaultLabels() {
		if l.Name == name {
			return l
		}
	}
	panic(name)
}

// add makes the n-th sub a span of label name, with nothing selected.
func (f *fixture) add(name, sub string, n int) annot.Span {
	f.t.Helper()
	f.s.Select("")
	s, e := at(sub, n)
	out, err := f.s.ApplyLabel(ctx, label(name), s, e)
	if err != nil || len(out.Result.Spans) != 1 {
		f.t.Fatalf("add %s %q: %+v, %v", name, sub, out, err)
	}
	return out.Result.Spans[0]
}

// stored is the document as the project has it.
func (f *fixture) stored() annot.Bundle {
	f.t.Helper()
	b, err := f.st.Bundle(ctx, f.doc)
	if err != nil {
		f.t.Fatal(err)
	}
	return b
}

// same checks that the session's document is the stored one: it was
// kept up to date from the actions' results alone.
func (f *fixture) same() {
	f.t.Helper()
	b := f.stored()
	d := f.s.Doc()
	ids := func(spans []annot.Span) []string {
		var out []string
		for _, sp := range spans {
			out = append(out, sp.ID+sp.Label+string(sp.Layer)+sp.Note+fmtPieces(sp)+fmtAttrs(sp.Attrs))
		}
		return out
	}
	if got, want := ids(d.Spans()), ids(b.Spans); !slices.Equal(got, want) {
		f.t.Errorf("session's spans %v, stored %v", got, want)
	}
	rels := func(rs []annot.Relation) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ID+r.Label+r.From+r.To)
		}
		slices.Sort(out)
		return out
	}
	if got, want := rels(d.Relations()), rels(b.Relations); !slices.Equal(got, want) {
		f.t.Errorf("session's relations %v, stored %v", got, want)
	}
	if d.Info.Status != b.Doc.Status {
		f.t.Errorf("session's status %q, stored %q", d.Info.Status, b.Doc.Status)
	}
	var c annot.LayerCounts
	for _, sp := range b.Spans {
		c.Add(sp.Layer, 1)
	}
	if d.Info.Counts != c {
		f.t.Errorf("session's counts %+v, stored %+v", d.Info.Counts, c)
	}
}

func fmtPieces(sp annot.Span) string {
	var b strings.Builder
	for _, p := range sp.Pieces() {
		b.WriteString("[" + itoa(p.Start) + "," + itoa(p.End) + ")")
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

func fmtAttrs(m map[string]string) string {
	keys := slices.Sorted(maps.Keys(m))
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k + "=" + m[k] + ";")
	}
	return b.String()
}

func TestSessionImportsNoFyne(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "fyne.io/") || p == "spanbench/app" {
			t.Errorf("package edit depends on %s", p)
		}
	}
}

func TestIntents(t *testing.T) {
	tests := []struct {
		name string
		// run does the intent on a fresh document and checks what it
		// returned; the stored state is then checked against the
		// session's, and by check.
		run   func(f *fixture) (Outcome, error)
		err   error // wanted error (errors.Is); nil: none
		check func(t *testing.T, f *fixture, b annot.Bundle)
	}{
		{
			name: "apply label makes a span, selects it, puts the document in progress",
			run: func(f *fixture) (Outcome, error) {
				s, e := at("Ann Lee", 0)
				return f.s.ApplyLabel(ctx, label("PERSON"), s, e)
			},
			check: func(t *testing.T, f *fixture, b annot.Bundle) {
				if len(b.Spans) != 1 || b.Spans[0].Label != "PERSON" || b.Spans[0].Annotator != "ana" {
					t.Errorf("spans %+v", b.Spans)
				}
				if b.Doc.Status != annot.StatusInProgress {
					t.Errorf("status %q, want in progress (annot.StatusAfterEdit)", b.Doc.Status)
				}
				if f.s.SelectedID() != b.Spans[0].ID {
					t.Errorf("selected %q", f.s.SelectedID())
				}
			},
		},
		{
			name: "apply label trims white space",
			run: func(f *fixture) (Outcome, error) {
				s, e := at(" Bob Ray ", 0)
				return f.s.ApplyLabel(ctx, label("PERSON"), s, e)
			},
			check: func(t *testing.T, f *fixture, b annot.Bundle) {
				if s, e := at("Bob Ray", 0); len(b.Spans) != 1 || b.Spans[0].Start != s || b.Spans[0].End != e {
					t.Errorf("spans %+v, want %d-%d", b.Spans, s, e)
				}
			},
		},
		{
			name: "apply label on labelled text selects the span, no second one",
			run: func(f *fixture) (Outcome, error) {
				sp := f.add("PERSON", "Ann Lee", 0)
				f.s.Select("")
				s, e := at("Ann Lee", 0)
				out, err := f.s.ApplyLabel(ctx, label("PERSON"), s, e)
				if f.s.SelectedID() != sp.ID || out.Saved() {
					t.Errorf("selected %q, saved %v", f.s.SelectedID(), out.Saved())
				}
				return out, err
			},
			check: func(t *testing.T, f *fixture, b annot.Bundle) {
				if len(b.Spans) != 1 {
					t.Errorf("%d spans, want 1", len(b.Spans))
				}
			},
		},
		{
			name: "apply label without text",
			run: func(f *fixture) (Outcome, error) {
				s, _ := at("said", 0)
				return f.s.ApplyLabel(ctx, label("PERSON"), s, s)
			},
			err: ErrNoText,
		},
		{
			name: "apply label on the selected span relabels it",
			run: func(f *fixture) (Outcome, error) {
				sp := f.add("PERSON", "Ann Lee", 0)
				return f.s.ApplyLabel(ctx, label("ORG"), sp.Start, sp.Start)
			},
			check: func(t *testing.T, f *fixture, b annot.Bundle) {
				if len(b.Spans) != 1 || b.Spans[0].Label != "ORG" {
					t.Errorf("spans %+v", b.Spans)
				}
			},
		},
		{
			name: "relabel a quote to a claim: SPEAKER becomes CLAIMANT, kind goes",
			run: func(f *fixture) (Outcome, error) {
				q := f.add("QUOTE", `"We will come back soon,"`, 0)
				e := f.add("PERSON", "Ann Lee", 0)
				mustOK(f.s.SetSpeaker(ctx, q.ID, e.ID))
				mustOK(f.s.SetAttr(ctx, q.ID, annot.AttrKind, "direct"))
				out, err := f.s.Relabel(ctx, q.ID, label("CLAIM"))
				if out.Dropped != 0 {
					t.Errorf("dropped %d links, want 0", out.Dropped)
				}
				return out, err
			},
			check: func(t *testing.T, f *fixture, b annot.Bundle) {
				if len(b.Relations) != 1 || b.Relations[0].Label != annot.RelClaimant {
					t.Errorf("relations %+v, want one CLAIMANT", b.Relations)
				}
				for _, sp := range b.Spans {
					if sp.Layer == annot.LayerClaim && len(sp.Attrs) != 0 {
						t.Errorf("claim keeps attributes %v", sp.Attrs)
					}
				}
			},
		},
		{
			name: "relabel a quote to an entity drops its speaker",
			run: func(f *fixture) (Outcome, error) {
				q := f.add("QUOTE", `"We will come back soon,"`, 0)
				e := f.add("PERSON", "Ann Lee", 0)
				mustOK(f.s.SetSpeaker(ctx, q.ID, e.ID))
				out, err := f.s.Relabel(ctx, q.ID, label("MISC"))
				if out.Dropped != 1 {
					t.Errorf("dropped %d links, want 1", out.Dropped)
				}
				return out, err
			},
			check: noRelations,
		},
		{
			name: "delete takes the span's links with it",
			run: func(f *fixture) (Outcome, error) {
				q := f.add("QUOTE", `"We will come back soon,"`, 0)
				e := f.add("PERSON", "Ann Lee", 0)
				e2 := f.add("PERSON", "Ann Lee", 1)
				mustOK(f.s.SetSpeaker(ctx, q.ID, e.ID))
				mustOK(f.s.Relate(ctx, annot.RelSameAs, e2.ID, e.ID))
				f.s.Select(e.ID)
				out, err := f.s.Delete(ctx, e.ID)
				if len(out.Result.DeletedRelations) != 2 || !slices.Contains(out.Touched, q.ID) {
					t.Errorf("deleted relations %v, touched %v; want both links, the quote redrawn", out.Result.DeletedRelations, out.Touched)
				}
				if f.s.SelectedID() != "" {
					t.Errorf("the deleted span is still selected")
				}
				return out, err
			},
			check: func(t *testing.T, f *fixture, b annot.Bundle) {
				if len(b.Spans) != 2 || len(b.Relations) != 0 {
					t.Errorf("%d spans, %d relations; want 2, 0", len(b.Spans), len(b.Relations))
				}
			},
		},
		{
			name: "add fragment",
			run: func(f *fixture) (Outcome, error) {
				f.add("QUOTE", `"We will come back soon,"`, 0)
				s, e := at("at the briefing", 0)
				return f.s.AddFragment(ctx, s, e)
			},
			check: func(t *testing.T, f *fixture, b annot.Bundle) {
				if len(b.Spans) != 1 || len(b.Spans[0].Fragments) != 2 {
					t.Errorf("spans %+v, want one in two pieces", b.Spans)
				}
			},
		},
		{
			name: "add fragment inside the span adds nothing",
			run: func(f *fixture) (Outcome, error) {
				f.add("QUOTE", `"We will come back soon,"`, 0)
				s, e := at("come", 0)
				return f.s.AddFragment(ctx, s, e)
			},
			err: ErrInSpan,
		},
		{
			name: "add fragment without a selected span",
			run: func(f *fixture) (Outcome, error) {
				s, e := at("come", 0)
				return f.s.AddFragment(ctx, s, e)
			},
			err: ErrNoSpan,
		},
		{
			name: "set speaker replaces the speaker, then none",
			run: func(f *fixture) (Outcome, error) {
				q := f.add("QUOTE", `"We will come back soon,"`, 0)
				e := f.add("PERSON", "Ann Lee", 0)
				e2 := f.add("PERSON", "Bob Ray", 0)
				mustOK(f.s.SetSpeaker(ctx, q.ID, e.ID))
				out, err := f.s.SetSpeaker(ctx, q.ID, e2.ID)
				if err != nil {
					return out, err
				}
				if b := f.stored(); len(b.Relations) != 1 || b.Relations[0].To != e2.ID {
					t.Errorf("relations %+v, want Bob only", b.Relations)
				}
				if again, err := f.s.SetSpeaker(ctx, q.ID, e2.ID); err != nil || again.Saved() {
					t.Errorf("the same speaker again saved %v, %v", again.Saved(), err)
				}
				return f.s.SetSpeaker(ctx, q.ID, "")
			},
			check: noRelations,
		},
		{
			name: "relate twice",
			run: func(f *fixture) (Outcome, error) {
				e := f.add("PERSON", "Ann Lee", 0)
				e2 := f.add("PERSON", "Ann Lee", 1)
				mustOK(f.s.Relate(ctx, annot.RelSameAs, e2.ID, e.ID))
				return f.s.Relate(ctx, annot.RelSameAs, e2.ID, e.ID)
			},
			err: ErrExists,
		},
		{
			name: "relate against the layer rule stores nothing",
			run: func(f *fixture) (Outcome, error) {
				q := f.add("QUOTE", `"We will come back soon,"`, 0)
				e := f.add("PERSON", "Ann Lee", 0)
				return f.s.Relate(ctx, annot.RelSameAs, q.ID, e.ID)
			},
			err:   annot.ErrInvalid,
			check: noRelations,
		},
		{
			name: "unlink",
			run: func(f *fixture) (Outcome, error) {
				e := f.add("PERSON", "Ann Lee", 0)
				e2 := f.add("PERSON", "Ann Lee", 1)
				out := mustOK(f.s.Relate(ctx, "SAME_AS", e2.ID, e.ID))
				return f.s.Unlink(ctx, out.Result.Relations[0].ID)
			},
			check: noRelations,
		},
		{
			name: "set and remove an attribute",
			run: func(f *fixture) (Outcome, error) {
				q := f.add("QUOTE", `"We will come back soon,"`, 0)
				mustOK(f.s.SetAttr(ctx, q.ID, annot.AttrKind, "direct"))
				mustOK(f.s.SetAttr(ctx, q.ID, "source", "x"))
				return f.s.SetAttr(ctx, q.ID, annot.AttrKind, "")
			},
			check: func(t *testing.T, f *fixture, b annot.Bundle) {
				if !maps.Equal(b.Spans[0].Attrs, map[string]string{"source": "x"}) {
					t.Errorf("attrs %v", b.Spans[0].Attrs)
				}
			},
		},
		{
			name: "set note",
			run: func(f *fixture) (Outcome, error) {
				q := f.add("QUOTE", `"We will come back soon,"`, 0)
				return f.s.SetNote(ctx, q.ID, "check the video")
			},
			check: func(t *testing.T, f *fixture, b annot.Bundle) {
				if b.Spans[0].Note != "check the video" {
					t.Errorf("note %q", b.Spans[0].Note)
				}
			},
		},
		{
			name: "set status done from todo stays done",
			run: func(f *fixture) (Outcome, error) {
				return f.s.SetStatus(ctx, annot.StatusDone)
			},
			check: func(t *testing.T, f *fixture, b annot.Bundle) {
				if b.Doc.Status != annot.StatusDone {
					t.Errorf("status %q", b.Doc.Status)
				}
			},
		},
		{
			name: "undo and redo",
			run: func(f *fixture) (Outcome, error) {
				q := f.add("QUOTE", `"We will come back soon,"`, 0)
				mustOK(f.s.Delete(ctx, q.ID))
				if _, err := f.s.Undo(ctx); err != nil {
					return Outcome{}, err
				}
				f.same()
				if len(f.s.Doc().Spans()) != 1 {
					t.Errorf("undo of the delete: %d spans", len(f.s.Doc().Spans()))
				}
				_, err := f.s.Redo(ctx)
				return Outcome{}, err
			},
			check: func(t *testing.T, f *fixture, b annot.Bundle) {
				if len(b.Spans) != 0 {
					t.Errorf("after redo %d spans", len(b.Spans))
				}
			},
		},
		{
			name: "next span wraps",
			run: func(f *fixture) (Outcome, error) {
				a := f.add("PERSON", "Ann Lee", 0)
				b := f.add("PERSON", "Bob Ray", 0)
				f.s.Select(a.ID)
				if sp, _ := f.s.NextSpan(false, 0, true); sp.ID != b.ID {
					t.Errorf("next of Ann is %q", sp.ID)
				}
				if sp, _ := f.s.NextSpan(false, 0, true); sp.ID != a.ID {
					t.Errorf("next of Bob does not wrap to Ann")
				}
				if sp, _ := f.s.NextSpan(true, 0, false); sp.ID != b.ID {
					t.Errorf("back from the caret at 0 is not the last span")
				}
				return Outcome{}, nil
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.t = t
			_, err := tt.run(f)
			if tt.err == nil && err != nil {
				t.Fatal(err)
			}
			if tt.err != nil && !errors.Is(err, tt.err) {
				t.Fatalf("error %v, want %v", err, tt.err)
			}
			f.same()
			if tt.check != nil {
				tt.check(t, f, f.stored())
			}
		})
	}
}

// mustOK returns an intent's outcome; an error there is a broken test
// set-up, not the behaviour under test.
func mustOK(out Outcome, err error) Outcome {
	if err != nil {
		panic(err)
	}
	return out
}

func TestStep(t *testing.T) {
	f := newFixture(t, nil)
	ids := []string{"a", f.doc, "c"}
	tests := []struct {
		delta int
		want  string
		ok    bool
	}{{1, "c", true}, {-1, "a", true}, {2, "", false}, {-2, "", false}}
	for _, tt := range tests {
		if got, ok := f.s.Step(ids, tt.delta); got != tt.want || ok != tt.ok {
			t.Errorf("step %d: %q %v, want %q %v", tt.delta, got, ok, tt.want, tt.ok)
		}
	}
}

// fakeAssistant suggests every "Ann Lee" as a PERSON; its rejections are
// the store's (an action of the edit log, as Suggester's).
type fakeAssistant struct{ Suggester }

func (fakeAssistant) Suggest(ctx context.Context, st *store.Store, b annot.Bundle, ix *annot.Index) ([]suggest.Suggestion, []suggest.Finding, error) {
	rej, err := st.RejectedSuggestions(ctx, b.Doc.ID)
	if err != nil {
		return nil, nil, err
	}
	var out []suggest.Suggestion
	for i := 0; i < 2; i++ {
		s, e := at("Ann Lee", i)
		key := "entity/PERSON/" + itoa(s)
		if rej[key] {
			continue
		}
		sp := annot.Span{ID: annot.DerivedID(b.Doc.ID, key), Start: s, End: e, Layer: annot.LayerEntity, Label: "PERSON"}
		out = append(out, suggest.Suggestion{Key: key, Layer: annot.LayerEntity, Label: "PERSON", Start: s, End: e, Spans: []annot.Span{sp}})
	}
	return out, nil, nil
}

// run does one background run of the assistant, as the window's worker
// would.
func run(t *testing.T, s *Session) {
	t.Helper()
	job, gen, ok := s.SuggestJob()
	if !ok {
		t.Fatal("nothing to run")
	}
	sgs, lints, err := job()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.TakeSuggestions(gen, sgs, lints); !ok {
		t.Fatal("suggestions dropped")
	}
}

func TestAcceptRejectUndo(t *testing.T) {
	f := newFixture(t, fakeAssistant{})
	run(t, f.s)
	if n := len(f.s.Suggestions()); n != 2 {
		t.Fatalf("%d suggestions, want 2", n)
	}
	first, second := f.s.Suggestions()[0], f.s.Suggestions()[1]
	// Next from the caret, then on, wrapping; back from none selected is
	// the last one before the caret.
	if sg, _ := f.s.NextSuggestion(false, 0); sg.Key != first.Key {
		t.Errorf("next from the start is %q, want %q", sg.Key, first.Key)
	}
	if sg, _ := f.s.NextSuggestion(false, 0); sg.Key != second.Key {
		t.Errorf("next is %q, want %q", sg.Key, second.Key)
	}
	if sg, _ := f.s.NextSuggestion(false, 0); sg.Key != first.Key {
		t.Errorf("next does not wrap: %q", sg.Key)
	}
	f.s.SelectSuggestion("")
	if sg, _ := f.s.NextSuggestion(true, len(text)); sg.Key != second.Key {
		t.Errorf("back from the end is %q, want %q", sg.Key, second.Key)
	}
	f.s.SelectSuggestion(first.Key)
	mustOK(f.s.Accept(ctx, first))
	f.same()
	if got := f.s.SelectedKey(); got != second.Key {
		t.Errorf("after accept selected %q, want the next %q", got, second.Key)
	}
	if b := f.stored(); len(b.Spans) != 1 || b.Doc.Status != annot.StatusInProgress {
		t.Fatalf("accept stored %d spans, status %q", len(b.Spans), b.Doc.Status)
	}
	if _, err := f.s.Reject(ctx, second); err != nil {
		t.Fatal(err)
	}
	if len(f.s.Suggestions()) != 0 {
		t.Fatalf("rejected suggestion still proposed")
	}
	// Undo of the rejection survives a restart: a new session on the
	// project opened again takes it back, then the accept.
	path := f.st.Path()
	f.st.Close()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f.st, f.s = st, New(st, "ana", fakeAssistant{})
	if err := f.s.Open(ctx, f.doc); err != nil {
		t.Fatal(err)
	}
	a, err := f.s.Undo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Action.Rejections, []string{second.Key}) || f.s.SelectedKey() != second.Key {
		t.Errorf("undo %+v selected %q; want the rejection of %s taken back and selected", a, f.s.SelectedKey(), second.Key)
	}
	run(t, f.s)
	if sg, ok := f.s.SelectedSuggestion(); !ok || sg.Key != second.Key {
		t.Errorf("the suggestion back is not selected")
	}
	if _, err := f.s.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	f.same()
	if b := f.stored(); len(b.Spans) != 0 {
		t.Errorf("second undo left %d spans", len(b.Spans))
	}
}

// TestSuggesterBuildsOnPeopleOnly: the window's suggester and spanbench
// suggest --apply (store.PendingSuggestions) see the same evidence, so a
// span suggest --apply saved is not proposed again in the window.
func TestSuggesterBuildsOnPeopleOnly(t *testing.T) {
	f := newFixture(t, Suggester{})
	run(t, f.s)
	before := len(f.s.Suggestions())
	if before == 0 {
		t.Skip("no suggestions on the test text")
	}
	opt, err := f.st.ProjectSuggestOptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.SuggestAll(ctx, store.SuggestRun{Options: opt, Apply: true}); err != nil {
		t.Fatal(err)
	}
	if err := f.s.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	run(t, f.s)
	if n := len(f.s.Suggestions()); n != 0 {
		t.Errorf("%d suggestions after suggest --apply saved them all: %v", n, f.s.Suggestions())
	}
}

// TestIntentWaitsOffTheCaller: while another connection holds the
// project's write lock (BEGIN IMMEDIATE), an intent returns at once with
// Outcome.Waiting and hands the action to Later; further intents are
// refused (ErrWaiting) rather than reordered; once the lock is released the
// action lands, and the session takes it in on the caller's side (show).
func TestIntentWaitsOffTheCaller(t *testing.T) {
	f := newFixture(t, nil)
	var queued []func() func()
	f.s.Later = func(work func() func()) { queued = append(queued, work) }
	var applied []Outcome
	f.s.OnApplied = func(out Outcome, err error) {
		if err != nil {
			t.Errorf("the waiting action failed: %v", err)
		}
		applied = append(applied, out)
	}
	release := holdWriteLock(t, f.st.Path())
	s, e := at("Ann Lee", 0)
	out, err := f.s.ApplyLabel(ctx, label("PERSON"), s, e)
	// Back here with the lock still held (released only below).
	if err != nil || !out.Waiting || out.Saved() || len(queued) != 1 {
		t.Fatalf("under a held lock: %+v, %v, %d queued; want waiting, one queued", out, err, len(queued))
	}
	if _, err := f.s.ApplyLabel(ctx, label("PERSON"), s, e); !errors.Is(err, ErrWaiting) {
		t.Errorf("second intent while waiting: %v, want ErrWaiting", err)
	}
	release()
	show := queued[0]()
	if len(f.stored().Spans) != 1 {
		t.Fatalf("after the release the action did not land")
	}
	if len(f.s.Doc().Spans()) != 0 || len(applied) != 0 {
		t.Fatal("the session changed before show ran on its side")
	}
	show()
	if len(applied) != 1 || !applied[0].Saved() || f.s.Waiting() {
		t.Fatalf("OnApplied %+v, waiting %v", applied, f.s.Waiting())
	}
	f.same()
	if sp, ok := f.s.Selected(); !ok || sp.Start != s {
		t.Errorf("the new span is not selected after the wait")
	}
}

// noRelations is the check of a case that leaves the document without
// relations.
func noRelations(t *testing.T, _ *fixture, b annot.Bundle) {
	t.Helper()
	if len(b.Relations) != 0 {
		t.Errorf("relations %+v, want none", b.Relations)
	}
}

// holdWriteLock takes the project's write lock (BEGIN IMMEDIATE) from a
// second connection, as another process writing would; release commits.
func holdWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	other, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	return func() {
		t.Helper()
		if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWriteWaitsLikeAnIntent: a caller's own write (the window's label
// set, its guidelines) under a held write lock goes to Later as an intent
// does and is ordered with the intents: while it waits, an intent and a
// second write are refused with ErrWaiting, writing nothing; once the lock
// is released it lands, and done runs on the caller's side (show).
func TestWriteWaitsLikeAnIntent(t *testing.T) {
	f := newFixture(t, nil)
	var queued []func() func()
	f.s.Later = func(work func() func()) { queued = append(queued, work) }
	release := holdWriteLock(t, f.st.Path())
	var done []error
	save := func(ctx context.Context) error { return f.st.SetSetting(ctx, store.GuidelinesKey, "# Names") }
	if !f.s.Write(ctx, save, func(err error) { done = append(done, err) }) || len(done) != 0 || len(queued) != 1 {
		t.Fatalf("under a held lock: %d done, %d queued; want waiting, one queued", len(done), len(queued))
	}
	s, e := at("Ann Lee", 0)
	if _, err := f.s.ApplyLabel(ctx, label("PERSON"), s, e); !errors.Is(err, ErrWaiting) {
		t.Errorf("intent while a write waits: %v, want ErrWaiting", err)
	}
	f.s.Write(ctx, func(context.Context) error {
		t.Error("a second write ran while the first waited")
		return nil
	}, func(err error) { done = append(done, err) })
	if len(done) != 1 || !errors.Is(done[0], ErrWaiting) {
		t.Fatalf("second write while waiting: done %v, want ErrWaiting", done)
	}
	release()
	show := queued[0]()
	if got, err := f.st.Setting(ctx, store.GuidelinesKey, ""); err != nil || got != "# Names" {
		t.Fatalf("after the release, stored %q (%v)", got, err)
	}
	if len(done) != 1 || !f.s.Waiting() {
		t.Fatal("done ran before show, off the caller's side")
	}
	show()
	if len(done) != 2 || done[1] != nil || f.s.Waiting() {
		t.Fatalf("after show: done %v, waiting %v", done, f.s.Waiting())
	}
	if len(f.stored().Spans) != 0 {
		t.Error("the refused intent was stored")
	}
}
