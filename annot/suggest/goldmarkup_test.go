package suggest

import (
	"bytes"
	"context"
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

// The evaluation sets under testdata are written as text files that the
// tests turn into gold JSONL. All of them (eval, attrib, sources) split into
// documents the same way, and eval and attrib share one inline markup; the
// helpers here serve them all.

// splitGoldDocs splits an evaluation file into documents: each starts at a
// line "=== HEAD" and runs to the next; lines starting with # are comments.
// doc turns a header and the document's lines into its gold; its errors
// are prefixed with the document's name (the header's first word).
func splitGoldDocs(src string, doc func(head string, lines []string) (annot.Bundle, error)) ([]annot.Bundle, error) {
	var out []annot.Bundle
	var head string
	var lines []string
	flush := func() error {
		if head == "" {
			return nil
		}
		b, err := doc(head, lines)
		if err != nil {
			return fmt.Errorf("%s: %w", strings.Fields(head)[0], err)
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
			head, lines = strings.TrimSpace(l[4:]), nil
		default:
			lines = append(lines, l)
		}
	}
	return out, flush()
}

// goldMark is one ⟦HEADER|…⟧ of the inline markup (the head of
// attrib_gold_test.go and of testdata/eval/source.txt): HEADER is
// [@]ID[#TAG][:LABEL][>SPEAKER][~KIND][^CLASS], where >SPEAKER and ~KIND
// may come in either order.
type goldMark struct {
	id, tag, label, speaker, kind, class string
	start, end                           int // code points of the plain text
	cue                                  bool
}

// readMarkup strips the markup from marked: it returns the plain text and
// the marks, ordered by start.
func readMarkup(marked string) ([]rune, []goldMark, error) {
	type open struct {
		header string
		start  int
	}
	var stack []open
	var marks []goldMark
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
				return nil, nil, fmt.Errorf("⟦ without |")
			}
			stack = append(stack, open{string(rs[i+1 : j]), len(text)})
			i = j
		case '⟧':
			if len(stack) == 0 {
				return nil, nil, fmt.Errorf("⟧ without ⟦ after %q", string(text[max(0, len(text)-30):]))
			}
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			m := parseMarkHeader(o.header)
			m.start, m.end = o.start, len(text)
			marks = append(marks, m)
		default:
			text = append(text, rs[i])
		}
	}
	if len(stack) > 0 {
		return nil, nil, fmt.Errorf("unclosed ⟦%s", stack[0].header)
	}
	sort.SliceStable(marks, func(i, j int) bool { return marks[i].start < marks[j].start })
	return text, marks, nil
}

// parseMarkHeader reads a mark's HEADER (see goldMark).
func parseMarkHeader(h string) goldMark {
	var m goldMark
	cut := func(sep string) string {
		if k := strings.Index(h, sep); k >= 0 {
			v := h[k+1:]
			h = h[:k]
			return v
		}
		return ""
	}
	m.class = cut("^")
	m.kind = cut("~")
	if k := strings.Index(m.kind, ">"); k >= 0 { // ~KIND>SPEAKER
		m.speaker, m.kind = m.kind[k+1:], m.kind[:k]
	}
	if s := cut(">"); s != "" {
		m.speaker = s
	}
	m.label = cut(":")
	m.tag = cut("#")
	if strings.HasPrefix(h, "@") {
		m.cue, h = true, h[1:]
	}
	m.id = h
	return m
}

// markupDoc names one document written in the inline markup, and how its
// gold is written.
type markupDoc struct {
	set, name string            // ids derive from set and set/name
	class     string            // the quotes' class unless a mark gives one ("" none)
	meta      map[string]string // the document's Meta
	kindInID  bool              // span ids say q/, e/ or cue/ before the mark's id
}

