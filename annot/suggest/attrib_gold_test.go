package suggest

import (
	"path/filepath"
	"strings"
	"testing"

	"spanbench/annot"
)

// The attribution evaluation set (testdata/attrib) is written in a markup
// that puts every span around its own words, so no offset is ever counted
// by hand: parseAttribSource finds them while it strips the markup.
//
//	=== NAME ^CLASS           a document, its quotes' default class
//	⟦e1:PERSON|Rep. Gwen Moore⟧  the first (named) mention of entity e1
//	⟦e1#p|she⟧                   a further mention of e1, tagged p: SAME_AS to the first
//	⟦e1|Moore⟧                   a further mention, untagged
//	⟦q1:QUOTE>e1#p~indirect^pronoun,said-that|…⟧  a quote, its SPEAKER (the source
//	                             mention in the attribution), kind (default direct)
//	                             and classes (default: the document's)
//	⟦q1|…⟧                       a further fragment of quote q1
//	⟦@q1|said⟧                   the CUE of q1 (again: another fragment)
//
// Lines starting with # are comments. Quoted words with no markup are not
// quotes (titles, scare quotes): suggesting them costs precision.

const (
	attribHeldSource = "testdata/attrib/heldout.txt"
	attribHeldGold   = "testdata/attrib/heldout.jsonl"
	attribDevSource  = "testdata/attrib/dev.txt"
	attribDevGold    = "testdata/attrib/dev.jsonl"
)

func parseAttribSource(src, part string) ([]annot.Bundle, error) {
	return splitGoldDocs(src, func(head string, lines []string) (annot.Bundle, error) {
		f := strings.Fields(head)
		d := markupDoc{set: "attrib", name: f[0], meta: map[string]string{"part": part}, kindInID: true}
		if len(f) > 1 && strings.HasPrefix(f[1], "^") {
			d.class = f[1][1:]
		}
		return markupGold(d, strings.Trim(strings.Join(lines, "\n"), "\n"))
	})
}

func attribJSONL(t testing.TB, source, part string) []byte {
	return goldFile(t, source, func(src string) ([]annot.Bundle, error) { return parseAttribSource(src, part) })
}

// TestAttribGoldUpToDate checks each .jsonl is what its .txt says; run with
// -update after editing dev.txt (heldout.txt is frozen, see
// TestAttribHeldOutFrozen).
func TestAttribGoldUpToDate(t *testing.T) {
	for _, p := range []struct{ src, gold, part string }{{attribHeldSource, attribHeldGold, "heldout"}, {attribDevSource, attribDevGold, "dev"}} {
		goldUpToDate(t, p.gold, attribJSONL(t, p.src, p.part), *update, "-update")
	}
}

// heldOutSHA256 are the digests of the held-out part as it was frozen,
// before any rule was tuned on it. Changing them means the held-out
// figures no longer measure unseen text.
var heldOutSHA256 = map[string]string{
	attribHeldSource: "c31b8a2c6acbbe8b5e71de5c91789520183952236dbe9e432d00cdb33b991eec",
	attribHeldGold:   "6a6caa49222bcf9bc871c727c8c656f417dd9d2c3f0dcb7acd5a62942bab3e68",
}

// TestAttribHeldOutFrozen keeps the held-out part from drifting.
func TestAttribHeldOutFrozen(t *testing.T) {
	for path, want := range heldOutSHA256 {
		if got := sha(t, path); got != want {
			t.Errorf("%s: sha256 %s, frozen as %s: the held-out part must not change", filepath.Base(path), got, want)
		}
	}
}

func readAttribGold(t testing.TB, path string) []annot.Bundle { return readGoldJSONL(t, path) }

// TestAttribSetSize holds each part to at least 150 attributions.
func TestAttribSetSize(t *testing.T) {
	for _, path := range []string{attribHeldGold, attribDevGold} {
		n, kinds := 0, map[string]int{}
		for _, b := range readAttribGold(t, path) {
			for _, sp := range b.Spans {
				if sp.Layer == annot.LayerQuote {
					n++
					kinds[sp.Attrs[annot.AttrKind]]++
				}
			}
		}
		t.Logf("%s: %d attributions %v", path, n, kinds)
		if n < 150 {
			t.Errorf("%s: %d attributions, want at least 150", path, n)
		}
	}
}
