package store

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"spanbench/annot"
)

func docIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("doc-%02d", i)
	}
	return ids
}

// TestPlanAssignmentsBalanced: 10 documents × 2 coders each = 20
// assignments over 3 coders, so each coder gets 20/3, i.e. 6 or 7 (hand
// count: 7+7+6 = 20), and no document gets a coder twice.
func TestPlanAssignmentsBalanced(t *testing.T) {
	coders := []string{"ana", "ben", "cy"}
	for _, c := range []struct {
		docs, perDoc int
		min, max     int // documents per coder, by hand: docs*perDoc/len(coders) rounded down and up
	}{
		{10, 2, 6, 7},
		{10, 1, 3, 4},
		{10, 3, 10, 10},
		{9, 2, 6, 6},
		{1, 2, 0, 1},
		{0, 2, 0, 0},
	} {
		for _, seed := range []uint64{0, 1, 42, 1 << 60} {
			plan, err := PlanAssignments(docIDs(c.docs), coders, c.perDoc, seed)
			if err != nil {
				t.Fatal(err)
			}
			if len(plan) != c.docs {
				t.Errorf("%d docs: plan has %d", c.docs, len(plan))
			}
			load := map[string]int{}
			for id, cs := range plan {
				if len(cs) != c.perDoc {
					t.Errorf("%v: %s has %d coders, want %d", c, id, len(cs), c.perDoc)
				}
				seen := map[string]bool{}
				for _, n := range cs {
					if seen[n] {
						t.Errorf("%v: %s has %s twice", c, id, n)
					}
					seen[n] = true
					load[n]++
				}
			}
			for _, n := range coders {
				if load[n] < c.min || load[n] > c.max {
					t.Errorf("%v seed %d: %s has %d documents, want %d..%d (%v)", c, seed, n, load[n], c.min, c.max, load)
				}
			}
		}
	}
}

func TestPlanAssignmentsSeed(t *testing.T) {
	coders := []string{"ana", "ben", "cy"}
	a, _ := PlanAssignments(docIDs(10), coders, 2, 7)
	b, _ := PlanAssignments(docIDs(10), coders, 2, 7)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("same seed, different plans:\n%v\n%v", a, b)
	}
	c, _ := PlanAssignments(docIDs(10), coders, 2, 8)
	if reflect.DeepEqual(a, c) {
		t.Errorf("seeds 7 and 8 gave the same plan %v", a)
	}
}

func TestPlanAssignmentsBadInput(t *testing.T) {
	for _, c := range []struct {
		coders []string
		perDoc int
		field  string
	}{
		{[]string{"ana", "ben"}, 3, "per-doc"},
		{[]string{"ana", "ben"}, 0, "per-doc"},
		{nil, 1, "coders"},
		{[]string{"ana", "ana"}, 1, "coders"},
		{[]string{"ana", ""}, 1, "coder"},
		{[]string{"ana", " ben"}, 1, "coder"},
		{[]string{"a\x1bb"}, 1, "coder"},
	} {
		_, err := PlanAssignments(docIDs(3), c.coders, c.perDoc, 1)
		e, ok := err.(*annot.Error)
		if !ok || e.Kind != annot.KindInvalid || e.Field != c.field {
			t.Errorf("%q per-doc %d: %v, want invalid %s", c.coders, c.perDoc, err, c.field)
		}
	}
}

// TestAssignStoresAndReplaces: the stored assignments are the plan, and
// assigning again replaces them rather than adding to them.
func TestAssignStoresAndReplaces(t *testing.T) {
	s := mustOpen(t)
	var ids []string
	for i := range 4 {
		ids = append(ids, mustDoc(t, s, fmt.Sprintf("Document number %d.", i)))
	}
	plan, err := s.Assign(ctx, AssignFilter{}, []string{"ana", "ben", "cy"}, 2, 5)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := PlanAssignments(ids, []string{"ana", "ben", "cy"}, 2, 5)
	got, err := s.Assignments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plan, want) || !reflect.DeepEqual(got, want) {
		t.Errorf("stored %v, returned %v, want %v", got, plan, want)
	}
	if _, err := s.Assign(ctx, AssignFilter{}, []string{"dee"}, 1, 5); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Assignments(ctx)
	for _, id := range ids {
		if !reflect.DeepEqual(got[id], []string{"dee"}) {
			t.Errorf("%s after re-assigning: %v, want [dee]", id, got[id])
		}
	}
	// A bad plan writes nothing.
	if _, err := s.Assign(ctx, AssignFilter{}, []string{"eve"}, 2, 5); err == nil {
		t.Error("per-doc 2 with one coder: no error")
	}
	for _, who := range []string{"ben", "zoe"} {
		if _, err := s.CreateSpan(ctx, who, annot.Span{DocID: ids[0], Start: 0, End: 8, Layer: annot.LayerEntity, Label: "PERSON"}); err != nil {
			t.Fatal(err)
		}
	}
	coders, err := s.Coders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Added by assigning, or annotators of spans (ben both); "ana"
	// imported the documents but made no span, so she is not an annotator.
	wantCoders := []Coder{{"ana", true, false}, {"ben", true, true}, {"cy", true, false}, {"dee", true, false}, {"zoe", false, true}}
	if !reflect.DeepEqual(coders, wantCoders) {
		t.Errorf("coders %v, want %v", coders, wantCoders)
	}
}

// TestAssignmentsBeforeMigration0005: a project made before migration 5
// is read as it is, read-only, with no coders added and no assignments,
// and a writer migrates it.
func TestAssignmentsBeforeMigration0005(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	id := mustDoc(t, s, "An old document.")
	if _, err := s.CreateSpan(ctx, "zoe", annot.Span{DocID: id, Start: 0, End: 2, Layer: annot.LayerEntity, Label: "PERSON"}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TABLE assignments`, `DROP TABLE coders`, `DELETE FROM schema_migrations WHERE version = 5`} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	r, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	as, err := r.Assignments(ctx)
	if err != nil || len(as) != 0 {
		t.Errorf("assignments before migration 5: %v %v", as, err)
	}
	cs, err := r.Coders(ctx)
	if err != nil || !reflect.DeepEqual(cs, []Coder{{"zoe", false, true}}) {
		t.Errorf("coders before migration 5: %v %v", cs, err)
	}
	r.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Assign(ctx, AssignFilter{}, []string{"ana"}, 1, 1); err != nil {
		t.Errorf("assign after migrating: %v", err)
	}
	if as, _ := s.Assignments(ctx); !reflect.DeepEqual(as, map[string][]string{id: {"ana"}}) {
		t.Errorf("assignments after migrating: %v", as)
	}
}
