package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"spanbench/annot"
)

// The Label Studio format: a JSON list of tasks,
//
//	[{"data": {"text": "...", "title": "...", "doc_id": "..."},
//	  "annotations": [{"result": [
//	    {"id": "<span id>", "from_name": "label", "to_name": "text", "type": "labels",
//	     "value": {"start": 0, "end": 12, "text": "Vedant Patel", "labels": ["PERSON"]}},
//	    {"id": "<span id>", "from_name": "attr_kind", "to_name": "text", "type": "choices",
//	     "value": {"start": 40, "end": 62, "choices": ["direct"]}},
//	    {"id": "<span id>", "from_name": "note", "to_name": "text", "type": "textarea",
//	     "value": {"start": 40, "end": 62, "text": ["interrupted by its cue"]}},
//	    {"type": "relation", "from_id": "<quote id>", "to_id": "<person id>", "direction": "right", "labels": ["SPEAKER"]}]}]}]
//
// with NAME.label_config.xml beside it: the labelling config to paste into
// the project's settings. Offsets are code points: Label Studio's editor
// converts the browser's UTF-16 positions to code points before it stores
// them (charsToCodePoints in its selection tools; before that fix, in 2021,
// it stored UTF-16 units, issue #1347: such files are recognised on import
// by their region texts and converted, with a warning). A discontinuous span
// is one region per fragment: the first has the span's id, the others
// "<id>_f2", "<id>_f3"; they are joined again on import. The layer of each
// label is in the config, as the label's hint ("Spanbench layer: quote").
//
// Each task has an "id", 1..N in export order, as Label Studio numbers the
// tasks of a project (its converter needs one); the document's own id is
// data.doc_id. An import keeps what a round trip needs to fit the Label
// Studio project it came from, in the document's meta: the region ids
// ("labelstudio_ids", a JSON list; spans get ids derived from them, and the
// writer maps those back; a UUID region id is the span id itself) and the from_name and to_name of its labels
// ("labelstudio_from_name", "labelstudio_to_name", unless they are label
// and text, Spanbench's own), which the writer uses
// for the Labels and Text tags of the config and every result. Those meta
// keys are not written to the task's meta.

const lsLayerHint = "Spanbench layer: "

// Document meta keys an import from Label Studio sets (see above).
const (
	lsIDsMeta      = "labelstudio_ids"
	lsFromNameMeta = "labelstudio_from_name"
	lsToNameMeta   = "labelstudio_to_name"
)

// lsNamespace scopes the span ids derived from region ids to one text.
func lsNamespace(text string) string { return "labelstudio/" + annot.HashText(text) }

type lsValue struct {
	Start   *int     `json:"start,omitempty"`
	End     *int     `json:"end,omitempty"`
	Text    any      `json:"text,omitempty"` // a string for labels, a list for textarea
	Labels  []string `json:"labels,omitempty"`
	Choices []string `json:"choices,omitempty"`
}

type lsResult struct {
	ID        string   `json:"id,omitempty"`
	FromName  string   `json:"from_name,omitempty"`
	ToName    string   `json:"to_name,omitempty"`
	Type      string   `json:"type"`
	Value     *lsValue `json:"value,omitempty"`
	FromID    string   `json:"from_id,omitempty"`
	ToID      string   `json:"to_id,omitempty"`
	Direction string   `json:"direction,omitempty"`
	Labels    []string `json:"labels,omitempty"`
}

type lsAnnotation struct {
	Result       []lsResult      `json:"result"`
	CompletedBy  json.RawMessage `json:"completed_by,omitempty"`
	WasCancelled bool            `json:"was_cancelled,omitempty"`
}

type lsTaskOut struct {
	ID          int               `json:"id"`
	Data        map[string]string `json:"data"`
	Meta        map[string]string `json:"meta,omitempty"`
	Annotations []lsAnnotation    `json:"annotations"`
}

type lsTaskIn struct {
	ID          json.RawMessage            `json:"id"`
	Data        map[string]json.RawMessage `json:"data"`
	Meta        map[string]any             `json:"meta"`
	Annotations []lsAnnotation             `json:"annotations"`
	Completions []lsAnnotation             `json:"completions"`
	Predictions []json.RawMessage          `json:"predictions"`
}

