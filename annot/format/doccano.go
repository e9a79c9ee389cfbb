package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"os"
	"sort"

	"spanbench/annot"
)

// The doccano format: JSONL of sequence-labelling examples,
//
//	{"id": "<doc id>", "text": "...", "title": "...", "label": [[start, end, "LABEL"], ...]}
//
// or, when the export has relations, the relation-extraction variant
//
//	{"id": ..., "text": ..., "entities": [{"id": 1, "start_offset": 0, "end_offset": 5, "label": "PERSON"}],
//	 "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "SPEAKER"}]}
//
// doccano keeps offsets as its annotation screen counts them: UTF-16 code
// units in a project's default mode (JavaScript string indices; doccano
// issue #2290), grapheme clusters when the project counts "grapheme
// clusters as one character". The default unit here is utf16; codepoint
// and grapheme can be chosen on export and import.

type doccanoEntity struct {
	ID          json.RawMessage `json:"id"`
	StartOffset *int            `json:"start_offset"`
	EndOffset   *int            `json:"end_offset"`
	Label       string          `json:"label"`
}

type doccanoRelation struct {
	ID     json.RawMessage `json:"id,omitempty"`
	FromID json.RawMessage `json:"from_id"`
	ToID   json.RawMessage `json:"to_id"`
	Type   string          `json:"type"`
}

type doccanoOut struct {
	ID        string           `json:"id"`
	Text      string           `json:"text"`
	Title     string           `json:"title,omitempty"`
	Label     *[][3]any        `json:"label,omitempty"`
	Entities  *[]doccanoEntOut `json:"entities,omitempty"`
	Relations *[]doccanoRelOut `json:"relations,omitempty"`
}

type doccanoEntOut struct {
	ID          int    `json:"id"`
	StartOffset int    `json:"start_offset"`
	EndOffset   int    `json:"end_offset"`
	Label       string `json:"label"`
}

type doccanoRelOut struct {
	ID     int    `json:"id"`
	FromID int    `json:"from_id"`
	ToID   int    `json:"to_id"`
	Type   string `json:"type"`
}

func init() {
	registerExporter(formatInfo{
		name:  "doccano",
		title: "doccano JSONL for sequence labelling (label lists), or relation extraction (entities and relations) when the export has relations",
		ext:   ".jsonl",
		unit:  UnitUTF16,
		units: []Unit{UnitCodePoint, UnitGrapheme},
		lost: []string{"layers (read back from the label: QUOTE, CLAIM and CUE name their layers, every other label is an entity)",
			"span and relation ids (doccano numbers them)", "discontinuous spans (each fragment is a span of its own)",
			"span attributes and notes", "annotators, unless the project has several coders (then each coder's spans are also in a file of their own, NAME.CODER.jsonl)",
			"document status and meta"},
		newWriter: func(st *exportState, stg *stage) (docWriter, error) {
			f, err := openData(stg)
			if err != nil {
				return nil, err
			}
			return &doccanoWriter{st: st, f: f, path: stg.tmp, stg: stg}, nil
		},
	})
	exts := []string{".jsonl"}
	RegisterReader(Reader{Name: "doccano", Exts: exts, Sniff: sniffDoccano,
		Read: func(opt ReadOptions, paths ...string) iter.Seq2[annot.Bundle, error] {
			unit := opt.Unit
			if unit == "" {
				unit = UnitUTF16
			}
			return jsonLinesFiles(func(r io.Reader, name string) iter.Seq2[annot.Bundle, error] {
				return ReadDoccano(r, name, unit)
			}, exts, paths...)
		}})
}

type doccanoWriter struct {
	st   *exportState
	f    *fileWriter
	path string
	// relations turns on the relation variant once a document has one;
	// plain lines written before it are rewritten on close.
	relations bool
	plain     int
	nextEnt   int
	nextRel   int
	// What doccano's default project (overlapping spans not allowed)
	// would drop on import: spans, and relations to them.
	spans, overlapping, brokenRels int
	// In a project of several coders (opt.Team), each coder's spans also
	// go to a file of their own beside the data, NAME.CODER.jsonl, as
	// doccano exports one file per user.
	stg       *stage
	users     map[string]*doccanoWriter
	userOrder []string
	userTaken map[string]bool
}

