package suggest

import (
	"flag"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"spanbench/annot"
)

var updateSources = flag.Bool("update-sources", false, "rewrite testdata/sources/*.jsonl from the .txt cases")

// sourceHalves are the two halves of the source cases: dev (tuned on) and
// heldout (frozen before tuning).
var sourceHalves = []string{"dev", "heldout"}

// heldoutTxtSHA is the SHA-256 of heldout.txt as frozen before the rules
// were tuned. heldout.jsonl is checked against it by
// TestSourcesGoldUpToDate, so a change in how JSONL is written does not
// unfreeze the cases.
const heldoutTxtSHA = "7573865db2dcf34e9562b8f0f35a4c6f685c7ecb84e9158708f6b33cceb0d7fe"

// locate finds spec in text: spec is a substring with an optional […]
// marking the span inside it, found at word boundaries. It must occur
// exactly once. It returns code point offsets.
func locate(text, spec string) (int, int, error) {
	ctx := strings.NewReplacer("[", "", "]", "").Replace(spec)
	pre, in := 0, len(ctx)
	if i := strings.Index(spec, "["); i >= 0 {
		j := strings.Index(spec, "]")
		if j < i {
			return 0, 0, fmt.Errorf("%q: ] before [", spec)
		}
		pre, in = i, j-i-1
	}
	var hits []int
	for off := 0; ; {
		i := strings.Index(text[off:], ctx)
		if i < 0 {
			break
		}
		i += off
		if boundary(text, i, i+len(ctx)) {
			hits = append(hits, i)
		}
		off = i + 1
	}
	if len(hits) != 1 {
		return 0, 0, fmt.Errorf("%q occurs %d times at word boundaries, want once", ctx, len(hits))
	}
	b := hits[0] + pre
	s := utf8.RuneCountInString(text[:b])
	return s, s + utf8.RuneCountInString(ctx[pre:pre+in]), nil
}

// boundary reports whether text[i:j] does not cut a word at either end.
func boundary(text string, i, j int) bool {
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:i])
		f, _ := utf8.DecodeRuneInString(text[i:])
		if annot.IsWordRune(r) && annot.IsWordRune(f) && !isHan(r) {
			return false
		}
	}
	if j < len(text) {
		r, _ := utf8.DecodeRuneInString(text[j:])
		l, _ := utf8.DecodeLastRuneInString(text[:j])
		if annot.IsWordRune(r) && annot.IsWordRune(l) && !isHan(r) {
			return false
		}
	}
	return true
}

func isHan(r rune) bool { return r >= 0x2E80 && r <= 0x9FFF || r >= 0xF900 && r <= 0xFAFF }

// nearest returns the word-bounded occurrence of word in text nearest to
// code point pos, in code points.
func nearest(text, word string, pos int) (int, int, error) {
	rs := []rune(text)
	w := []rune(word)
	best, bd := -1, 0
	for i := 0; i+len(w) <= len(rs); i++ {
		if string(rs[i:i+len(w)]) != word {
			continue
		}
		bi := len(string(rs[:i]))
		if !boundary(text, bi, bi+len(word)) {
			continue
		}
		d := i - pos
		if d < 0 {
			d = -d
		}
		if best < 0 || d < bd {
			best, bd = i, d
		}
	}
	if best < 0 {
		return 0, 0, fmt.Errorf("cue %q not found", word)
	}
	return best, best + len(w), nil
}

// parseSourceCases reads a cases file (testdata/sources/README.md) into gold
// bundles.
func parseSourceCases(src, half string) ([]annot.Bundle, error) {
	return splitGoldDocs(src, func(head string, body []string) (annot.Bundle, error) {
		return parseSourceDoc(head, body, half)
	})
}