func init() {
	registerExporter(formatInfo{
		name:  "labelstudio",
		title: "a Label Studio JSON task list (Text with Labels, per-region Choices and TextArea, Relations) and its labelling config",
		ext:   ".json",
		unit:  UnitCodePoint,
		lost: []string{"annotators, unless the project has several coders (then each coder's spans are an annotation of their own, named in completed_by)",
			"document status", "relation ids"},
		newWriter: func(st *exportState, stg *stage) (docWriter, error) {
			f, err := openData(stg)
			if err != nil {
				return nil, err
			}
			w := &lsWriter{st: st, f: f, stg: stg, attrs: map[string]map[string]bool{}}
			_, err = f.WriteString("[")
			return w, err
		},
	})
	exts := []string{".json"}
	RegisterReader(Reader{Name: "labelstudio", Exts: exts, Sniff: sniffLabelStudio,
		Read: func(opt ReadOptions, paths ...string) iter.Seq2[annot.Bundle, error] {
			return func(yield func(annot.Bundle, error) bool) {
				for _, p := range paths {
					files, err := filesWithExt(p, exts...)
					if err != nil {
						yield(annot.Bundle{}, err)
						return
					}
					for _, f := range files {
						cfg, err := findLSConfig(opt.confs, f)
						if err != nil {
							yield(annot.Bundle{}, err)
							return
						}
						if !streamFile(f, func(r io.Reader, name string) iter.Seq2[annot.Bundle, error] {
							return ReadLabelStudio(r, name, cfg)
						}, yield) {
							return
						}
					}
				}
			}
		},
		Labels: func(opt ReadOptions, paths ...string) ([]annot.Label, error) {
			var out []annot.Label
			seen := map[string]bool{} // configs shared by several task files
			for _, p := range paths {
				files, err := filesWithExt(p, exts...)
				if err != nil {
					return nil, err
				}
				for _, f := range files {
					cfg, err := findLSConfig(opt.confs, f)
					if err != nil {
						return nil, err
					}
					if cfg != nil && !seen[cfg.path] {
						seen[cfg.path] = true
						out = append(out, cfg.labels...)
					}
				}
			}
			return out, nil
		}})
}

type lsWriter struct {
	st    *exportState
	f     *fileWriter
	stg   *stage
	n     int
	attrs map[string]map[string]bool
	note  bool
	// from and to are the names of the Labels and Text tags: those of
	// the first document imported from Label Studio, else label and text.
	from, to string
}

// names returns the tag names a document was imported with, or "" "".
func lsNames(b *annot.Bundle) (from, to string) {
	return b.Doc.Meta[lsFromNameMeta], b.Doc.Meta[lsToNameMeta]
}

// lsRegionIDs maps a document's span ids back to the region ids it was
// imported with.
func lsRegionIDs(b *annot.Bundle) map[string]string {
	list := b.Doc.Meta[lsIDsMeta]
	if list == "" {
		return nil
	}
	var ids []string
	if json.Unmarshal([]byte(list), &ids) != nil {
		return nil
	}
	ns := lsNamespace(b.Doc.Text)
	out := make(map[string]string, len(ids))
	for _, id := range ids {
		out[annot.DerivedID(ns, id)] = id
	}
	return out
}

