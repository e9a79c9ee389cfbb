package suggest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/format"
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
	var out []annot.Bundle
	var name, class string
	var lines []string
	flush := func() error {
		if name == "" {
			return nil
		}
		b, err := parseAttribDoc(name, class, part, strings.Trim(strings.Join(lines, "\n"), "\n"))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, b)
		return nil
	}
	for _, l := range strings.Split(src, "\n") {
		switch {
		case strings.HasPrefix(l, "#"):
		case strings.HasPrefix(l, "=== "):
			if err := flush(); err != nil {
				return nil, err
			}
			f := strings.Fields(l[4:])
			name, class, lines = f[0], "", nil
			if len(f) > 1 && strings.HasPrefix(f[1], "^") {
				class = f[1][1:]
			}
		default:
			lines = append(lines, l)
		}
	}
	return out, flush()
}

func parseAttribDoc(name, class, part, marked string) (annot.Bundle, error) {
	type open struct {
		header string
		start  int
	}
	type occ struct {
		id, tag, label, speaker, kind, class string
		start, end                           int
		cue                                  bool
	}
	var stack []open
	var occs []occ
	var text []rune
	rs := []rune(marked)
	for i := 0; i < len(rs); i++ {
		switch rs[i] {
		case '⟦':
			j := i + 1
			for j < len(rs) && rs[j] != '|' {
				j++
			}
			if j == len(rs) {
				return annot.Bundle{}, fmt.Errorf("⟦ without |")
			}
			stack = append(stack, open{string(rs[i+1 : j]), len(text)})
			i = j
		case '⟧':
			if len(stack) == 0 {
				return annot.Bundle{}, fmt.Errorf("⟧ without ⟦ after %q", string(text[max(0, len(text)-30):]))
			}
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			h := o.header
			oc := occ{start: o.start, end: len(text)}
			cut := func(sep string) string {
				if k := strings.Index(h, sep); k >= 0 {
					v := h[k+1:]
					h = h[:k]
					return v
				}
				return ""
			}
			oc.class = cut("^")
			oc.kind = cut("~")
			oc.speaker = cut(">")
			oc.label = cut(":")
			oc.tag = cut("#")
			if strings.HasPrefix(h, "@") {
				oc.cue, h = true, h[1:]
			}
			oc.id = h
			occs = append(occs, oc)
		default:
			text = append(text, rs[i])
		}
	}
	if len(stack) > 0 {
		return annot.Bundle{}, fmt.Errorf("unclosed ⟦%s", stack[0].header)
	}
	doc := annot.Document{ID: annot.DerivedID("attrib", name), Title: name, Text: string(text), Status: annot.StatusDone,
		Meta: map[string]string{"part": part}}
	b := annot.Bundle{Doc: doc}
	sort.SliceStable(occs, func(i, j int) bool { return occs[i].start < occs[j].start })
	defs := map[string]occ{}
	for _, o := range occs {
		if o.label != "" {
			if _, dup := defs[o.id]; dup {
				return annot.Bundle{}, fmt.Errorf("%s labelled twice", o.id)
			}
			defs[o.id] = o
		}
	}
	spanID := func(kind, id string, start int) string {
		return annot.DerivedID("attrib/"+name, fmt.Sprintf("%s/%s@%d", kind, id, start))
	}
	head := map[string]string{}   // entity id -> its first mention's span id
	tagged := map[string]string{} // "e1#p" -> span id
	quotes := map[string]*annot.Span{}
	cues := map[string]*annot.Span{}
	var order []string
	for _, o := range occs {
		if o.cue {
			if _, ok := defs[o.id]; !ok {
				return annot.Bundle{}, fmt.Errorf("cue of unknown quote %s", o.id)
			}
			c, ok := cues[o.id]
			if !ok {
				c = &annot.Span{ID: spanID("cue", o.id, o.start), Start: o.start, Layer: annot.LayerCue, Label: annot.LabelCue}
				cues[o.id] = c
			}
			c.Fragments = append(c.Fragments, annot.Fragment{Start: o.start, End: o.end})
			c.End = o.end
			continue
		}
		d, ok := defs[o.id]
		if !ok {
			return annot.Bundle{}, fmt.Errorf("%s has no label", o.id)
		}
		if d.label == annot.LabelQuote {
			q, ok := quotes[o.id]
			if !ok {
				attrs := map[string]string{annot.AttrKind: "direct"}
				if d.kind != "" {
					attrs[annot.AttrKind] = d.kind
				}
				switch {
				case d.class != "":
					attrs["class"] = d.class
				case class != "":
					attrs["class"] = class
				}
				q = &annot.Span{ID: spanID("q", o.id, o.start), Start: o.start, End: o.end, Layer: annot.LayerQuote, Label: annot.LabelQuote, Attrs: attrs}
				quotes[o.id] = q
				order = append(order, o.id)
			}
			q.Fragments = append(q.Fragments, annot.Fragment{Start: o.start, End: o.end})
			q.End = o.end
			continue
		}
		sp := annot.Span{ID: spanID("e", o.id, o.start), Start: o.start, End: o.end, Layer: annot.LayerEntity, Label: d.label}
		if strings.TrimSpace(string(text[o.start:o.end])) != string(text[o.start:o.end]) || o.end <= o.start {
			return annot.Bundle{}, fmt.Errorf("mention %q of %s has blank edges", string(text[o.start:o.end]), o.id)
		}
		b.Spans = append(b.Spans, sp)
		if o.label != "" {
			head[o.id] = sp.ID
		} else {
			b.Relations = append(b.Relations, annot.Relation{ID: annot.DerivedID("attrib/"+name, "same/"+sp.ID), Label: annot.RelSameAs, From: sp.ID, To: head[o.id]})
		}
		if o.tag != "" {
			k := o.id + "#" + o.tag
			if _, dup := tagged[k]; dup {
				return annot.Bundle{}, fmt.Errorf("mention %s tagged twice", k)
			}
			tagged[k] = sp.ID
		}
	}
	for _, id := range order {
		q := quotes[id]
		if len(q.Fragments) == 1 {
			q.Fragments = nil
		}
		b.Spans = append(b.Spans, *q)
		if spk := defs[id].speaker; spk != "" {
			to, ok := head[spk], true
			if strings.Contains(spk, "#") {
				to, ok = tagged[spk]
			} else if to == "" {
				ok = false
			}
			if !ok {
				return annot.Bundle{}, fmt.Errorf("speaker %s of %s is no mention", spk, id)
			}
			b.Relations = append(b.Relations, annot.Relation{ID: annot.DerivedID("attrib/"+name, "speaker/"+id), Label: annot.RelSpeaker, From: q.ID, To: to})
		}
		if c, ok := cues[id]; ok {
			if len(c.Fragments) == 1 {
				c.Fragments = nil
			}
			b.Spans = append(b.Spans, *c)
			b.Relations = append(b.Relations, annot.Relation{ID: annot.DerivedID("attrib/"+name, "cue/"+id), Label: annot.RelCue, From: q.ID, To: c.ID})
		}
	}
	for id := range cues {
		if _, ok := quotes[id]; !ok {
			return annot.Bundle{}, fmt.Errorf("cue of %s, which is no quote", id)
		}
	}
	sort.SliceStable(b.Spans, func(i, j int) bool { return b.Spans[i].Start < b.Spans[j].Start })
	sort.SliceStable(b.Relations, func(i, j int) bool { return b.Relations[i].ID < b.Relations[j].ID })
	return b, b.Validate(nil)
}

func attribJSONL(t testing.TB, source, part string) []byte {
	src, err := os.ReadFile(source)
	if err != nil {
		t.Fatal(err)
	}
	bs, err := parseAttribSource(string(src), part)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for _, b := range bs {
		if err := format.WriteJSONL(&buf, b); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// TestAttribGoldUpToDate checks each .jsonl is what its .txt says; run with
// -update after editing dev.txt (heldout.txt is frozen, see
// TestAttribHeldOutFrozen).
func TestAttribGoldUpToDate(t *testing.T) {
	for _, p := range []struct{ src, gold, part string }{{attribHeldSource, attribHeldGold, "heldout"}, {attribDevSource, attribDevGold, "dev"}} {
		want := attribJSONL(t, p.src, p.part)
		if *update {
			if err := os.WriteFile(p.gold, want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(p.gold)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is out of date: go test ./annot/suggest -run TestAttribGoldUpToDate -update", p.gold)
		}
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
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s: sha256 %s, frozen as %s: the held-out part must not change", filepath.Base(path), got, want)
		}
	}
}

func readAttribGold(t testing.TB, path string) []annot.Bundle {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []annot.Bundle
	for b, err := range format.ReadJSONL(f, filepath.Base(path)) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

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
