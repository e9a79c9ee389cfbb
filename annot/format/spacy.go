package format

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"sort"
	"strconv"
	"strings"

	"spanbench/annot"
)

// The spaCy/Prodigy format: JSONL of Prodigy tasks, the shape spaCy and
// Prodigy users load directly.
//
//	{"text": "...", "meta": {"id": "<doc id>", "title": "..."},
//	 "tokens": [{"text": "Patel", "start": 0, "end": 5, "id": 0, "ws": true}, ...],
//	 "spans": [{"start": 0, "end": 12, "token_start": 0, "token_end": 1, "label": "PERSON", "text": "...", "id": "<span id>"}],
//	 "span_groups": {"quote": [...], "claim": [...], "cue": [...]},
//	 "relations": [{"head": 1, "child": 9, "head_span": {...}, "child_span": {...}, "label": "SPEAKER"}]}
//
// Offsets are code points (Python's str), tokens come from
// annot.Index.Tokens (spaCy's English rules), or from the document's meta
// when it was imported with tokens (meta "spacy_tokens": [[start, end], ...]),
// in both cases also cut at every span boundary, so a span's token_start
// and token_end (inclusive, as in Prodigy) are exactly its characters. Entities are in
// "spans"; quotes, claims and cues are in named span groups, one per layer,
// for spaCy's SpanCategorizer. A discontinuous span is one entry per
// fragment, all with the span's id. Relations follow Prodigy's relations
// interface: head and child are the last tokens of head_span and
// child_span.

type spacyToken struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	ID    int    `json:"id"`
	WS    bool   `json:"ws"`
}

type spacySpan struct {
	Start      *int    `json:"start"`
	End        *int    `json:"end"`
	TokenStart *int    `json:"token_start,omitempty"`
	TokenEnd   *int    `json:"token_end,omitempty"`
	Label      string  `json:"label"`
	Text       *string `json:"text,omitempty"`
	ID         string  `json:"id,omitempty"`
}

type spacyRel struct {
	Head      *int       `json:"head,omitempty"`
	Child     *int       `json:"child,omitempty"`
	HeadSpan  *spacySpan `json:"head_span"`
	ChildSpan *spacySpan `json:"child_span"`
	Label     string     `json:"label"`
	ID        string     `json:"id,omitempty"`
}

type spacyTask struct {
	Text       *string                `json:"text"`
	Meta       map[string]any         `json:"meta,omitempty"`
	Tokens     []spacyToken           `json:"tokens,omitempty"`
	Spans      []spacySpan            `json:"spans"`
	SpanGroups map[string][]spacySpan `json:"span_groups,omitempty"`
	Relations  []spacyRel             `json:"relations,omitempty"`
	Answer     string                 `json:"answer,omitempty"`
}

// spacyCoderGroup starts the name of a coder's span group: in a project
// of several coders, "coder:NAME" lists NAME's spans, all layers, besides
// "spans" and the layer groups (which hold every coder's).
const spacyCoderGroup = "coder:"

// spacyGroups are the span groups, one per non-entity layer.
var spacyGroups = []annot.Layer{annot.LayerQuote, annot.LayerClaim, annot.LayerCue}

func init() {
	registerExporter(formatInfo{
		name:   "spacy",
		title:  "JSONL of Prodigy tasks (text, tokens, spans, span_groups, relations) that spaCy and Prodigy load",
		ext:    ".jsonl",
		unit:   UnitCodePoint,
		tokens: true,
		lost: []string{"document status and meta other than id and title", "span attributes and notes", "annotators, unless the project has several coders (then each coder's spans are a span group `coder:NAME`)",
			"relation ids"},
		newWriter: func(st *exportState, stg *stage) (docWriter, error) {
			f, err := openData(stg)
			if err != nil {
				return nil, err
			}
			return &spacyWriter{st: st, f: f, js: newJSONScratch()}, nil
		},
	})
	exts := []string{".jsonl"}
	RegisterReader(Reader{Name: "spacy", Exts: exts, Sniff: sniffSpacy,
		Read: func(_ ReadOptions, paths ...string) iter.Seq2[annot.Bundle, error] {
			return jsonLinesFiles(ReadSpacy, exts, paths...)
		}})
}

type spacyWriter struct {
	st *exportState
	f  *fileWriter
	js *jsonScratch
}