func (w *lsWriter) write(b *annot.Bundle, ix *annot.Index) error {
	if w.from == "" {
		w.from, w.to = "label", "text"
		if f, t := lsNames(b); f != "" && t != "" {
			w.from, w.to = f, t
		}
	}
	if f, t := lsNames(b); f != "" && (f != w.from || t != w.to) {
		w.st.warn(fmt.Sprintf("documents imported with other Label Studio tag names (%s, %s) are written with %s and %s, as the config", f, t, w.from, w.to))
	}
	var meta map[string]string
	for k, v := range b.Doc.Meta {
		if k == lsIDsMeta || k == lsFromNameMeta || k == lsToNameMeta {
			continue
		}
		if meta == nil {
			meta = map[string]string{}
		}
		meta[k] = v
	}
	w.n++
	task := lsTaskOut{ID: w.n, Data: map[string]string{"title": b.Doc.Title, "doc_id": b.Doc.ID},
		Meta: meta, Annotations: []lsAnnotation{{Result: []lsResult{}}}}
	if w.n > 1 {
		w.f.WriteString(",")
	}
	w.f.WriteString("\n")
	// The task is written as it is built: up to its result list, the text
	// streamed into its place; then each result as it comes; then the end.
	// Neither the text nor 20,000 results are held as JSON.
	head := &withhold{w: w.f, n: len(lsTaskEnd)}
	if err := encodeJSONText(head, b.Doc.Text, func(text string) any { task.Data["text"] = text; return task }); err != nil {
		return err
	}
	if string(head.held) != lsTaskEnd {
		return fmt.Errorf("labelstudio: a task ends in %q, not %q", head.held, lsTaskEnd)
	}
	results := 0
	var err error
	emit := func(r lsResult) {
		if err != nil {
			return
		}
		if results > 0 {
			w.f.WriteString(",")
		}
		results++
		err = encodeJSON(noNewline{w: w.f}, r)
	}
	// Region ids: those the spans were imported with, else the span ids.
	regions := lsRegionIDs(b)
	used := map[string]bool{}
	regionOf := map[string]string{}
	for _, sp := range b.Spans {
		id, ok := regions[sp.ID]
		if !ok || used[id] {
			id = sp.ID
		}
		used[id] = true
		regionOf[sp.ID] = id
	}
	// In a project of several coders (opt.Team), one annotation per coder
	// (annotator), in name order, each with its coder in completed_by
	// ({"email": NAME}, as Label Studio's full export names users); spans
	// without an annotator make one without. Otherwise one annotation.
	coders := []string{""}
	byCoder := map[string][]annot.Span{"": b.Spans}
	coderOf := map[string]string{}
	if w.st.opt.Team != nil {
		coders, byCoder = nil, map[string][]annot.Span{}
		for _, sp := range b.Spans {
			if _, ok := byCoder[sp.Annotator]; !ok {
				coders = append(coders, sp.Annotator)
			}
			byCoder[sp.Annotator] = append(byCoder[sp.Annotator], sp)
			coderOf[sp.ID] = sp.Annotator
		}
		sort.Strings(coders)
	} else {
		w.st.lose("span annotators", countAnnotated(b.Spans))
	}
	completedBy := func(name string) string {
		if name == "" {
			return ""
		}
		v, _ := json.Marshal(map[string]string{"email": name})
		return `,"completed_by":` + string(v)
	}
	crossed := 0
	for ci, coder := range coders {
		if ci > 0 {
			w.f.WriteString("]" + completedBy(coders[ci-1]) + `},{"result":[`)
			results = 0
		}
		if err := w.writeSpans(b, ix, byCoder[coder], regionOf, emit); err != nil {
			return err
		}
		for _, r := range b.Relations {
			from, to := regionOf[r.From], regionOf[r.To]
			if from == "" || to == "" || coderOf[r.From] != coder {
				continue
			}
			if coderOf[r.To] != coder {
				crossed++
				continue
			}
			emit(lsResult{Type: "relation", FromID: from, ToID: to, Direction: "right", Labels: []string{r.Label}})
		}
	}
	w.st.lose("relations between spans of different coders", crossed)
	if err != nil {
		return err
	}
	last := ""
	if len(coders) > 0 {
		last = coders[len(coders)-1]
	}
	_, err = w.f.WriteString("]" + completedBy(last) + "}]}")
	return err
}

// writeSpans emits the results of spans: a labels region per piece, and
// the first piece's attribute choices and note.
func (w *lsWriter) writeSpans(b *annot.Bundle, ix *annot.Index, spans []annot.Span, regionOf map[string]string, emit func(lsResult)) error {
	for _, sp := range spans {
		for i, p := range sp.Pieces() {
			id := regionOf[sp.ID]
			if i > 0 {
				id = fmt.Sprintf("%s_f%d", id, i+1)
			}
			s, e := intp(p.Start), intp(p.End)
			emit(lsResult{ID: id, FromName: w.from, ToName: w.to, Type: "labels",
				Value: &lsValue{Start: s, End: e, Text: ix.Slice(p.Start, p.End), Labels: []string{sp.Label}}})
			if i > 0 {
				continue
			}
			keys := make([]string, 0, len(sp.Attrs))
			for k := range sp.Attrs {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if w.attrs[k] == nil {
					w.attrs[k] = map[string]bool{}
				}
				w.attrs[k][sp.Attrs[k]] = true
				emit(lsResult{ID: id, FromName: "attr_" + k, ToName: w.to, Type: "choices",
					Value: &lsValue{Start: s, End: e, Choices: []string{sp.Attrs[k]}}})
			}
			if sp.Note != "" {
				w.note = true
				emit(lsResult{ID: id, FromName: "note", ToName: w.to, Type: "textarea",
					Value: &lsValue{Start: s, End: e, Text: []string{sp.Note}}})
			}
		}
	}
	return nil
}

// lsTaskEnd is how an encoded lsTaskOut with no results ends: after it
// come the results.
const lsTaskEnd = "]}]}\n"

// withhold writes all but the last n bytes it is given, which it keeps in
// held.
type withhold struct {
	w    io.Writer
	n    int
	held []byte
}

func (h *withhold) Write(p []byte) (int, error) {
	h.held = append(h.held, p...)
	if k := len(h.held) - h.n; k > 0 {
		if _, err := h.w.Write(h.held[:k]); err != nil {
			return 0, err
		}
		h.held = append(h.held[:0], h.held[k:]...)
	}
	return len(p), nil
}