// user returns the writer of a coder's own file, opening it first.
func (w *doccanoWriter) user(coder string) (*doccanoWriter, error) {
	if u, ok := w.users[coder]; ok {
		return u, nil
	}
	if w.users == nil {
		w.users, w.userTaken = map[string]*doccanoWriter{}, map[string]bool{}
	}
	name := coderFileName(coder, w.userTaken)
	f, err := w.stg.create(w.stg.sidePath("." + name + ".jsonl"))
	if err != nil {
		return nil, err
	}
	// Its losses and warnings are the main file's already.
	st := newExportState(w.st.opt, w.st.info, w.st.unit)
	u := &doccanoWriter{st: st, f: &fileWriter{f, bufio.NewWriterSize(f, 1<<16)}, path: f.Name()}
	w.users[coder] = u
	w.userOrder = append(w.userOrder, coder)
	return u, nil
}

// writeUsers writes a document's spans by each coder to the coder's file.
func (w *doccanoWriter) writeUsers(b *annot.Bundle, ix *annot.Index) error {
	for _, c := range byCoder(b) {
		u, err := w.user(c.coder)
		if err != nil {
			return err
		}
		if err := u.write(&c.Bundle, ix); err != nil {
			return err
		}
	}
	return nil
}

func (w *doccanoWriter) write(b *annot.Bundle, ix *annot.Index) error {
	if w.stg != nil && w.st.opt.Team != nil && !w.stg.streaming() {
		if err := w.writeUsers(b, ix); err != nil {
			return err
		}
	}
	if len(b.Relations) > 0 {
		w.relations = true
	}
	out := doccanoOut{ID: b.Doc.ID, Title: b.Doc.Title}
	unit := w.st.unit
	ids := map[string]int{}
	frag, extra := 0, 0
	var labels [][3]any
	ents := []doccanoEntOut{}
	for _, sp := range b.Spans {
		if len(sp.Fragments) > 1 {
			frag++
		}
		if len(sp.Attrs) > 0 || sp.Note != "" {
			extra++
		}
		if sp.Layer != layerOf(sp.Label) {
			w.st.lose(fmt.Sprintf("%s spans labelled %s (read back as %s)", sp.Layer, sp.Label, layerOf(sp.Label)), 1)
		}
		for _, p := range sp.Pieces() {
			s, e := unit.fromCP(ix, p.Start), unit.fromCP(ix, p.End)
			if w.relations {
				w.nextEnt++
				if _, ok := ids[sp.ID]; !ok {
					ids[sp.ID] = w.nextEnt
				}
				ents = append(ents, doccanoEntOut{ID: w.nextEnt, StartOffset: s, EndOffset: e, Label: sp.Label})
			} else {
				labels = append(labels, [3]any{s, e, sp.Label})
			}
		}
	}
	w.overlaps(labels, ents, b.Relations, ids)
	w.st.lose("discontinuous spans (written as one span per fragment)", frag)
	w.st.lose("spans with attributes or notes (not carried)", extra)
	if w.relations {
		rels := []doccanoRelOut{}
		for _, r := range b.Relations {
			w.nextRel++
			rels = append(rels, doccanoRelOut{ID: w.nextRel, FromID: ids[r.From], ToID: ids[r.To], Type: r.Label})
		}
		out.Relations = &rels
		out.Entities = &ents
	} else {
		if labels == nil {
			labels = [][3]any{}
		}
		out.Label = &labels
		w.plain++
	}
	return encodeJSONText(w.f, b.Doc.Text, func(text string) any { out.Text = text; return out })
}