func intp(v int) *int { return &v }

// write streams one task: the text and the tokens go out as they come, so
// a long text is never held twice; spans, groups and relations follow,
// with the tokens they start and end on.
func (w *spacyWriter) write(b *annot.Bundle, ix *annot.Index) error {
	meta := map[string]any{}
	for k, v := range b.Doc.Meta {
		if k != TokensMeta {
			meta[k] = v
		}
	}
	meta["id"] = b.Doc.ID
	meta["title"] = b.Doc.Title
	var pieces []annot.Fragment
	for _, sp := range b.Spans {
		pieces = append(pieces, sp.Pieces()...)
	}
	cuts := cutsOf(pieces)
	toks := ix.TokensCut(cuts)
	if given, ok, err := metaTokens(b, ix); err != nil {
		w.st.warn(fmt.Sprintf("the tokens in a document's meta do not fit its text (%v); the tokenizer's are written", err))
	} else if ok {
		toks = ix.CutTokens(given, cuts)
	}

	f, j := w.f, w.js
	f.WriteString(`{"text":`)
	if err := writeJSONString(f, b.Doc.Text); err != nil {
		return err
	}
	f.WriteString(`,"meta":`)
	if err := j.value(f, meta); err != nil {
		return err
	}
	f.WriteString(`,"tokens":[`)
	x := newTokenIndexer(pieces)
	n := 0
	for t := range toks {
		if n > 0 {
			f.WriteByte(',')
		}
		f.WriteString(`{"text":`)
		writeJSONString(f, t.Text)
		f.WriteString(`,"start":`)
		j.int(f, t.Start)
		f.WriteString(`,"end":`)
		j.int(f, t.End)
		f.WriteString(`,"id":`)
		j.int(f, n)
		if t.SpaceAfter {
			f.WriteString(`,"ws":true}`)
		} else {
			f.WriteString(`,"ws":false}`)
		}
		x.see(t.Token)
		n++
	}
	x.done()
	f.WriteString("]")

	// Then "spans" (entities), "span_groups" (one per other layer, in
	// encoding/json's key order) and "relations", an entry at a time.
	firstPiece := map[string]spacySpan{} // span id -> its first piece, for relations
	lost := 0
	for _, sp := range b.Spans {
		aligned := true
		for _, p := range sp.Pieces() {
			_, _, exact := x.tokens(p)
			aligned = aligned && exact
		}
		if !aligned {
			w.st.misaligned(b, ix, sp)
		}
		if len(sp.Attrs) > 0 || sp.Note != "" {
			lost++
		}
		w.st.countSpan(sp)
	}
	w.st.lose("spans with attributes or notes (not carried)", lost)
	entry := func(sp annot.Span, p annot.Fragment, withText bool) spacySpan {
		e := spacySpan{Start: intp(p.Start), End: intp(p.End), Label: sp.Label, ID: sp.ID}
		// A piece that holds no token (only whitespace) has no token
		// indices: any would point at another token, or past the last.
		if ts, te, _ := x.tokens(p); ts <= te {
			e.TokenStart, e.TokenEnd = intp(ts), intp(te)
		}
		if withText {
			t := ix.Slice(p.Start, p.End)
			e.Text = &t
		}
		return e
	}
	list := func(keep func(annot.Span) bool) error {
		f.WriteByte('[')
		k := 0
		for _, sp := range b.Spans {
			if !keep(sp) {
				continue
			}
			for _, p := range sp.Pieces() {
				if k > 0 {
					f.WriteByte(',')
				}
				k++
				if err := j.value(f, entry(sp, p, true)); err != nil {
					return err
				}
			}
		}
		return f.WriteByte(']')
	}
	inLayer := func(l annot.Layer) func(annot.Span) bool {
		return func(sp annot.Span) bool { return sp.Layer == l }
	}
	f.WriteString(`,"spans":`)
	if err := list(inLayer(annot.LayerEntity)); err != nil {
		return err
	}
	groups := make([]string, len(spacyGroups))
	for i, l := range spacyGroups {
		groups[i] = string(l)
	}
	// In a project of several coders, each coder's spans (all layers) are
	// also a group of their own, "coder:NAME".
	if w.st.opt.Team != nil {
		seen := map[string]bool{}
		for _, sp := range b.Spans {
			if sp.Annotator != "" && !seen[sp.Annotator] {
				seen[sp.Annotator] = true
				groups = append(groups, spacyCoderGroup+sp.Annotator)
			}
		}
	}
	slices.Sort(groups)
	f.WriteString(`,"span_groups":{`)
	for i, g := range groups {
		if i > 0 {
			f.WriteByte(',')
		}
		j.value(f, g)
		f.WriteByte(':')
		keep := inLayer(annot.Layer(g))
		if coder, ok := strings.CutPrefix(g, spacyCoderGroup); ok {
			keep = func(sp annot.Span) bool { return sp.Annotator == coder }
		}
		if err := list(keep); err != nil {
			return err
		}
	}
	f.WriteByte('}')
	if len(b.Relations) > 0 {
		for _, sp := range b.Spans {
			if _, ok := firstPiece[sp.ID]; !ok {
				firstPiece[sp.ID] = entry(sp, sp.Pieces()[0], false)
			}
		}
	}
	k := 0
	for _, r := range b.Relations {
		h, ok1 := firstPiece[r.From]
		c, ok2 := firstPiece[r.To]
		if !ok1 || !ok2 {
			continue
		}
		if k == 0 {
			f.WriteString(`,"relations":[`)
		} else {
			f.WriteByte(',')
		}
		k++
		if err := j.value(f, spacyRel{Head: h.TokenEnd, Child: c.TokenEnd, HeadSpan: &h, ChildSpan: &c, Label: r.Label}); err != nil {
			return err
		}
	}
	if k > 0 {
		f.WriteByte(']')
	}
	_, err := f.WriteString("}\n")
	return err
}