// noNewline writes what it is given but for a final newline: encoding/json
// writes none but the one after the value.
type noNewline struct{ w io.Writer }

func (n noNewline) Write(p []byte) (int, error) {
	_, err := n.w.Write(bytes.TrimSuffix(p, []byte("\n")))
	return len(p), err
}

func (w *lsWriter) close() error {
	w.f.WriteString("\n]\n")
	if err := w.f.Close(); err != nil {
		return err
	}
	f, err := w.stg.create(w.stg.sidePath(".label_config.xml"))
	if err != nil {
		return err
	}
	if w.from == "" {
		w.from, w.to = "label", "text"
	}
	cfg := lsConfig(w.st.labels, w.attrs, w.note, w.from, w.to)
	if _, err := f.Write(cfg); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// lsConfig writes the labelling config: the text (whitespace kept, so
// offsets match), its labels with their layer as a hint, relations, one
// per-region Choices per attribute and a per-region TextArea for notes.
func lsConfig(labels []annot.Label, attrs map[string]map[string]bool, note bool, from, to string) []byte {
	var b bytes.Buffer
	esc := func(s string) string {
		var e bytes.Buffer
		xml.EscapeText(&e, []byte(s))
		return strings.ReplaceAll(e.String(), `"`, "&quot;")
	}
	fmt.Fprintf(&b, "<View>\n  <Style>.htx-text { white-space: pre-wrap; }</Style>\n  <Header value=\"$title\"/>\n  <Labels name=\"%s\" toName=\"%s\">\n", esc(from), esc(to))
	for _, l := range labels {
		if l.Layer == annot.LayerRelation {
			continue
		}
		fmt.Fprintf(&b, "    <Label value=\"%s\"", esc(l.Name))
		if l.Color != "" {
			fmt.Fprintf(&b, " background=\"%s\"", esc(l.Color))
		}
		fmt.Fprintf(&b, " hint=\"%s%s\"/>\n", lsLayerHint, l.Layer)
	}
	fmt.Fprintf(&b, "  </Labels>\n  <Text name=\"%s\" value=\"$text\"/>\n  <Relations>\n", esc(to))
	for _, l := range labels {
		if l.Layer == annot.LayerRelation {
			fmt.Fprintf(&b, "    <Relation value=\"%s\"/>\n", esc(l.Name))
		}
	}
	b.WriteString("  </Relations>\n")
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "  <Choices name=\"attr_%s\" toName=\"%s\" perRegion=\"true\" choice=\"single\">\n", esc(n), esc(to))
		var vals []string
		for v := range attrs[n] {
			vals = append(vals, v)
		}
		sort.Strings(vals)
		for _, v := range vals {
			fmt.Fprintf(&b, "    <Choice value=\"%s\"/>\n", esc(v))
		}
		b.WriteString("  </Choices>\n")
	}
	if note {
		fmt.Fprintf(&b, "  <TextArea name=\"note\" toName=\"%s\" perRegion=\"true\" editable=\"true\"/>\n", esc(to))
	}
	b.WriteString("</View>\n")
	return b.Bytes()
}

// lsConf is what a labelling config declares.
type lsConf struct {
	path      string
	textField string                 // the data field of the Text tag ("text")
	layers    map[string]annot.Layer // label -> layer
	relations map[string]bool
	labels    []annot.Label
}

