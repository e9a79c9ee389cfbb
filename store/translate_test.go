package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/mattn/go-sqlite3"

	"spanbench/annot"
)

// TestTranslateKeepsContext: a SQLite error wrapped with where it happened
// ("a.jsonl:3: relations[1]: ") keeps that context when translated.
func TestTranslateKeepsContext(t *testing.T) {
	fk := sqlite3.Error{Code: sqlite3.ErrConstraint, ExtendedCode: sqlite3.ErrConstraintForeignKey}
	busy := sqlite3.Error{Code: sqlite3.ErrBusy}
	for _, tc := range []struct {
		name   string
		err    error
		prefix string
		kind   annot.Kind
		is     error
	}{
		{"bare", fk, "", annot.KindConflict, nil},
		{"wrapped", fmt.Errorf("a.jsonl:3: relations[1]: %w", fk), "a.jsonl:3: relations[1]: ", annot.KindConflict, nil},
		{"busy, wrapped: busy is the whole story", fmt.Errorf("import: %w", busy), "project is busy", 0, ErrBusy},
	} {
		got := translate(tc.err)
		if !strings.HasPrefix(got.Error(), tc.prefix) || strings.Count(got.Error(), "relations[1]") > 1 {
			t.Errorf("%s: %q, want it to start with %q once", tc.name, got, tc.prefix)
		}
		if tc.kind != 0 && annot.KindOf(got) != tc.kind {
			t.Errorf("%s: kind %v, want %v", tc.name, annot.KindOf(got), tc.kind)
		}
		if tc.is != nil && !errors.Is(got, tc.is) {
			t.Errorf("%s: %v is not %v", tc.name, got, tc.is)
		}
	}
}