func (w *spacyWriter) close() error { return w.f.Close() }

// sniffSpacy tells a Prodigy/spaCy task line from native JSONL and doccano
// by the keys only it has.
func sniffSpacy(path string) bool {
	keys := topKeys(firstLine(path, 1<<20))
	return keys["tokens"] || keys["span_groups"] || keys["_input_hash"] || keys["_task_hash"] || keys["answer"]
}

// topKeys returns the top-level keys of a JSON object line (empty when it
// is not one, or cut short before a key is seen).
func topKeys(line []byte) map[string]bool {
	keys := map[string]bool{}
	dec := json.NewDecoder(bytes.NewReader(line))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return keys
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return keys
		}
		k, ok := t.(string)
		if !ok {
			return keys
		}
		keys[k] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return keys
		}
	}
	return keys
}

// ReadSpacy streams the documents of a spaCy/Prodigy JSONL file: each line
// a task with "text" and "spans" (start, end, label; token fields are not
// needed), optional "span_groups" (named by layer, or spaCy's default "sc")
// and Prodigy "relations". Spans of a task answered reject or ignore are
// not imported (the text is, with a warning). Tasks that share a text
// (Prodigy writes one per annotation session) become one document, as
// Prodigy's data-to-spacy merges them: the spans and relations of all of
// them, identical ones once; it comes where the last of them is. A task
// whose text is only whitespace is skipped with a warning naming its line.
// A task's "tokens", when they match its text, are kept in the document's
// meta "spacy_tokens" as [[start,end],...] in code points.
//
// Finding the tasks that share a text takes a first pass over r, so r is
// read twice when it can seek (a file), else read into memory first.
func ReadSpacy(r io.Reader, name string) iter.Seq2[annot.Bundle, error] {
	return func(yield func(annot.Bundle, error) bool) {
		rs, ok := r.(io.ReadSeeker)
		if !ok {
			data, err := io.ReadAll(r)
			if err != nil {
				yield(annot.Bundle{}, fmt.Errorf("%s: %w", name, err))
				return
			}
			rs = bytes.NewReader(data)
		}
		start, err := rs.Seek(0, io.SeekCurrent)
		if err != nil {
			yield(annot.Bundle{}, fmt.Errorf("%s: %w", name, err))
			return
		}
		counts, err := spacyTextCounts(rs)
		if err != nil {
			yield(annot.Bundle{}, fmt.Errorf("%s: %w", name, err))
			return
		}
		if _, err := rs.Seek(start, io.SeekStart); err != nil {
			yield(annot.Bundle{}, fmt.Errorf("%s: %w", name, err))
			return
		}
		// held is the last document ready to go: warnings about skipped
		// lines join it (or, before the first document, the next one).
		var held *annot.Bundle
		var notes []string
		emit := func(b annot.Bundle) bool {
			if held == nil {
				b.Warnings = append(notes, b.Warnings...)
				notes = nil
				held = &b
				return true
			}
			prev := *held
			held = &b
			return yield(prev, nil)
		}
		pending := map[[32]byte]*spacyMerge{}
		for b, err := range readJSONLines(rs, name, decodeSpacyLine) {
			var sk spacySkipped
			if errors.As(err, &sk) {
				note := fmt.Sprintf("%s:%d skipped: %s", name, sk.line, sk.why)
				if held != nil {
					held.Warnings = append(held.Warnings, note)
				} else {
					notes = append(notes, note)
				}
				continue
			}
			if err != nil {
				yield(annot.Bundle{}, err)
				return
			}
			key := sha256.Sum256([]byte(b.Doc.Text))
			if counts[key] < 2 {
				if !emit(b) {
					return
				}
				continue
			}
			m := pending[key]
			if m == nil {
				m = &spacyMerge{b: b, sources: []string{b.Source}}
				pending[key] = m
			} else {
				m.add(b)
			}
			if len(m.sources) == counts[key] {
				delete(pending, key)
				if !emit(m.done()) {
					return
				}
			}
		}
		// Tasks counted but not read (a line the first pass read
		// differently) still come out, in no particular order.
		for _, m := range pending {
			if !emit(m.done()) {
				return
			}
		}
		if held != nil {
			held.Warnings = append(held.Warnings, notes...)
			yield(*held, nil)
		} else if len(notes) > 0 {
			// Every task was skipped: say why, not "no documents".
			yield(annot.Bundle{}, fmt.Errorf("no task has text to annotate; %s", strings.Join(notes, "; ")))
		}
	}
}