// findLSConfig looks for the labelling config of a task file: NAME.label_config.xml,
// then label_config.xml or config.xml in its folder. nil when there is none.
// confs, when not nil, keeps it parsed.
func findLSConfig(confs *confCache, jsonPath string) (*lsConf, error) {
	dir := filepath.Dir(jsonPath)
	for _, p := range []string{strings.TrimSuffix(jsonPath, filepath.Ext(jsonPath)) + ".label_config.xml",
		filepath.Join(dir, "label_config.xml"), filepath.Join(dir, "config.xml")} {
		c, err := confs.load(p, func() (any, error) {
			b, err := readFileLimited(p, 16<<20)
			if err != nil {
				return nil, err
			}
			if err := CheckText(b); err != nil {
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			return parseLSConfig(b, p)
		})
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return c.(*lsConf), nil
	}
	return nil, nil
}

// parseLSConfig reads labels, their layers (from the hint) and colours,
// relation labels and the Text tag's data field.
func parseLSConfig(b []byte, path string) (*lsConf, error) {
	c := &lsConf{path: path, textField: "text", layers: map[string]annot.Layer{}, relations: map[string]bool{}}
	dec := xml.NewDecoder(bytes.NewReader(b))
	var stack []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			return nil, lineErr(path, line, fmt.Errorf("not a valid labelling config: %v", err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			attr := func(n string) string {
				for _, a := range t.Attr {
					if strings.EqualFold(a.Name.Local, n) {
						return a.Value
					}
				}
				return ""
			}
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			switch t.Name.Local {
			case "Text", "HyperText":
				if v := attr("value"); strings.HasPrefix(v, "$") {
					c.textField = v[1:]
				}
			case "Label":
				if parent == "Labels" || parent == "HyperTextLabels" {
					name := attr("value")
					layer := layerOf(name)
					if h := attr("hint"); strings.HasPrefix(h, lsLayerHint) {
						if l, err := annot.ParseLayer(strings.TrimPrefix(h, lsLayerHint)); err == nil {
							layer = l
						}
					}
					if _, dup := c.layers[name]; !dup && name != "" {
						c.layers[name] = layer
						col := strings.ToLower(attr("background"))
						if annot.CheckColor(col) != nil {
							col = ""
						}
						c.labels = append(c.labels, annot.Label{Layer: layer, Name: name, Color: col})
					}
				}
			case "Relation":
				if name := attr("value"); name != "" && !c.relations[name] {
					c.relations[name] = true
					c.labels = append(c.labels, annot.Label{Layer: annot.LayerRelation, Name: name})
				}
			}
			stack = append(stack, t.Name.Local)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	return c, nil
}

// sniffLabelStudio recognises a JSON list of tasks with "data".
func sniffLabelStudio(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 1<<16)
	n, _ := io.ReadFull(f, buf)
	head := bytes.TrimSpace(bytes.TrimPrefix(buf[:n], []byte("\ufeff")))
	return (bytes.HasPrefix(head, []byte("[")) || bytes.HasPrefix(head, []byte("{"))) && bytes.Contains(head, []byte(`"data"`))
}

// ReadLabelStudio streams the tasks of a Label Studio JSON export (a list
// of tasks, or one task). cfg, when not nil, is the project's labelling
// config: it names the text field and the layer of each label, and labels
// it does not declare are refused.
func ReadLabelStudio(r io.Reader, name string, cfg *lsConf) iter.Seq2[annot.Bundle, error] {
	return func(yield func(annot.Bundle, error) bool) {
		br := bufio.NewReaderSize(newUTF8Reader(r), 1<<16)
		var first byte
		for {
			c, err := br.ReadByte()
			if err != nil {
				yield(annot.Bundle{}, fmt.Errorf("%s: want a JSON list of tasks: %w", name, jsonStreamError(err)))
				return
			}
			if c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != 0xEF && c != 0xBB && c != 0xBF {
				first = c
				br.UnreadByte()
				break
			}
		}
		jr := newJSONValueReader(br, maxJSONDocBytes)
		dec := json.NewDecoder(jr)
		if first == '{' {
			var task lsTaskIn
			if err := dec.Decode(&task); err != nil {
				yield(annot.Bundle{}, fmt.Errorf("%s: %w", name, jsonStreamError(err)))
				return
			}
			b, err := decodeLSTask(&task, cfg)
			if err != nil {
				yield(annot.Bundle{}, fmt.Errorf("%s: %w", name, err))
				return
			}
			b.Source = name
			yield(b, nil)
			return
		}
		if first != '[' {
			yield(annot.Bundle{}, fmt.Errorf("%s: want a JSON list of tasks, not a file starting with %q", name, first))
			return
		}
		dec.Token()
		for i := 0; dec.More(); i++ {
			var task lsTaskIn
			if err := dec.Decode(&task); err != nil {
				yield(annot.Bundle{}, fmt.Errorf("%s: task %d: %w", name, i+1, jsonStreamError(err)))
				return
			}
			jr.mark(dec.InputOffset())
			where := fmt.Sprintf("%s: task %d", name, i+1)
			b, err := decodeLSTask(&task, cfg)
			if err != nil {
				yield(annot.Bundle{}, fmt.Errorf("%s: %w", where, err))
				return
			}
			b.Source = where
			if !yield(b, nil) {
				return
			}
		}
		if _, err := dec.Token(); err != nil {
			yield(annot.Bundle{}, fmt.Errorf("%s: %w", name, jsonStreamError(err)))
		}
	}
}

func jsonStreamError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var ue notUTF8Error
	var pe passError
	switch {
	case errors.As(err, &ue):
		return ue
	case errors.As(err, &pe):
		return pe
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return errors.New("invalid JSON: the file ends early (truncated?)")
	case errors.As(err, &se):
		return fmt.Errorf("invalid JSON at byte %d: %v", se.Offset, se)
	case errors.As(err, &te):
		return annot.Invalidf(te.Field, "want %s, got a JSON %s", te.Type, te.Value)
	}
	return fmt.Errorf("invalid JSON: %v", err)
}

var fragmentID = regexp.MustCompile(`^(.+)_f([0-9]+)$`)

// lsCompare reduces a region text to what Label Studio keeps reliably: its
// stored text replaces line breaks by "\n" and may lose repeated spaces
// (issue #3078), so only the non-space characters are compared.
func lsCompare(s string) string {
	s = strings.ReplaceAll(s, `\n`, "")
	return strings.Join(strings.Fields(s), "")
}

// lsSpaced reduces a region text less than lsCompare: line breaks and runs
// of spaces become one space, but a space at either end still counts.
func lsSpaced(s string) string {
	s = strings.ReplaceAll(s, `\n`, " ")
	var sb strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteRune(r)
	}
	if space {
		sb.WriteByte(' ')
	}
	return sb.String()
}