// overlaps counts the spans of a line that doccano's Spans.clean drops
// when the project does not allow overlapping spans (its default): sorted
// by start (a stable sort), a span is kept only if it starts at or after
// the end of the last one kept. A relation to a dropped span makes
// doccano's Relations.save fail.
func (w *doccanoWriter) overlaps(labels [][3]any, ents []doccanoEntOut, rels []annot.Relation, ids map[string]int) {
	type piece struct{ start, end, id int }
	var ps []piece
	for _, l := range labels {
		ps = append(ps, piece{l[0].(int), l[1].(int), 0})
	}
	for _, e := range ents {
		ps = append(ps, piece{e.StartOffset, e.EndOffset, e.ID})
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].start < ps[j].start })
	dropped := map[int]bool{}
	last := -1
	for _, p := range ps {
		if p.start >= last {
			last = p.end
			continue
		}
		w.overlapping++
		dropped[p.id] = true
	}
	w.spans += len(ps)
	for _, r := range rels {
		if dropped[ids[r.From]] || dropped[ids[r.To]] {
			w.brokenRels++
		}
	}
}

func (w *doccanoWriter) close() error {
	for _, c := range w.userOrder {
		if err := w.users[c].close(); err != nil {
			return err
		}
	}
	if err := w.f.Close(); err != nil {
		return err
	}
	if w.overlapping > 0 {
		msg := fmt.Sprintf("%d of %d spans overlap a span before them: doccano's import drops them unless the project setting \"Allow overlapping spans\" is on (it is off in a new project)", w.overlapping, w.spans)
		if w.brokenRels > 0 {
			msg += fmt.Sprintf("; %d relations point at such spans, and with the setting off doccano's import fails on them", w.brokenRels)
		}
		w.st.warn(msg)
	}
	if !w.relations || w.plain == 0 {
		return nil
	}
	// A document with relations came after plain lines: rewrite those in
	// the relation variant, so the file is of one kind.
	return w.rewrite()
}

func (w *doccanoWriter) rewrite() error {
	in, err := os.Open(w.path)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := w.path + ".rel"
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	bw := bufio.NewWriterSize(out, 1<<16)
	br := bufio.NewReaderSize(in, 1<<16)
	for {
		more, err := w.rewriteLine(br, bw)
		if err != nil {
			out.Close()
			return err
		}
		if !more {
			break
		}
	}
	if err := bw.Flush(); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, w.path)
}

// rewriteLine copies one line of the file write made from br to bw, a
// label line in the relation variant. The line is not read into memory: its
// text may be 60 MB. Lines are this writer's own, so their shape is known:
// {"id":…,"text":…[,"title":…],"label":[…]} or the relation variant, keys in
// that order. Everything before a top-level "label" key is copied as it
// is, byte for byte what encoding the relation variant would give; the
// small label list after it is decoded and re-encoded as entities. more is
// false at the end of the file.
func (w *doccanoWriter) rewriteLine(br *bufio.Reader, bw *bufio.Writer) (more bool, err error) {
	inStr, esc, depth := false, false, 0
	// key holds a top-level key from the comma before it, not yet written.
	var key []byte
	holding := false
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			bw.Write(key)
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if holding {
			key = append(key, c)
			// key is `,"name":` once the colon after the closing quote comes.
			if c != ':' || len(key) < 4 || key[len(key)-2] != '"' {
				continue
			}
			holding = false
			if string(key) != `,"label":` {
				bw.Write(key)
				key = key[:0]
				continue
			}
			return true, w.rewriteLabels(br, bw)
		}
		switch {
		case esc:
			esc = false
		case inStr:
			inStr = c != '"'
			esc = c == '\\'
		case c == '"':
			inStr = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
		case c == ',' && depth == 1:
			holding, key = true, append(key[:0], c)
			continue
		}
		bw.WriteByte(c)
		if c == '\n' && !inStr {
			return true, nil
		}
	}
}