// spacyTextCounts counts the tasks of each text (by SHA-256), reading only
// the "text" of each line; lines it cannot read are left to the real pass.
func spacyTextCounts(r io.Reader) (map[[32]byte]int, error) {
	counts := map[[32]byte]int{}
	br := bufio.NewReaderSize(r, 1<<16)
	for {
		raw, err := readLine(br, MaxTextBytes*2)
		if len(bytes.TrimSpace(raw)) > 0 {
			var t struct {
				Text *string `json:"text"`
			}
			if json.Unmarshal(bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF")), &t) == nil && t.Text != nil {
				counts[sha256.Sum256([]byte(*t.Text))]++
			}
		}
		if err == io.EOF {
			return counts, nil
		}
		if err != nil {
			return counts, nil // the real pass reports it, with its line
		}
	}
}

// spacySkipped is a line the spaCy reader leaves out with a warning rather
// than an error.
type spacySkipped struct {
	line int
	why  string
}

func (s spacySkipped) Error() string { return s.why }

// spacyMerge gathers the tasks of one text.
type spacyMerge struct {
	b       annot.Bundle
	sources []string
	spans   int // spans read from all tasks, before identical ones merged
}

// add merges the spans, relations, meta and warnings of another task of
// the same text: identical spans (layer, label and fragments) and
// relations are kept once; a span whose id another span already has gets
// a new one.
func (m *spacyMerge) add(src annot.Bundle) {
	if m.spans == 0 {
		m.spans = len(m.b.Spans)
	}
	m.spans += len(src.Spans)
	m.sources = append(m.sources, src.Source)
	k := len(m.sources)
	key := func(sp annot.Span) string {
		return fmt.Sprintf("%s\x00%s\x00%v", sp.Layer, sp.Label, sp.Pieces())
	}
	have := map[string]string{} // content -> id
	ids := map[string]bool{}
	for _, sp := range m.b.Spans {
		have[key(sp)] = sp.ID
		ids[sp.ID] = true
	}
	rename := map[string]string{}
	for _, sp := range src.Spans {
		if id, ok := have[key(sp)]; ok {
			rename[sp.ID] = id
			continue
		}
		id := sp.ID
		for n := k; ids[id]; n++ {
			id = fmt.Sprintf("%s@%d", sp.ID, n)
		}
		rename[sp.ID] = id
		sp.ID = id
		ids[id] = true
		have[key(sp)] = id
		m.b.Spans = append(m.b.Spans, sp)
	}
	rels := map[string]bool{}
	relIDs := map[string]bool{}
	for _, r := range m.b.Relations {
		rels[r.Label+"\x00"+r.From+"\x00"+r.To] = true
		relIDs[r.ID] = true
	}
	for _, r := range src.Relations {
		r.From, r.To = rename[r.From], rename[r.To]
		if k := r.Label + "\x00" + r.From + "\x00" + r.To; !rels[k] {
			rels[k] = true
			if relIDs[r.ID] {
				r.ID = ""
			}
			relIDs[r.ID] = true
			m.b.Relations = append(m.b.Relations, r)
		}
	}
	if m.b.Doc.ID == "" {
		m.b.Doc.ID = src.Doc.ID
	}
	if m.b.Doc.Title == "" {
		m.b.Doc.Title = src.Doc.Title
	}
	for k, v := range src.Doc.Meta {
		if _, ok := m.b.Doc.Meta[k]; !ok {
			if m.b.Doc.Meta == nil {
				m.b.Doc.Meta = map[string]string{}
			}
			m.b.Doc.Meta[k] = v
		}
	}
	m.b.Warnings = append(m.b.Warnings, src.Warnings...)
}