// lsUTF16 tells whether a task's regions count UTF-16 units, as Label
// Studio did before its code point fix, rather than code points. The unit
// is decided for the whole task from the regions that carry their text:
// deciding region by region would keep a region whose UTF-16 offsets also
// match (on its non-space characters) the text elsewhere. When both units
// fit every region, the one more region texts match exactly, spaces at the
// ends included, wins; code points on a tie.
func lsUTF16(ix *annot.Index, anns []lsAnnotation, key string) (bool, error) {
	type region struct {
		f          string
		start, end int
		want       string
	}
	var rs []region
	for ai, ann := range anns {
		if ann.WasCancelled {
			continue
		}
		for ri, r := range ann.Result {
			if r.Type != "labels" && r.Type != "hypertextlabels" || r.Value == nil || r.Value.Start == nil || r.Value.End == nil {
				continue
			}
			if want, ok := r.Value.Text.(string); ok {
				rs = append(rs, region{fmt.Sprintf("%s[%d].result[%d]", key, ai, ri), *r.Value.Start, *r.Value.End, want})
			}
		}
	}
	inText := func(s, e int) bool { return s >= 0 && e <= ix.Len() && s <= e }
	// fit is 0 when the region's text is not at s..e, 1 when it is on its
	// non-space characters, 2 when it is with its spaces.
	fit := func(r region, s, e int) int {
		switch {
		case !inText(s, e) || lsCompare(ix.Slice(s, e)) != lsCompare(r.want):
			return 0
		case lsSpaced(ix.Slice(s, e)) == lsSpaced(r.want):
			return 2
		}
		return 1
	}
	rawFits, convFits := true, true
	rawExact, convExact := 0, 0
	bad, onlyRaw, onlyConv := -1, -1, -1
	for i, r := range rs {
		fr := fit(r, r.start, r.end)
		fc := 0
		s16, e1 := UnitUTF16.toCP(ix, r.start)
		e16, e2 := UnitUTF16.toCP(ix, r.end)
		if e1 == nil && e2 == nil {
			fc = fit(r, s16, e16)
		}
		rawExact += fr / 2
		convExact += fc / 2
		rawFits = rawFits && fr > 0
		convFits = convFits && fc > 0
		switch {
		case fr == 0 && fc == 0:
			if bad < 0 {
				bad = i
			}
		case fc == 0 && onlyRaw < 0:
			onlyRaw = i
		case fr == 0 && onlyConv < 0:
			onlyConv = i
		}
	}
	switch {
	case rawFits && convFits:
		return convExact > rawExact, nil
	case rawFits:
		return false, nil
	case convFits:
		return true, nil
	case bad >= 0:
		r := rs[bad]
		got := "outside the text"
		if inText(r.start, r.end) {
			got = fmt.Sprintf("%q", ix.Slice(r.start, r.end))
		}
		return false, annot.Invalidf(r.f+".value.text", "%q does not match the text at %d..%d, which is %s", cutText(r.want, 60), r.start, r.end, got)
	}
	return false, annot.Invalidf(rs[onlyRaw].f+".value", "the offsets count code points, but those of %s count UTF-16 units (Label Studio before its code point fix): a task uses one or the other", rs[onlyConv].f)
}