func parseSourceDoc(head string, body []string, half string) (annot.Bundle, error) {
	f := strings.Fields(head)
	if len(f) != 2 {
		return annot.Bundle{}, fmt.Errorf("header: want ID CLASS")
	}
	name, class := f[0], f[1]
	var paras, directives []string
	for _, l := range body {
		switch {
		case strings.HasPrefix(l, "q ") || strings.HasPrefix(l, "gaz ") || strings.HasPrefix(l, "ent "):
			directives = append(directives, l)
		case len(directives) > 0 && strings.TrimSpace(l) != "":
			return annot.Bundle{}, fmt.Errorf("text after a directive: %q", l)
		case strings.TrimSpace(l) != "":
			paras = append(paras, l)
		}
	}
	text := strings.Join(paras, "\n")
	doc := annot.Document{ID: annot.DerivedID("sources", name), Title: name, Text: text, Status: annot.StatusDone,
		Meta: map[string]string{"class": class, "half": half}}
	b := annot.Bundle{Doc: doc}
	ids := map[string]string{} // layer/start-end -> id
	span := func(layer annot.Layer, label string, s, e int, attrs map[string]string) string {
		k := fmt.Sprintf("%s/%d-%d", layer, s, e)
		if id, ok := ids[k]; ok {
			return id
		}
		id := annot.DerivedID("sources/"+name, k)
		ids[k] = id
		b.Spans = append(b.Spans, annot.Span{ID: id, DocID: doc.ID, Start: s, End: e, Layer: layer, Label: label, Attrs: attrs})
		return id
	}
	rel := func(label, from, to string) {
		b.Relations = append(b.Relations, annot.Relation{ID: annot.DerivedID("sources/"+name, label+"/"+from+">"+to),
			DocID: doc.ID, Label: label, From: from, To: to})
	}
	var gaz []string
	for _, d := range directives {
		parts := strings.Split(d, " | ")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		kw, rest, _ := strings.Cut(parts[0], " ")
		switch kw {
		case "gaz":
			if len(parts) != 2 {
				return b, fmt.Errorf("%q: want gaz NAME | LABEL", d)
			}
			gaz = append(gaz, rest+"="+parts[1])
		case "ent":
			if len(parts) != 2 {
				return b, fmt.Errorf("%q: want ent CONTEXT | LABEL", d)
			}
			s, e, err := locate(text, rest)
			if err != nil {
				return b, err
			}
			span(annot.LayerEntity, parts[1], s, e, map[string]string{"given": "true"})
		case "q":
			hf := strings.Fields(rest)
			if len(parts) != 5 || len(hf) != 3 {
				return b, fmt.Errorf("%q: want q KIND TYPE LABEL | CONTENT | CUE | SOURCE | ANTECEDENT", d)
			}
			kind, typ, label := hf[0], hf[1], hf[2]
			if typ == "desc" {
				typ = "description"
			}
			qs, qe, err := locate(text, parts[1])
			if err != nil {
				return b, err
			}
			ss, se, err := locate(text, parts[3])
			if err != nil {
				return b, err
			}
			cs, ce, err := nearest(text, parts[2], ss)
			if err != nil {
				return b, err
			}
			qid := span(annot.LayerQuote, annot.LabelQuote, qs, qe, map[string]string{annot.AttrKind: kind})
			sid := span(annot.LayerEntity, label, ss, se, map[string]string{"mention": typ})
			cid := span(annot.LayerCue, annot.LabelCue, cs, ce, nil)
			rel(annot.RelSpeaker, qid, sid)
			rel(annot.RelCue, qid, cid)
			if parts[4] != "-" {
				as, ae, err := locate(text, parts[4])
				if err != nil {
					return b, err
				}
				aid := span(annot.LayerEntity, label, as, ae, nil)
				rel(annot.RelSameAs, sid, aid)
			}
		}
	}
	if len(gaz) > 0 {
		b.Doc.Meta["gazetteer"] = strings.Join(gaz, "\n")
	}
	sort.SliceStable(b.Spans, func(i, j int) bool {
		if b.Spans[i].Start != b.Spans[j].Start {
			return b.Spans[i].Start < b.Spans[j].Start
		}
		return b.Spans[i].End > b.Spans[j].End
	})
	return b, b.Validate(nil)
}

func sourcesJSONL(t testing.TB, half string) []byte {
	return goldFile(t, filepath.Join("testdata/sources", half+".txt"), func(src string) ([]annot.Bundle, error) {
		return parseSourceCases(src, half)
	})
}

// TestSourcesGoldUpToDate checks the JSONL gold is what the .txt cases say;
// run with -update-sources after editing dev.txt.
func TestSourcesGoldUpToDate(t *testing.T) {
	for _, half := range sourceHalves {
		goldUpToDate(t, filepath.Join("testdata/sources", half+".jsonl"), sourcesJSONL(t, half), *updateSources, "-update-sources")
	}
}

// TestSourcesHeldOutFrozen checks the held-out half is the one written
// before the source rules were tuned (its SHA-256 as committed then).
func TestSourcesHeldOutFrozen(t *testing.T) {
	const path = "testdata/sources/heldout.txt"
	if got := sha(t, path); got != heldoutTxtSHA {
		t.Errorf("%s changed (sha256 %s, frozen %s): the held-out half must not be edited", path, got, heldoutTxtSHA)
	}
}

// readSources reads one half's gold.
func readSources(t testing.TB, half string) []annot.Bundle {
	return readGoldJSONL(t, filepath.Join("testdata/sources", half+".jsonl"))
}

// TestSourceCasesCount: at least 80 attributions, each half about half.
func TestSourceCasesCount(t *testing.T) {
	n := map[string]int{}
	types := map[string]int{}
	for _, half := range sourceHalves {
		for _, b := range readSources(t, half) {
			for _, sp := range b.Spans {
				if sp.Layer == annot.LayerQuote {
					n[half]++
				}
				if m := sp.Attrs["mention"]; m != "" && sp.Attrs["given"] == "" {
					types[m]++
				}
			}
		}
	}
	if n["dev"]+n["heldout"] < 80 || n["heldout"] < 40 {
		t.Errorf("attributions: %v, want at least 80, 40 held out", n)
	}
	t.Logf("attributions %v, mentions by type %v", n, types)
}