func (m *spacyMerge) done() annot.Bundle {
	b := m.b
	if len(m.sources) > 1 {
		b.Warnings = append(b.Warnings, fmt.Sprintf("%d tasks share this text (%s): merged into one document, %d spans of %d (identical spans once)",
			len(m.sources), strings.Join(m.sources, ", "), len(b.Spans), m.spans))
	}
	return b
}

// readJSONLines streams a JSON Lines file through decode, naming file and
// line in errors; every JSONL reader uses it. Blank lines are skipped; a
// UTF-8 BOM before the first line (as Windows tools write) is dropped and
// UTF-16 is refused.
func readJSONLines(r io.Reader, name string, decode func([]byte) (annot.Bundle, error)) iter.Seq2[annot.Bundle, error] {
	return func(yield func(annot.Bundle, error) bool) {
		br := bufio.NewReaderSize(r, 1<<16)
		for line := 1; ; line++ {
			raw, err := readLine(br, maxJSONDocBytes)
			if err == io.EOF && len(raw) == 0 {
				return
			}
			if err != nil && err != io.EOF {
				yield(annot.Bundle{}, lineErr(name, line, err))
				return
			}
			if line == 1 {
				if bytes.HasPrefix(raw, []byte{0xFF, 0xFE}) || bytes.HasPrefix(raw, []byte{0xFE, 0xFF}) {
					yield(annot.Bundle{}, fmt.Errorf("%s: UTF-16 text is not supported; save the file as UTF-8", name))
					return
				}
				raw = bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF"))
			}
			if len(bytes.TrimSpace(raw)) == 0 {
				if err == io.EOF {
					return
				}
				continue
			}
			if cerr := checkJSONLine(raw); cerr != nil {
				yield(annot.Bundle{}, lineErr(name, line, cerr))
				return
			}
			b, perr := decode(raw)
			if perr == nil {
				perr = checkRelations(&b)
			}
			var sk spacySkipped
			if errors.As(perr, &sk) {
				sk.line = line
				if !yield(annot.Bundle{}, sk) || err == io.EOF {
					return
				}
				continue
			}
			if perr != nil {
				yield(annot.Bundle{}, lineErr(name, line, perr))
				return
			}
			b.Source = fmt.Sprintf("%s:%d", name, line)
			if !yield(b, nil) || err == io.EOF {
				return
			}
		}
	}
}

// docText checks the text of a line.
func docText(t *string) (string, error) {
	if t == nil {
		return "", annot.Invalidf("text", "missing: every line needs the document text")
	}
	if *t == "" {
		return "", annot.Invalidf("text", "text is empty")
	}
	if err := CheckText([]byte(*t)); err != nil {
		return "", annot.Invalidf("text", "%v", err)
	}
	return *t, nil
}