// rewriteLabels reads the rest of a label line, [[start,end,"LABEL"],…]},
// and writes it as the relation variant's entities and (no) relations.
func (w *doccanoWriter) rewriteLabels(br *bufio.Reader, bw *bufio.Writer) error {
	rest, err := br.ReadBytes('\n')
	if err != nil && err != io.EOF {
		return err
	}
	rest = bytes.TrimSuffix(bytes.TrimSuffix(rest, []byte("\n")), []byte("}"))
	var labels [][3]any
	if err := json.Unmarshal(rest, &labels); err != nil {
		return err
	}
	ents := []doccanoEntOut{}
	for _, l := range labels {
		w.nextEnt++
		ents = append(ents, doccanoEntOut{ID: w.nextEnt, StartOffset: int(l[0].(float64)), EndOffset: int(l[1].(float64)), Label: l[2].(string)})
	}
	var tail bytes.Buffer
	if err := encodeJSON(&tail, struct {
		Entities  []doccanoEntOut `json:"entities"`
		Relations []doccanoRelOut `json:"relations"`
	}{ents, []doccanoRelOut{}}); err != nil {
		return err
	}
	// {"entities":…} continues the line after its title: drop the brace.
	bw.WriteByte(',')
	_, err = bw.Write(tail.Bytes()[1:])
	return err
}

// sniffDoccano recognises doccano's label lists and entity objects.
func sniffDoccano(path string) bool {
	keys := topKeys(firstLine(path, 1<<20))
	if keys["entities"] && keys["relations"] {
		return true
	}
	if !keys["label"] && !keys["labels"] {
		return false
	}
	// Native JSONL has "spans"; doccano has none.
	return !keys["spans"]
}

// ReadDoccano streams the documents of a doccano JSONL file whose offsets
// are in unit. Keys other than id, text, title and the labels become
// document meta, as doccano itself treats them.
func ReadDoccano(r io.Reader, name string, unit Unit) iter.Seq2[annot.Bundle, error] {
	return readJSONLines(r, name, func(raw []byte) (annot.Bundle, error) { return decodeDoccanoLine(raw, unit) })
}

// doccanoID renders a doccano id (a number or a string) as a string.
func doccanoID(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, s != ""
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), true
	}
	return "", false
}