// markupGold builds the gold of a document written in the inline markup:
// entity mentions, each further mention linked SAME_AS to the entity's
// labelled one; quotes (fragments joined) with their kind, class, SPEAKER
// and CUE.
func markupGold(d markupDoc, marked string) (annot.Bundle, error) {
	text, marks, err := readMarkup(marked)
	if err != nil {
		return annot.Bundle{}, err
	}
	b := annot.Bundle{Doc: annot.Document{ID: annot.DerivedID(d.set, d.name), Title: d.name, Text: string(text),
		Status: annot.StatusDone, Meta: d.meta}}
	ns := d.set + "/" + d.name
	defs := map[string]goldMark{}
	for _, m := range marks {
		if m.label != "" {
			if _, dup := defs[m.id]; dup {
				return annot.Bundle{}, fmt.Errorf("%s labelled twice", m.id)
			}
			defs[m.id] = m
		}
	}
	spanID := func(kind, id string, start int) string {
		if d.kindInID {
			id = kind + "/" + id
		}
		return annot.DerivedID(ns, fmt.Sprintf("%s@%d", id, start))
	}
	head := map[string]string{}   // entity id -> its labelled mention's span id
	tagged := map[string]string{} // "e1#p" -> span id
	quotes := map[string]*annot.Span{}
	cues := map[string]*annot.Span{}
	var order []string      // quote ids, by start
	var further [][2]string // span id, entity id: mentions to link to their entity's head
	for _, m := range marks {
		if m.cue {
			if _, ok := defs[m.id]; !ok {
				return annot.Bundle{}, fmt.Errorf("cue of unknown quote %s", m.id)
			}
			c, ok := cues[m.id]
			if !ok {
				c = &annot.Span{ID: spanID("cue", m.id, m.start), Start: m.start, Layer: annot.LayerCue, Label: annot.LabelCue}
				cues[m.id] = c
			}
			c.Fragments = append(c.Fragments, annot.Fragment{Start: m.start, End: m.end})
			c.End = m.end
			continue
		}
		def, ok := defs[m.id]
		if !ok {
			return annot.Bundle{}, fmt.Errorf("%s has no label", m.id)
		}
		if def.label == annot.LabelQuote {
			q, ok := quotes[m.id]
			if !ok {
				attrs := map[string]string{annot.AttrKind: "direct"}
				if def.kind != "" {
					attrs[annot.AttrKind] = def.kind
				}
				switch {
				case def.class != "":
					attrs["class"] = def.class
				case d.class != "":
					attrs["class"] = d.class
				}
				q = &annot.Span{ID: spanID("q", m.id, m.start), Start: m.start, End: m.end, Layer: annot.LayerQuote, Label: annot.LabelQuote, Attrs: attrs}
				quotes[m.id] = q
				order = append(order, m.id)
			}
			q.Fragments = append(q.Fragments, annot.Fragment{Start: m.start, End: m.end})
			q.End = m.end
			continue
		}
		sp := annot.Span{ID: spanID("e", m.id, m.start), Start: m.start, End: m.end, Layer: annot.LayerEntity, Label: def.label}
		if strings.TrimSpace(string(text[m.start:m.end])) != string(text[m.start:m.end]) || m.end <= m.start {
			return annot.Bundle{}, fmt.Errorf("mention %q of %s has blank edges", string(text[m.start:m.end]), m.id)
		}
		b.Spans = append(b.Spans, sp)
		if m.label != "" {
			head[m.id] = sp.ID
		} else {
			further = append(further, [2]string{sp.ID, m.id})
		}
		if m.tag != "" {
			k := m.id + "#" + m.tag
			if _, dup := tagged[k]; dup {
				return annot.Bundle{}, fmt.Errorf("mention %s tagged twice", k)
			}
			tagged[k] = sp.ID
		}
	}
	for _, f := range further {
		b.Relations = append(b.Relations, annot.Relation{ID: annot.DerivedID(ns, "same/"+f[0]), Label: annot.RelSameAs, From: f[0], To: head[f[1]]})
	}
	for _, id := range order {
		q := quotes[id]
		if len(q.Fragments) == 1 {
			q.Fragments = nil
		}
		b.Spans = append(b.Spans, *q)
		if spk := defs[id].speaker; spk != "" {
			to, ok := head[spk]
			if strings.Contains(spk, "#") {
				to, ok = tagged[spk]
			}
			if !ok {
				return annot.Bundle{}, fmt.Errorf("speaker %s of %s is no mention", spk, id)
			}
			b.Relations = append(b.Relations, annot.Relation{ID: annot.DerivedID(ns, "speaker/"+id), Label: annot.RelSpeaker, From: q.ID, To: to})
		}
		if c, ok := cues[id]; ok {
			if len(c.Fragments) == 1 {
				c.Fragments = nil
			}
			b.Spans = append(b.Spans, *c)
			b.Relations = append(b.Relations, annot.Relation{ID: annot.DerivedID(ns, "cue/"+id), Label: annot.RelCue, From: q.ID, To: c.ID})
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

// goldFile reads an evaluation file and writes its gold as JSONL.
func goldFile(t testing.TB, path string, parse func(src string) ([]annot.Bundle, error)) []byte {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	bs, err := parse(string(src))
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	var buf bytes.Buffer
	for _, b := range bs {
		if err := format.WriteJSONL(&buf, b); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// goldUpToDate checks the gold JSONL at path is want, first writing it
// there when update is set; flag is the go test flag that does that.
func goldUpToDate(t *testing.T, path string, want []byte, update bool, flag string) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date: go test ./annot/suggest -run %s %s", path, t.Name(), flag)
	}
}

// suggestQuotesOn runs the quote suggester on the bare text of a gold
// document and returns what it proposes, as a bundle to score.
func suggestQuotesOn(t testing.TB, g annot.Bundle) annot.Bundle {
	in := annot.Bundle{Doc: g.Doc}
	sgs, err := Run(context.Background(), in, annot.NewIndex(g.Doc.Text), Options{Suggesters: []string{SourceQuotes}})
	if err != nil {
		t.Fatal(err)
	}
	return AsBundle(in, sgs)
}

// readGoldJSONL reads the gold bundles at path.
func readGoldJSONL(t testing.TB, path string) []annot.Bundle {
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

// sha is the SHA-256 of the file at path, in hex.
func sha(t testing.TB, path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