func decodeLSTask(task *lsTaskIn, cfg *lsConf) (annot.Bundle, error) {
	field := "text"
	if cfg != nil {
		field = cfg.textField
	}
	raw, ok := task.Data[field]
	if !ok {
		return annot.Bundle{}, annot.Invalidf("data."+field, "missing: the task has no %q field (the Text tag's value)", field)
	}
	var text *string
	if err := json.Unmarshal(raw, &text); err != nil {
		return annot.Bundle{}, annot.Invalidf("data."+field, "want a string")
	}
	txt, err := docText(text)
	if err != nil {
		return annot.Bundle{}, annot.InField("data", err)
	}
	b := annot.Bundle{Doc: annot.Document{Text: txt, Status: annot.StatusTodo}}
	for k, v := range task.Data {
		var s string
		if json.Unmarshal(v, &s) != nil {
			continue
		}
		switch k {
		case field:
		case "title":
			b.Doc.Title = s
		case "doc_id":
			b.Doc.ID = s
		default:
			if b.Doc.Meta == nil {
				b.Doc.Meta = map[string]string{}
			}
			b.Doc.Meta[k] = s
		}
	}
	for k, v := range task.Meta {
		s, ok := v.(string)
		if !ok {
			continue
		}
		if b.Doc.Meta == nil {
			b.Doc.Meta = map[string]string{}
		}
		if _, taken := b.Doc.Meta[k]; !taken {
			b.Doc.Meta[k] = s
		}
	}
	if b.Doc.ID == "" {
		b.Doc.ID, _ = doccanoID(task.ID)
	}
	ix := annot.NewIndex(txt)
	anns := task.Annotations
	key := "annotations"
	if len(anns) == 0 && len(task.Completions) > 0 {
		anns, key = task.Completions, "completions"
	}
	skipped := map[string]int{}
	if len(task.Predictions) > 0 {
		skipped["predictions"] += len(task.Predictions)
	}
	utf16, err := lsUTF16(ix, anns, key)
	if err != nil {
		return annot.Bundle{}, err
	}
	legacy := 0
	ns := lsNamespace(txt)
	var regionIDs []string
	taken := map[string]bool{} // region ids the task's spans keep
	var fromName, toName string
	for ai, ann := range anns {
		if ann.WasCancelled {
			skipped["cancelled annotations"]++
			continue
		}
		prefix := ""
		if len(anns) > 1 && ai > 0 {
			prefix = fmt.Sprintf("a%d:", ai+1)
		}
		annotator := ""
		var by struct{ Email string }
		if json.Unmarshal(ann.CompletedBy, &by) == nil {
			annotator = by.Email
		}
		byID := map[string]int{} // region id -> span index
		pending := map[string][]lsResult{}
		for ri, r := range ann.Result {
			f := fmt.Sprintf("%s[%d].result[%d]", key, ai, ri)
			switch r.Type {
			case "labels", "hypertextlabels":
				if r.Value == nil || r.Value.Start == nil || r.Value.End == nil {
					return annot.Bundle{}, annot.Invalidf(f+".value", "a labels region needs start and end")
				}
				if len(r.Value.Labels) == 0 {
					return annot.Bundle{}, annot.Invalidf(f+".value.labels", "the region has no label")
				}
				label := r.Value.Labels[0]
				if len(r.Value.Labels) > 1 {
					skipped["second labels of a region"] += len(r.Value.Labels) - 1
				}
				layer := layerOf(label)
				if cfg != nil {
					l, ok := cfg.layers[label]
					if !ok {
						return annot.Bundle{}, annot.NotFoundf(f+".value.labels", "label %q is not in the labelling config %s", label, cfg.path)
					}
					layer = l
				}
				start, end := *r.Value.Start, *r.Value.End
				if utf16 {
					s16, e1 := UnitUTF16.toCP(ix, start)
					e16, e2 := UnitUTF16.toCP(ix, end)
					if err := errors.Join(e1, e2); err != nil {
						return annot.Bundle{}, annot.Invalidf(f+".value", "the task's offsets are UTF-16 units (Label Studio before its code point fix), but %d..%d is not: %v", start, end, err)
					}
					start, end = s16, e16
					legacy++
				}
				id := r.ID
				if id == "" {
					id = fmt.Sprintf("r%d", ri)
				}
				if m := fragmentID.FindStringSubmatch(id); m != nil {
					if i, ok := byID[prefix+m[1]]; ok && b.Spans[i].Label == label {
						sp := &b.Spans[i]
						pieces := append(sp.Pieces(), annot.Fragment{Start: start, End: end})
						sort.Slice(pieces, func(x, y int) bool { return pieces[x].Start < pieces[y].Start })
						sp.Fragments, sp.Start, sp.End = pieces, pieces[0].Start, pieces[len(pieces)-1].End
						if err := annot.ValidateSpan(ix, sp); err != nil {
							return annot.Bundle{}, annot.InField(f+".value", err)
						}
						byID[prefix+id] = i
						continue
					}
				}
				if _, dup := byID[prefix+id]; dup {
					return annot.Bundle{}, annot.Conflictf(f+".id", "duplicate region id %q", r.ID)
				}
				sp := annot.Span{ID: prefix + id, Start: start, End: end, Layer: layer, Label: label, Annotator: annotator}
				// A region id that is a UUID (a Spanbench export) is the
				// span's id as it is; others are remembered, as they are,
				// so that an export gives them back. Only an id an earlier
				// annotation of the task already used gets the
				// annotation's prefix.
				if r.ID != "" {
					region := id
					if taken[region] {
						region = prefix + id
					}
					taken[region] = true
					sp.ID = region
					if !annot.IsUUID(region) {
						sp.ID = annot.DerivedID(ns, region)
						regionIDs = append(regionIDs, region)
					}
				}
				if fromName == "" && r.FromName != "" && r.ToName != "" && (r.FromName != "label" || r.ToName != "text") {
					fromName, toName = r.FromName, r.ToName
				}
				if err := annot.ValidateSpan(ix, &sp); err != nil {
					return annot.Bundle{}, annot.InField(f+".value", err)
				}
				byID[prefix+id] = len(b.Spans)
				b.Spans = append(b.Spans, sp)
			case "choices", "textarea", "relation":
				pending[r.Type] = append(pending[r.Type], r)
			default:
				skipped[r.Type+" results"]++
			}
		}
		// Per-region attributes and notes, then relations, once every
		// region is known.
		for _, r := range pending["choices"] {
			i, ok := byID[prefix+r.ID]
			if r.ID == "" || !ok || r.Value == nil {
				skipped["choices not attached to a region"]++
				continue
			}
			sp := &b.Spans[i]
			if sp.Attrs == nil {
				sp.Attrs = map[string]string{}
			}
			sp.Attrs[strings.TrimPrefix(r.FromName, "attr_")] = strings.Join(r.Value.Choices, ",")
		}
		for _, r := range pending["textarea"] {
			i, ok := byID[prefix+r.ID]
			if r.ID == "" || !ok || r.Value == nil {
				skipped["text areas not attached to a region"]++
				continue
			}
			var lines []string
			switch t := r.Value.Text.(type) {
			case string:
				lines = []string{t}
			case []any:
				for _, x := range t {
					if s, ok := x.(string); ok {
						lines = append(lines, s)
					}
				}
			}
			b.Spans[i].Note = strings.Join(lines, "\n")
		}
		for ri, r := range pending["relation"] {
			f := fmt.Sprintf("%s[%d].relations[%d]", key, ai, ri)
			from, ok1 := byID[prefix+r.FromID]
			to, ok2 := byID[prefix+r.ToID]
			if !ok1 {
				return annot.Bundle{}, annot.NotFoundf(f+".from_id", "region %q is not a labelled region of this task", r.FromID)
			}
			if !ok2 {
				return annot.Bundle{}, annot.NotFoundf(f+".to_id", "region %q is not a labelled region of this task", r.ToID)
			}
			label := "RELATED"
			if len(r.Labels) > 0 {
				label = r.Labels[0]
			} else {
				skipped["relations without a label (read as RELATED)"]++
			}
			if cfg != nil && len(r.Labels) > 0 && !cfg.relations[label] {
				return annot.Bundle{}, annot.NotFoundf(f+".labels", "relation label %q is not in the labelling config %s", label, cfg.path)
			}
			if r.Direction == "left" {
				from, to = to, from
			}
			b.Relations = append(b.Relations, annot.Relation{Label: label, From: b.Spans[from].ID, To: b.Spans[to].ID})
		}
	}
	if len(regionIDs) > 0 || fromName != "" {
		if b.Doc.Meta == nil {
			b.Doc.Meta = map[string]string{}
		}
		if len(regionIDs) > 0 {
			j, _ := json.Marshal(regionIDs)
			b.Doc.Meta[lsIDsMeta] = string(j)
		}
		if fromName != "" {
			b.Doc.Meta[lsFromNameMeta], b.Doc.Meta[lsToNameMeta] = fromName, toName
		}
	}
	if err := checkRelations(&b); err != nil {
		return annot.Bundle{}, err
	}
	if legacy > 0 {
		b.Warnings = append(b.Warnings, fmt.Sprintf("%d regions had UTF-16 offsets (Label Studio before its code point fix); converted", legacy))
	}
	if len(skipped) > 0 {
		b.Warnings = append(b.Warnings, "skipped "+countList(skipped))
	}
	return b, nil
}