func decodeDoccanoLine(raw []byte, unit Unit) (annot.Bundle, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return annot.Bundle{}, jsonError(raw, err)
	}
	var text *string
	if t, ok := m["text"]; ok {
		if err := json.Unmarshal(t, &text); err != nil {
			return annot.Bundle{}, annot.Invalidf("text", "want a string")
		}
	}
	txt, err := docText(text)
	if err != nil {
		return annot.Bundle{}, err
	}
	b := annot.Bundle{Doc: annot.Document{Text: txt, Status: annot.StatusTodo}}
	ix := annot.NewIndex(txt)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := m[k]
		switch k {
		case "text", "label", "labels", "entities", "relations":
		case "id":
			b.Doc.ID, _ = doccanoID(v)
		case "title":
			if err := json.Unmarshal(v, &b.Doc.Title); err != nil {
				return annot.Bundle{}, annot.Invalidf("title", "want a string")
			}
		default:
			if b.Doc.Meta == nil {
				b.Doc.Meta = map[string]string{}
			}
			var s string
			if json.Unmarshal(v, &s) != nil {
				s = string(v)
			}
			b.Doc.Meta[k] = s
		}
	}
	mk := func(f, id string, s, e int, label string) (annot.Span, error) {
		if label == "" {
			return annot.Span{}, annot.Invalidf(f+".label", "label is empty")
		}
		cs, ce, err := spanToCP(ix, unit, s, e, "start_offset", "end_offset")
		if err != nil {
			return annot.Span{}, annot.InField(f, fmt.Errorf("%w (offsets read as %s; try --offsets codepoint, utf16 or grapheme)", err, unit))
		}
		sp := annot.Span{ID: id, Start: cs, End: ce, Layer: layerOf(label), Label: label}
		if err := annot.ValidateSpan(ix, &sp); err != nil {
			return annot.Span{}, annot.InField(f, err)
		}
		return sp, nil
	}
	field := "label"
	lab, ok := m["label"]
	if !ok {
		lab, ok = m["labels"]
		field = "labels"
	}
	if ok && string(bytes.TrimSpace(lab)) != "null" {
		var items []json.RawMessage
		if err := json.Unmarshal(lab, &items); err != nil {
			return annot.Bundle{}, annot.Invalidf(field, "want a list of [start, end, label]")
		}
		for i, it := range items {
			f := fmt.Sprintf("%s[%d]", field, i)
			var triple []json.RawMessage
			var s, e int
			var l string
			if json.Unmarshal(it, &triple) == nil {
				if len(triple) != 3 || json.Unmarshal(triple[0], &s) != nil || json.Unmarshal(triple[1], &e) != nil || json.Unmarshal(triple[2], &l) != nil {
					return annot.Bundle{}, annot.Invalidf(f, "want [start, end, \"LABEL\"] with whole-number offsets, not %s", it)
				}
				// encoding/json leaves an int alone for null: it would read 0.
				for k, name := range []string{"start_offset", "end_offset"} {
					if string(bytes.TrimSpace(triple[k])) == "null" {
						return annot.Bundle{}, annot.Invalidf(f+"."+name, "offset is null; want a whole number")
					}
				}
			} else {
				var ent doccanoEntity
				if json.Unmarshal(it, &ent) != nil || ent.StartOffset == nil || ent.EndOffset == nil {
					var cat string
					if json.Unmarshal(it, &cat) == nil {
						return annot.Bundle{}, annot.Invalidf(f, "%q is a text classification label, not a span; Spanbench imports sequence labelling", cat)
					}
					return annot.Bundle{}, annot.Invalidf(f, "want [start, end, \"LABEL\"], not %s", it)
				}
				s, e, l = *ent.StartOffset, *ent.EndOffset, ent.Label
			}
			sp, err := mk(f, "", s, e, l)
			if err != nil {
				return annot.Bundle{}, err
			}
			b.Spans = append(b.Spans, sp)
		}
	}
	var ents []doccanoEntity
	if v, ok := m["entities"]; ok && json.Unmarshal(v, &ents) != nil {
		return annot.Bundle{}, annot.Invalidf("entities", "want a list of {id, start_offset, end_offset, label}")
	}
	seen := map[string]string{}
	for i, ent := range ents {
		f := fmt.Sprintf("entities[%d]", i)
		id, ok := doccanoID(ent.ID)
		if !ok {
			return annot.Bundle{}, annot.Invalidf(f+".id", "every entity needs an id")
		}
		if prev, dup := seen[id]; dup {
			return annot.Bundle{}, annot.Conflictf(f+".id", "duplicate entity id %s (also %s)", id, prev)
		}
		seen[id] = f
		if ent.StartOffset == nil || ent.EndOffset == nil {
			return annot.Bundle{}, annot.Invalidf(f, "start_offset and end_offset are required")
		}
		sp, err := mk(f, "e"+id, *ent.StartOffset, *ent.EndOffset, ent.Label)
		if err != nil {
			return annot.Bundle{}, err
		}
		b.Spans = append(b.Spans, sp)
	}
	var rels []doccanoRelation
	if v, ok := m["relations"]; ok && json.Unmarshal(v, &rels) != nil {
		return annot.Bundle{}, annot.Invalidf("relations", "want a list of {id, from_id, to_id, type}")
	}
	for i, r := range rels {
		f := fmt.Sprintf("relations[%d]", i)
		from, _ := doccanoID(r.FromID)
		to, _ := doccanoID(r.ToID)
		for _, end := range []struct{ f, id string }{{"from_id", from}, {"to_id", to}} {
			if _, ok := seen[end.id]; !ok {
				return annot.Bundle{}, annot.NotFoundf(f+"."+end.f, "entity %s is not an entity of this line", end.id)
			}
		}
		if r.Type == "" {
			return annot.Bundle{}, annot.Invalidf(f+".type", "relation type is empty")
		}
		id, ok := doccanoID(r.ID)
		if ok {
			id = "r" + id
		}
		b.Relations = append(b.Relations, annot.Relation{ID: id, Label: r.Type, From: "e" + from, To: "e" + to})
	}
	return b, nil
}