func decodeSpacyLine(raw []byte) (annot.Bundle, error) {
	var task spacyTask
	if err := json.Unmarshal(raw, &task); err != nil {
		return annot.Bundle{}, jsonError(raw, err)
	}
	if task.Text != nil && *task.Text != "" && strings.TrimSpace(strings.TrimPrefix(*task.Text, "\ufeff")) == "" {
		return annot.Bundle{}, spacySkipped{why: "its text is only whitespace (a document needs text)"}
	}
	text, err := docText(task.Text)
	if err != nil {
		return annot.Bundle{}, err
	}
	b := annot.Bundle{Doc: annot.Document{Text: text, Status: annot.StatusTodo}}
	ix := annot.NewIndex(text)
	for k, v := range task.Meta {
		s, ok := v.(string)
		if !ok {
			j, _ := json.Marshal(v)
			s = string(j)
		}
		switch k {
		case "id":
			b.Doc.ID = s
		case "title":
			b.Doc.Title = s
		default:
			if b.Doc.Meta == nil {
				b.Doc.Meta = map[string]string{}
			}
			b.Doc.Meta[k] = s
		}
	}
	if len(task.Tokens) > 0 {
		if toks, ok := spacyTokensMeta(ix, task.Tokens); ok {
			if b.Doc.Meta == nil {
				b.Doc.Meta = map[string]string{}
			}
			b.Doc.Meta[TokensMeta] = toks
		} else {
			b.Warnings = append(b.Warnings, "its tokens do not match its text: not kept")
		}
	}
	if task.Answer == "reject" || task.Answer == "ignore" {
		n := len(task.Spans) + len(task.Relations)
		for _, g := range task.SpanGroups {
			n += len(g)
		}
		if n > 0 {
			b.Warnings = append(b.Warnings, fmt.Sprintf("answer is %q: its %d spans and relations are not imported", task.Answer, n))
		}
		return b, nil
	}
	sb := newSpanBuilder(ix)
	for i, s := range task.Spans {
		if err := sb.add(fmt.Sprintf("spans[%d]", i), s, annot.LayerEntity, false); err != nil {
			return annot.Bundle{}, err
		}
	}
	groups := make([]string, 0, len(task.SpanGroups))
	for g := range task.SpanGroups {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	coderOf := map[string]string{}
	for _, g := range groups {
		if coder, ok := strings.CutPrefix(g, spacyCoderGroup); ok {
			// A coder's group names the coder of spans listed elsewhere.
			for _, s := range task.SpanGroups[g] {
				if s.ID != "" {
					coderOf[s.ID] = coder
				}
			}
			continue
		}
		layer := annot.Layer(g)
		guess := false
		if g == "sc" {
			guess = true
		} else if _, err := annot.ParseLayer(g); err != nil {
			return annot.Bundle{}, annot.InField("span_groups."+g, annot.Invalidf("", "unknown layer %q (want quote, claim, entity, cue, or spaCy's default sc)", g))
		}
		for i, s := range task.SpanGroups[g] {
			if err := sb.add(fmt.Sprintf("span_groups.%s[%d]", g, i), s, layer, guess); err != nil {
				return annot.Bundle{}, err
			}
		}
	}
	b.Spans = sb.spans()
	for i := range b.Spans {
		b.Spans[i].Annotator = coderOf[b.Spans[i].ID]
	}
	for i, r := range task.Relations {
		f := fmt.Sprintf("relations[%d]", i)
		if r.HeadSpan == nil || r.ChildSpan == nil {
			return annot.Bundle{}, annot.Invalidf(f, "a relation needs head_span and child_span")
		}
		from, err := sb.find(f+".head_span", *r.HeadSpan)
		if err != nil {
			return annot.Bundle{}, err
		}
		to, err := sb.find(f+".child_span", *r.ChildSpan)
		if err != nil {
			return annot.Bundle{}, err
		}
		if r.Label == "" {
			return annot.Bundle{}, annot.Invalidf(f+".label", "relation label is empty")
		}
		b.Relations = append(b.Relations, annot.Relation{ID: r.ID, Label: r.Label, From: from, To: to})
	}
	return b, nil
}

// TokensMeta is the document meta key that keeps the tokens an imported
// file gave a document (spaCy/Prodigy tasks): a JSON list [[start,end],...]
// of code point offsets. The spaCy export writes those tokens (cut at span
// boundaries) instead of the tokenizer's.
const TokensMeta = "spacy_tokens"

// spacyTokensMeta renders a task's tokens as TokensMeta when each one's
// text is the text at its offsets and they pass checkTokens, as the spaCy
// export will need them to.
func spacyTokensMeta(ix *annot.Index, toks []spacyToken) (string, bool) {
	ts := make([]annot.Token, 0, len(toks))
	for _, t := range toks {
		if t.Start < 0 || t.End > ix.Len() || t.Start > t.End || ix.Slice(t.Start, t.End) != t.Text {
			return "", false
		}
		ts = append(ts, annot.Token{Start: t.Start, End: t.End})
	}
	if checkTokens(ix, ts) != nil {
		return "", false
	}
	var sb strings.Builder
	sb.WriteByte('[')
	for i, t := range ts {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteByte('[')
		sb.WriteString(strconv.Itoa(t.Start))
		sb.WriteByte(',')
		sb.WriteString(strconv.Itoa(t.End))
		sb.WriteByte(']')
	}
	sb.WriteByte(']')
	return sb.String(), true
}

// spanBuilder collects the spans of a line: entries that share an id are
// the fragments of one discontinuous span.
type spanBuilder struct {
	ix    *annot.Index
	order []string
	byID  map[string]*annot.Span
	where map[string]string // id -> field of its first entry
	anon  int
}

func newSpanBuilder(ix *annot.Index) *spanBuilder {
	return &spanBuilder{ix: ix, byID: map[string]*annot.Span{}, where: map[string]string{}}
}

func (sb *spanBuilder) add(f string, s spacySpan, layer annot.Layer, guess bool) error {
	if s.Start == nil || s.End == nil {
		return annot.Invalidf(f, "start and end are required")
	}
	if s.Label == "" {
		return annot.Invalidf(f+".label", "label is empty")
	}
	if guess {
		layer = layerOf(s.Label)
	}
	sp := annot.Span{ID: s.ID, Start: *s.Start, End: *s.End, Layer: layer, Label: s.Label}
	if err := annot.ValidateSpan(sb.ix, &sp); err != nil {
		return annot.InField(f, err)
	}
	if s.Text != nil {
		if got := sb.ix.Slice(sp.Start, sp.End); got != *s.Text {
			return annot.Invalidf(f+".text", "%q does not match the text at %d..%d, which is %q", *s.Text, sp.Start, sp.End, got)
		}
	}
	if s.ID == "" {
		sb.anon++
		sp.ID = "#" + strconv.Itoa(sb.anon)
	}
	prev, ok := sb.byID[sp.ID]
	if !ok {
		sb.byID[sp.ID] = &sp
		sb.where[sp.ID] = f
		sb.order = append(sb.order, sp.ID)
		return nil
	}
	// Another fragment of the same span.
	if prev.Layer != sp.Layer || prev.Label != sp.Label {
		return annot.Conflictf(f+".id", "duplicate id %q: %s has it with another label or layer", sp.ID, sb.where[sp.ID])
	}
	pieces := append(prev.Pieces(), annot.Fragment{Start: sp.Start, End: sp.End})
	sort.Slice(pieces, func(i, j int) bool { return pieces[i].Start < pieces[j].Start })
	for i := 1; i < len(pieces); i++ {
		if pieces[i].Start < pieces[i-1].End {
			return annot.Conflictf(f+".id", "duplicate id %q: its pieces overlap %s", sp.ID, sb.where[sp.ID])
		}
	}
	prev.Fragments = pieces
	prev.Start, prev.End = pieces[0].Start, pieces[len(pieces)-1].End
	return nil
}

// find returns the id of the span whose piece matches s (a relation's
// head_span or child_span).
func (sb *spanBuilder) find(f string, s spacySpan) (string, error) {
	if s.ID != "" {
		if _, ok := sb.byID[s.ID]; ok {
			return s.ID, nil
		}
	}
	if s.Start == nil || s.End == nil {
		return "", annot.Invalidf(f, "start and end are required")
	}
	for _, id := range sb.order {
		sp := sb.byID[id]
		for _, p := range sp.Pieces() {
			if p.Start == *s.Start && p.End == *s.End && (s.Label == "" || s.Label == sp.Label) {
				return id, nil
			}
		}
	}
	return "", annot.NotFoundf(f, "no span %d..%d %s in this task", *s.Start, *s.End, s.Label)
}

func (sb *spanBuilder) spans() []annot.Span {
	out := make([]annot.Span, 0, len(sb.order))
	for _, id := range sb.order {
		// Spans without an id keep their "#n": the store derives a UUID
		// from it and relations follow.
		out = append(out, *sb.byID[id])
	}
	return out
}
