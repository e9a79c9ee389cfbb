package format

import (
	"bufio"
	"bytes"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"spanbench/annot"
)

// The brat standoff format: a folder with NAME.txt (the text, verbatim) and
// NAME.ann per document, plus annotation.conf and visual.conf so brat opens
// it. Offsets in .ann are code points into the .txt read as-is: a BOM and
// the \r of a CRLF count, as they do in Spanbench. (brat's own server reads
// text with universal newlines and counts \r\n as one character, brat issue
// #853; an .ann written that way is recognised on import by its span texts
// and converted, all of its spans or none, with a warning.)
//
//	T1	PERSON 15 27	Vedant Patel
//	T2	QUOTE 40 62;70 95	We are ... and we ...
//	R1	SPEAKER Arg1:T2 Arg2:T1
//	A1	kind T2 direct
//	#1	AnnotatorNotes T2	interrupted by its cue
//
// brat's T and R ids are kept on a round trip: the reader derives span and
// relation ids from them and lists them in the document's meta
// "brat_ids"; the writer maps those spans back to their brat ids and
// numbers new ones after them. A and # ids are renumbered.

// bratIDsMeta is the meta key listing a document's brat T and R ids.
const bratIDsMeta = "brat_ids"

func init() {
	registerExporter(formatInfo{
		name:   "brat",
		title:  "a brat standoff folder: NAME.txt and NAME.ann per document, with annotation.conf and visual.conf",
		folder: true,
		unit:   UnitCodePoint,
		lost: []string{"annotators, unless the project has several coders (then each coder's spans are also in a folder of their own, NAME/)",
			"document status and meta other than the file name",
			"line breaks inside notes (each line becomes a note of its own)",
			"attribute values with spaces (written with _)"},
		newWriter: func(st *exportState, stg *stage) (docWriter, error) {
			return &bratWriter{st: st, stg: stg, names: map[string]bool{}, typeOf: map[annot.Layer]map[string]string{}, typeTaken: map[string]bool{}}, nil
		},
	})
	RegisterReader(Reader{Name: "brat", Exts: []string{".ann"}, Read: func(opt ReadOptions, paths ...string) iter.Seq2[annot.Bundle, error] {
		return bratFiles(opt.confs, paths...)
	}, Labels: func(opt ReadOptions, paths ...string) ([]annot.Label, error) {
		return bratLabels(opt.confs, paths...)
	}})
}

// bratNamespace scopes the ids derived from brat ids to one text.
func bratNamespace(b *annot.Bundle) string {
	h := b.Doc.SHA256
	if h == "" {
		h = annot.HashText(b.Doc.Text)
	}
	return "brat/" + h
}

type bratWriter struct {
	st        *exportState
	stg       *stage
	names     map[string]bool
	typeOf    map[annot.Layer]map[string]string
	typeTaken map[string]bool
	attrs     map[string]map[string]bool
	// coderDirs maps each coder to their folder (a project of several
	// coders: opt.Team), in the order first seen.
	coderDirs  map[string]string
	coderOrder []string
	dirTaken   map[string]bool
}

// coderDir returns the folder of a coder's files: the name made safe and
// unique, case aside.
func (w *bratWriter) coderDir(coder string) string {
	if d, ok := w.coderDirs[coder]; ok {
		return d
	}
	if w.coderDirs == nil {
		w.coderDirs, w.dirTaken = map[string]string{}, map[string]bool{}
	}
	d := coderFileName(coder, w.dirTaken)
	w.coderDirs[coder] = d
	w.coderOrder = append(w.coderOrder, coder)
	return d
}

var unsafeName = regexp.MustCompile(`[^\p{L}\p{N}._-]+`)

// fileName picks the document's file name: its source file's name when it
// has one, else its id; unique within the export. Names keep letters,
// digits, '.', '_' and '-' only, and never start with '-' or '.' (a file
// named -rf.txt is an option to a shell command; .x.txt is hidden).
func (w *bratWriter) fileName(b *annot.Bundle) string {
	safe := func(s string) string {
		s = strings.TrimSuffix(strings.TrimSuffix(filepath.Base(s), ".txt"), ".ann")
		s = strings.TrimLeft(unsafeName.ReplaceAllString(s, "_"), "._-")
		if s = strings.TrimRight(s, "._"); s == "" || strings.EqualFold(s, "README") || len(s) > 100 {
			return ""
		}
		return s
	}
	name := safe(b.Doc.Meta["source"])
	if name == "" {
		name = safe(b.Doc.ID)
	}
	if name == "" {
		name = "doc"
	}
	base := name
	for i := 2; w.names[strings.ToLower(name)]; i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	w.names[strings.ToLower(name)] = true
	return name
}

// typeName gives a label its brat type: the label itself, unless another
// layer took that name first (brat types are one namespace).
func (w *bratWriter) typeName(layer annot.Layer, label string) string {
	if t, ok := w.typeOf[layer][label]; ok {
		return t
	}
	t := label
	if w.typeTaken[t] {
		t = label + "-" + string(layer)
		w.st.warn(fmt.Sprintf("label %s exists in more than one layer; its %s spans are brat type %s", label, layer, t))
	}
	w.typeTaken[t] = true
	if w.typeOf[layer] == nil {
		w.typeOf[layer] = map[string]string{}
	}
	w.typeOf[layer][label] = t
	return t
}

// bratLinePieces splits fragments at line breaks, leaving the \r and \n
// characters out, as brat's annotator does when a selection crosses a line
// (a T line holds one line of text, and brat's parser compares the text
// field exactly). A fragment of line breaks only is dropped; a span made of
// nothing but line breaks keeps its fragments.
func bratLinePieces(ix *annot.Index, pieces []annot.Fragment) []annot.Fragment {
	var out []annot.Fragment
	for _, p := range pieces {
		s := p.Start
		for i, r := range []rune(ix.Slice(p.Start, p.End)) {
			if r != '\n' && r != '\r' {
				continue
			}
			if c := p.Start + i; c > s {
				out = append(out, annot.Fragment{Start: s, End: c})
			}
			s = p.Start + i + 1
		}
		if p.End > s {
			out = append(out, annot.Fragment{Start: s, End: p.End})
		}
	}
	if len(out) == 0 {
		return pieces
	}
	return out
}

// joinLinePieces undoes bratLinePieces: fragments that only a line break
// separates become one, since brat writes a selection across lines so.
func joinLinePieces(ix *annot.Index, pieces []annot.Fragment) []annot.Fragment {
	out := []annot.Fragment{pieces[0]}
	for _, p := range pieces[1:] {
		last := &out[len(out)-1]
		if gap := ix.Slice(last.End, p.Start); p.Start > last.End && strings.Trim(gap, "\r\n") == "" {
			last.End = max(last.End, p.End)
			continue
		}
		out = append(out, p)
	}
	return out
}

// bratText is a span's text field: fragments joined by a space, as brat
// writes them, with line breaks as spaces so the line stays one line.
func bratText(ix *annot.Index, pieces []annot.Fragment) string {
	parts := make([]string, len(pieces))
	for i, p := range pieces {
		parts[i] = ix.Slice(p.Start, p.End)
	}
	return oneLineText(strings.Join(parts, " "))
}

// oneLineText turns each line break into one space, one for one, so the
// text field of a .ann line keeps the span's length (unlike annot.OneLine,
// which collapses runs of white space).
func oneLineText(s string) string {
	if strings.ContainsAny(s, "\r\n") {
		s = strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
	}
	return s
}

// bratToken makes an attribute name or value one brat token.
func bratToken(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return '_'
		}
		return r
	}, s)
}

func (w *bratWriter) write(b *annot.Bundle, ix *annot.Index) error {
	name := w.fileName(b)
	if err := w.stg.writeText(name+".txt", b.Doc.Text); err != nil {
		return err
	}
	if strings.Contains(b.Doc.Text, "\r\n") {
		w.st.warn("documents with CRLF line breaks: offsets count the \\r, as the .txt is read as-is; brat's own server counts \\r\\n as one character (brat issue #853)")
	}
	if err := w.stg.writeFile(name+".ann", w.ann(b, ix, b.Spans, b.Relations)); err != nil {
		return err
	}
	if w.st.opt.Team == nil {
		w.st.lose("span annotators", countAnnotated(b.Spans))
		return nil
	}
	// A project of several coders: each coder's spans also go, with the
	// text, into the coder's own folder, and the relations between them.
	for _, c := range byCoder(b) {
		dir := w.coderDir(c.coder)
		if err := w.stg.writeText(dir+"/"+name+".txt", b.Doc.Text); err != nil {
			return err
		}
		if err := w.stg.writeFile(dir+"/"+name+".ann", w.ann(b, ix, c.Spans, c.Relations)); err != nil {
			return err
		}
	}
	return nil
}

// ann returns the .ann file of a document's spans and relations.
func (w *bratWriter) ann(b *annot.Bundle, ix *annot.Index, spans []annot.Span, relations []annot.Relation) []byte {
	// brat ids remembered from an import, then new numbers after them.
	ids := map[string]string{}
	next := map[byte]int{'T': 0, 'R': 0}
	if list := b.Doc.Meta[bratIDsMeta]; list != "" {
		ns := bratNamespace(b)
		for _, id := range strings.Fields(list) {
			n, err := strconv.Atoi(id[1:])
			if err != nil || (id[0] != 'T' && id[0] != 'R') {
				continue
			}
			ids[annot.DerivedID(ns, id)] = id
			if n > next[id[0]] {
				next[id[0]] = n
			}
		}
	}
	idOf := func(uuid string, kind byte) string {
		if id, ok := ids[uuid]; ok && id[0] == kind {
			return id
		}
		next[kind]++
		id := fmt.Sprintf("%c%d", kind, next[kind])
		ids[uuid] = id
		return id
	}
	type line struct {
		n    int
		text string
	}
	var ts, rs []line
	var as, notes []string
	tid := map[string]string{}
	for _, sp := range spans {
		id := idOf(sp.ID, 'T')
		tid[sp.ID] = id
		var offs []string
		pieces := bratLinePieces(ix, sp.Pieces())
		for _, p := range pieces {
			offs = append(offs, fmt.Sprintf("%d %d", p.Start, p.End))
		}
		n, _ := strconv.Atoi(id[1:])
		ts = append(ts, line{n, fmt.Sprintf("%s\t%s %s\t%s\n", id, w.typeName(sp.Layer, sp.Label), strings.Join(offs, ";"), bratText(ix, pieces))})
		keys := make([]string, 0, len(sp.Attrs))
		for k := range sp.Attrs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := sp.Attrs[k]
			bk, bv := bratToken(k), bratToken(v)
			if bk != k || bv != v {
				w.st.lose("attribute names or values with spaces (written with _)", 1)
			}
			if w.attrs == nil {
				w.attrs = map[string]map[string]bool{}
			}
			if w.attrs[bk] == nil {
				w.attrs[bk] = map[string]bool{}
			}
			w.attrs[bk][bv] = true
			if v == "true" {
				as = append(as, fmt.Sprintf("%s %s", bk, id))
			} else {
				as = append(as, fmt.Sprintf("%s %s %s", bk, id, bv))
			}
		}
		if sp.Note != "" {
			lines := strings.Split(strings.ReplaceAll(sp.Note, "\r\n", "\n"), "\n")
			if len(lines) > 1 {
				w.st.lose("notes with line breaks (one note per line)", 1)
			}
			for _, l := range lines {
				notes = append(notes, fmt.Sprintf("AnnotatorNotes %s\t%s", id, strings.ReplaceAll(l, "\r", " ")))
			}
		}
	}
	for _, r := range relations {
		from, to := tid[r.From], tid[r.To]
		if from == "" || to == "" {
			continue
		}
		id := idOf(r.ID, 'R')
		n, _ := strconv.Atoi(id[1:])
		rs = append(rs, line{n, fmt.Sprintf("%s\t%s Arg1:%s Arg2:%s\t\n", id, bratToken(r.Label), from, to)})
	}
	byN := func(ls []line) { sort.SliceStable(ls, func(i, j int) bool { return ls[i].n < ls[j].n }) }
	byN(ts)
	byN(rs)
	var buf bytes.Buffer
	for _, l := range ts {
		buf.WriteString(l.text)
	}
	for _, l := range rs {
		buf.WriteString(l.text)
	}
	for i, a := range as {
		fmt.Fprintf(&buf, "A%d\t%s\n", i+1, a)
	}
	for i, n := range notes {
		fmt.Fprintf(&buf, "#%d\t%s\n", i+1, n)
	}
	return buf.Bytes()
}

// coderFileName makes a coder's name safe as a file or folder name, and
// unique among those taken (case aside), which it joins.
func coderFileName(coder string, taken map[string]bool) string {
	name := strings.TrimRight(strings.TrimLeft(unsafeName.ReplaceAllString(coder, "_"), "._-"), "._")
	if name == "" || len(name) > 100 {
		name = "coder"
	}
	base := name
	for i := 2; taken[strings.ToLower(name)]; i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	taken[strings.ToLower(name)] = true
	return name
}

// coderPart is one coder's part of a document: the coder's spans and the
// relations between them.
type coderPart struct {
	coder string
	annot.Bundle
}

// byCoder splits a document by coder, in name order: each coder's spans
// and the relations between them. Spans without an annotator are in no
// part.
func byCoder(b *annot.Bundle) []coderPart {
	spans := map[string][]annot.Span{}
	var coders []string
	for _, sp := range b.Spans {
		if sp.Annotator == "" {
			continue
		}
		if _, ok := spans[sp.Annotator]; !ok {
			coders = append(coders, sp.Annotator)
		}
		spans[sp.Annotator] = append(spans[sp.Annotator], sp)
	}
	sort.Strings(coders)
	var out []coderPart
	for _, c := range coders {
		mine := map[string]bool{}
		for _, sp := range spans[c] {
			mine[sp.ID] = true
		}
		part := coderPart{coder: c, Bundle: annot.Bundle{Doc: b.Doc, Spans: spans[c]}}
		for _, r := range b.Relations {
			if mine[r.From] && mine[r.To] {
				part.Relations = append(part.Relations, r)
			}
		}
		out = append(out, part)
	}
	return out
}

func countAnnotated(spans []annot.Span) int {
	n := 0
	for _, sp := range spans {
		if sp.Annotator != "" {
			n++
		}
	}
	return n
}

func (w *bratWriter) close() error {
	var conf, vis bytes.Buffer
	conf.WriteString("# Written by Spanbench: one entity type per label, under its layer.\n\n[entities]\n\n")
	vis.WriteString("# Written by Spanbench: label colours.\n\n[labels]\n\n[drawing]\n\n")
	for _, layer := range annot.SpanLayers {
		first := true
		for _, l := range w.st.labels {
			if l.Layer != layer {
				continue
			}
			if first {
				fmt.Fprintf(&conf, "!%s\n", layer)
				first = false
			}
			t := w.typeName(layer, l.Name)
			fmt.Fprintf(&conf, "\t%s\n", t)
			if l.Color != "" {
				fmt.Fprintf(&vis, "%s\tbgColor:%s\n", t, l.Color)
			}
		}
	}
	conf.WriteString("\n[relations]\n\n# Spans may overlap and nest, as in Spanbench.\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n")
	for _, l := range w.st.labels {
		if l.Layer == annot.LayerRelation {
			fmt.Fprintf(&conf, "%s\tArg1:<ENTITY>, Arg2:<ENTITY>\n", bratToken(l.Name))
		}
	}
	conf.WriteString("\n[events]\n\n[attributes]\n\n")
	names := make([]string, 0, len(w.attrs))
	for n := range w.attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		var vals []string
		for v := range w.attrs[n] {
			if v != "true" {
				vals = append(vals, v)
			}
		}
		sort.Strings(vals)
		if len(vals) == 0 {
			fmt.Fprintf(&conf, "%s\tArg:<ENTITY>\n", n)
		} else {
			fmt.Fprintf(&conf, "%s\tArg:<ENTITY>, Value:%s\n", n, strings.Join(vals, "|"))
			if w.attrs[n]["true"] {
				w.st.warn(fmt.Sprintf("attribute %s is written without a value where it is \"true\", but has other values too", n))
			}
		}
	}
	for _, dir := range append([]string{""}, w.coderDirList()...) {
		if err := w.stg.writeFile(dir+"annotation.conf", conf.Bytes()); err != nil {
			return err
		}
		if err := w.stg.writeFile(dir+"visual.conf", vis.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// coderDirList lists the coders' folders, each with a trailing slash.
func (w *bratWriter) coderDirList() []string {
	var out []string
	for _, c := range w.coderOrder {
		out = append(out, w.coderDirs[c]+"/")
	}
	return out
}

// bratConf is what annotation.conf (and visual.conf) declare.
type bratConf struct {
	path      string
	entities  map[string]annot.Layer // type -> layer
	events    map[string]bool
	relations map[string]bool
	colors    map[string]string
	order     []annot.Label // declared labels, in file order
}

// findBratConf looks for annotation.conf in dir and its parents, as brat
// does; nil when there is none. confs, when not nil, keeps it parsed.
func findBratConf(confs *confCache, dir string) (*bratConf, error) {
	dir, _ = filepath.Abs(dir)
	for {
		p := filepath.Join(dir, "annotation.conf")
		if _, err := os.Stat(p); err == nil {
			c, err := confs.load(p, func() (any, error) { return parseBratConfFile(p) })
			if err != nil {
				return nil, err
			}
			return c.(*bratConf), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, nil
		}
		dir = parent
	}
}

func parseBratConfFile(path string) (*bratConf, error) {
	b, err := readFileLimited(path, 16<<20)
	if err != nil {
		return nil, err
	}
	if err := CheckText(b); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c, err := parseBratConf(b, path)
	if err != nil {
		return nil, err
	}
	vis := filepath.Join(filepath.Dir(path), "visual.conf")
	if vb, err := readFileLimited(vis, 16<<20); err == nil && CheckText(vb) == nil {
		c.colors = parseBratColors(vb)
		for i := range c.order {
			c.order[i].Color = c.colors[c.order[i].Name]
		}
	}
	return c, nil
}

// parseBratColors reads the bgColor of each type in visual.conf's [drawing].
func parseBratColors(b []byte) map[string]string {
	colors := map[string]string{}
	section := ""
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			section = line
			continue
		}
		if section != "[drawing]" {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		for _, kv := range strings.Split(strings.Join(f[1:], " "), ",") {
			k, v, ok := strings.Cut(strings.TrimSpace(kv), ":")
			if ok && k == "bgColor" && annot.CheckColor(v) == nil {
				colors[f[0]] = strings.ToLower(v)
			}
		}
	}
	return colors
}

// bratSectionAlias maps section names brat reads as another section
// (projectconfig.py's SECTION_ALIAS).
var bratSectionAlias = map[string]string{"spans": "entities"}

// bratSpecialRelations are the relation "types" that only tell which spans
// may overlap (projectconfig.py's SPECIAL_RELATION_TYPES): not labels.
var bratSpecialRelations = map[string]bool{"<OVERLAP>": true, "ENTITY-NESTING": true}

var (
	bratSectionLine   = regexp.MustCompile(`^\s*\[(.*)\]\s*$`)
	bratSeparatorLine = regexp.MustCompile(`^\s*-+\s*$`)
	bratMacroLine     = regexp.MustCompile(`^<([a-zA-Z_-]+)>=\s*(.*?)\s*$`)
	bratTermLine      = regexp.MustCompile(`^(\s*)(\S+)(?:\s+(.*))?$`)
	bratTabTermLine   = regexp.MustCompile(`^(\s*)([^\t]+)(?:\t(.*))?$`)
	bratNotStorage    = regexp.MustCompile(`[^a-zA-Z0-9_-]`)
)

// bratStorageForm is the name brat stores a type under, in .ann files:
// spaces and every character but ASCII letters, digits, _ and - become _
// (projectconfig.py's normalize_to_storage_form).
func bratStorageForm(t string) string {
	return bratNotStorage.ReplaceAllString(t, "_")
}

// parseBratConf reads annotation.conf as brat's projectconfig.py does:
// [SECTION] lines (and [spans] for [entities]); in each section a type
// hierarchy of lines TYPE|ALIAS|... ARGS, a child indented one whitespace
// character deeper than its parent, "!" marking a type that only groups
// others; # comments, lines of hyphens (separators) and <MACRO>=VALUE
// definitions. A type is known by its first name in storage form (brat's
// .ann files use it); the aliases after "|" are display names. Entity and
// event types become span labels, an ancestor named quote, claim, entity
// or cue giving the layer; relation types become relation labels, except
// <OVERLAP> and ENTITY-NESTING, which only allow overlaps. A type whose
// storage form is not a Spanbench label name (it starts with "-" or is
// over 64 characters) refuses the file, naming its line: a label cannot
// be renamed on import without breaking the round trip.
func parseBratConf(b []byte, path string) (*bratConf, error) {
	c := &bratConf{path: path, entities: map[string]annot.Layer{}, events: map[string]bool{}, relations: map[string]bool{}}
	section := "general"
	var stack []string // the node at each depth, in the current section
	macros := map[string]string{}
	var macroOrder []string
	for i, raw := range strings.Split(string(b), "\n") {
		n := i + 1
		line := strings.TrimSuffix(raw, "\r")
		if i == 0 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if m := bratSectionLine.FindStringSubmatch(line); m != nil {
			section = m[1]
			if a, ok := bratSectionAlias[section]; ok {
				section = a
			}
			stack, macros, macroOrder = stack[:0], map[string]string{}, nil
			continue
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimLeft(line, " \t\v\f"), "#") || bratSeparatorLine.MatchString(line) {
			continue
		}
		if m := bratMacroLine.FindStringSubmatch(line); m != nil {
			k := "<" + m[1] + ">"
			if _, ok := macros[k]; !ok {
				macroOrder = append(macroOrder, k)
			}
			macros[k] = m[2]
			continue
		}
		switch section {
		case "entities", "events", "relations":
		default:
			continue // attributes, and sections brat ignores
		}
		for _, k := range macroOrder {
			line = strings.ReplaceAll(line, k, macros[k])
		}
		m := bratTermLine.FindStringSubmatch(line)
		if m == nil {
			return nil, lineErr(path, n, annot.Invalidf("type", "cannot read %q as TYPE ARGS", cutText(line, 60)))
		}
		// Configs of old brat versions have spaces in names, with a tab
		// before the arguments.
		if strings.Contains(line, "\t") && strings.ContainsAny(strings.Join(bratArgs(m[3]), ""), " \t\v\f\r") {
			m = bratTabTermLine.FindStringSubmatch(line)
		}
		indent, terms := m[1], bratTerms(m[2])
		if len(terms) == 0 {
			return nil, lineErr(path, n, annot.Invalidf("type", "empty type name in %q", cutText(strings.TrimSpace(line), 60)))
		}
		depth := len([]rune(indent))
		if depth > len(stack) {
			return nil, lineErr(path, n, annot.Invalidf("type", "%s is indented %d deep, but no type above it is indented %d (a child is one whitespace character deeper than its parent)", terms[0], depth, depth-1))
		}
		first := terms[0]
		grouping := false
		for _, t := range terms {
			grouping = grouping || strings.HasPrefix(t, "!")
		}
		first = strings.TrimPrefix(first, "!")
		name := first
		if !bratSpecialRelations[name] {
			name = bratStorageForm(name)
		}
		stack = append(stack[:depth], name)
		if grouping || section == "relations" && bratSpecialRelations[name] {
			continue
		}
		if err := annot.CheckLabelName(name); err != nil {
			return nil, lineErr(path, n, annot.Invalidf("type", "brat type %s cannot be a Spanbench label: %v", name, err))
		}
		switch section {
		case "events":
			c.events[name] = true
		case "entities":
			layer := annot.LayerEntity
			for _, a := range stack {
				if l, err := annot.ParseLayer(strings.ToLower(a)); err == nil {
					layer = l
				}
			}
			if _, dup := c.entities[name]; !dup {
				c.entities[name] = layer
				c.order = append(c.order, annot.Label{Layer: layer, Name: name})
			}
		case "relations":
			if !c.relations[name] {
				c.relations[name] = true
				c.order = append(c.order, annot.Label{Layer: annot.LayerRelation, Name: name})
			}
		}
	}
	return c, nil
}

// bratTerms splits TYPE|ALIAS|... into its names, as brat does.
func bratTerms(s string) []string {
	var out []string
	for _, t := range strings.Split(s, "|") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// bratArgs splits a line's arguments at commas, as brat does.
func bratArgs(s string) []string {
	var out []string
	for _, a := range strings.Split(s, ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// bratLabels returns the labels annotation.conf declares for the brat
// documents at path.
func bratLabels(confs *confCache, paths ...string) ([]annot.Label, error) {
	var out []annot.Label
	seen := map[string]bool{}
	for _, p := range paths {
		anns, err := bratAnnFiles(p)
		if err != nil {
			return nil, err
		}
		dirs := map[string]bool{}
		for _, a := range anns {
			dirs[filepath.Dir(a)] = true
		}
		var ds []string
		for d := range dirs {
			ds = append(ds, d)
		}
		sort.Strings(ds)
		for _, d := range ds {
			c, err := findBratConf(confs, d)
			if err != nil {
				return nil, err
			}
			if c == nil || seen[c.path] {
				continue
			}
			seen[c.path] = true
			out = append(out, c.order...)
		}
	}
	return out, nil
}

// bratAnnFiles lists the .ann files of path: itself (a .txt stands for
// its .ann), or those under a folder, sorted.
func bratAnnFiles(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		if strings.EqualFold(filepath.Ext(path), ".txt") {
			path = strings.TrimSuffix(path, filepath.Ext(path)) + ".ann"
		}
		return []string{path}, nil
	}
	return filesWithExt(path, ".ann")
}

// BratFiles reads brat documents: .ann files (with their .txt beside them)
// or folders of them.
func BratFiles(paths ...string) iter.Seq2[annot.Bundle, error] {
	return bratFiles(nil, paths...)
}

func bratFiles(confs *confCache, paths ...string) iter.Seq2[annot.Bundle, error] {
	return func(yield func(annot.Bundle, error) bool) {
		byDir := map[string]*bratConf{} // saves looking up the folders
		for _, p := range paths {
			anns, err := bratAnnFiles(p)
			if err != nil {
				yield(annot.Bundle{}, err)
				return
			}
			for _, ann := range anns {
				dir := filepath.Dir(ann)
				c, ok := byDir[dir]
				if !ok {
					if c, err = findBratConf(confs, dir); err != nil {
						yield(annot.Bundle{}, err)
						return
					}
					byDir[dir] = c
				}
				b, err := ReadBrat(ann, c)
				if !yield(b, err) || err != nil {
					return
				}
			}
		}
	}
}

// ReadBrat reads one brat document: the .ann file and the .txt beside it.
// conf, when not nil, is its annotation.conf: types must be declared there.
func ReadBrat(annPath string, conf *bratConf) (annot.Bundle, error) {
	txtPath := strings.TrimSuffix(annPath, filepath.Ext(annPath)) + ".txt"
	tb, err := readFileLimited(txtPath, MaxTextBytes)
	if err != nil {
		if os.IsNotExist(err) {
			return annot.Bundle{}, fmt.Errorf("%s: no %s beside it; brat keeps each text in NAME.txt", annPath, filepath.Base(txtPath))
		}
		return annot.Bundle{}, err
	}
	if err := CheckText(tb); err != nil {
		return annot.Bundle{}, fmt.Errorf("%s: %w", txtPath, err)
	}
	ab, err := readFileLimited(annPath, MaxTextBytes)
	if err != nil {
		return annot.Bundle{}, err
	}
	if len(ab) > 0 {
		if err := CheckText(ab); err != nil {
			return annot.Bundle{}, fmt.Errorf("%s: %w", annPath, err)
		}
	}
	b, err := parseBratAnn(string(tb), ab, annPath, conf)
	if err != nil {
		return annot.Bundle{}, err
	}
	b.Source = annPath
	b.Doc.Meta["source"] = filepath.Base(txtPath)
	return b, nil
}

type bratLine struct {
	n    int
	kind byte
	id   string
	rest string
}

// parseBratAnn parses an .ann file against its text.
func parseBratAnn(text string, ann []byte, name string, conf *bratConf) (annot.Bundle, error) {
	b := annot.Bundle{Doc: annot.Document{Text: text, Title: annot.TitleFromText(text), Status: annot.StatusTodo, Meta: map[string]string{}}}
	ix := annot.NewIndex(text)
	ns := bratNamespace(&b)
	var lines []bratLine
	seen := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(ann))
	sc.Buffer(make([]byte, 0, 1<<16), MaxTextBytes)
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(l) == "" {
			continue
		}
		id, rest, ok := strings.Cut(l, "\t")
		if !ok || id == "" {
			return annot.Bundle{}, lineErr(name, n, annot.Invalidf("id", "a line starts with an id and a tab (T1<TAB>...), not %q", cutText(l, 40)))
		}
		switch id[0] {
		case 'T', 'R', 'E', 'A', 'M', 'N', '#', '*':
		default:
			return annot.Bundle{}, lineErr(name, n, annot.Invalidf("id", "unknown line type %q (brat has T, R, E, A, M, N, # and *)", id[:1]))
		}
		if id != "*" {
			if prev, dup := seen[id]; dup {
				return annot.Bundle{}, lineErr(name, n, annot.Conflictf("id", "duplicate id %s (also line %d)", id, prev))
			}
			seen[id] = n
		}
		lines = append(lines, bratLine{n, id[0], id, rest})
	}
	if err := sc.Err(); err != nil {
		return annot.Bundle{}, fmt.Errorf("%s: %w", name, err)
	}
	skipped := map[string]int{}
	renamed := 0              // R arguments with roles other than Arg1, Arg2
	spans := map[string]int{} // T id -> index in b.Spans
	var ids []string
	type bratT struct {
		l      bratLine
		typ    string
		layer  annot.Layer
		offs   string
		txt    string
		pieces []annot.Fragment
	}
	var ts []bratT
	for _, l := range lines {
		if l.kind != 'T' {
			continue
		}
		mid, txt, ok := strings.Cut(l.rest, "\t")
		if !ok {
			return annot.Bundle{}, lineErr(name, l.n, annot.Invalidf("text", "a T line is T1<TAB>TYPE START END<TAB>TEXT; the text is missing"))
		}
		typ, offs, ok := strings.Cut(mid, " ")
		if !ok || typ == "" {
			return annot.Bundle{}, lineErr(name, l.n, annot.Invalidf("offsets", "a T line needs a type and offsets (TYPE START END)"))
		}
		layer := annot.LayerEntity
		if conf != nil {
			if ly, ok := conf.entities[typ]; ok {
				layer = ly
			} else if !conf.events[typ] {
				return annot.Bundle{}, lineErr(name, l.n, annot.NotFoundf("type", "type %s is not declared in %s", typ, conf.path))
			}
		}
		var pieces []annot.Fragment
		for i, f := range strings.Split(offs, ";") {
			se := strings.Fields(f)
			if len(se) != 2 {
				return annot.Bundle{}, lineErr(name, l.n, annot.Invalidf(fmt.Sprintf("offsets[%d]", i), "want START END, not %q", f))
			}
			s, err1 := strconv.Atoi(se[0])
			e, err2 := strconv.Atoi(se[1])
			if err1 != nil || err2 != nil {
				return annot.Bundle{}, lineErr(name, l.n, annot.Invalidf(fmt.Sprintf("offsets[%d]", i), "offsets are whole numbers, not %q", f))
			}
			pieces = append(pieces, annot.Fragment{Start: s, End: e})
		}
		sort.Slice(pieces, func(i, j int) bool { return pieces[i].Start < pieces[j].Start })
		ts = append(ts, bratT{l, typ, layer, offs, txt, pieces})
	}
	// The span text must be the text at the offsets. If it is not, the
	// offsets may count \r\n as one character, as brat's server does. The
	// unit is decided once for the file: deciding span by span would put a
	// span whose server offsets happen to match the text a line earlier on
	// that line.
	converted := 0
	if i := slices.IndexFunc(ts, func(t bratT) bool { return !bratTextMatches(ix, t.pieces, t.txt) }); i >= 0 {
		var crlf *crlfMap
		if strings.Contains(text, "\r\n") {
			crlf = newCRLFMap(text)
		}
		conv := make([][]annot.Fragment, len(ts))
		bad := -1      // the first span that fits neither unit
		firstRaw := -1 // the first span that fits only the raw offsets
		for j, t := range ts {
			c, ok := crlf.convert(t.pieces)
			if ok && bratTextMatches(ix, c, t.txt) {
				conv[j] = c
				continue
			}
			if !bratTextMatches(ix, t.pieces, t.txt) {
				bad = j
				break
			}
			if firstRaw < 0 {
				firstRaw = j
			}
		}
		switch {
		case bad >= 0:
			t := ts[bad]
			got := "outside the text"
			if inRange(ix, t.pieces) {
				got = fmt.Sprintf("%q", bratText(ix, t.pieces))
			}
			return annot.Bundle{}, lineErr(name, t.l.n, annot.Invalidf("text", "%q does not match the text at %s, which is %s", cutText(t.txt, 60), t.offs, got))
		case firstRaw >= 0:
			t := ts[firstRaw]
			return annot.Bundle{}, lineErr(name, t.l.n, annot.Invalidf("offsets", "the offsets %s count \\r\\n as two characters, but those on line %d count it as one (as brat's server does): a file uses one or the other", t.offs, ts[i].l.n))
		}
		for j := range ts {
			ts[j].pieces = conv[j]
		}
		converted = len(ts)
	}
	for _, t := range ts {
		pieces := joinLinePieces(ix, t.pieces)
		sp := annot.Span{ID: annot.DerivedID(ns, t.l.id), Start: pieces[0].Start, End: pieces[len(pieces)-1].End, Layer: t.layer, Label: t.typ}
		if len(pieces) > 1 {
			sp.Fragments = pieces
		}
		if err := annot.ValidateSpan(ix, &sp); err != nil {
			return annot.Bundle{}, lineErr(name, t.l.n, err)
		}
		spans[t.l.id] = len(b.Spans)
		b.Spans = append(b.Spans, sp)
		ids = append(ids, t.l.id)
	}
	target := func(l bratLine, f, id string) (int, bool, error) {
		if i, ok := spans[id]; ok {
			return i, true, nil
		}
		if _, ok := seen[id]; ok {
			return 0, false, nil // an event or relation: not modelled
		}
		return 0, false, lineErr(name, l.n, annot.NotFoundf(f, "%s is not an annotation of this file", id))
	}
	for _, l := range lines {
		switch l.kind {
		case 'T':
		case 'E':
			skipped["E (event)"]++
		case 'N':
			skipped["N (normalization)"]++
		case '*':
			skipped["* (equivalence)"]++
		case 'R':
			f := strings.Fields(l.rest)
			if len(f) != 3 {
				return annot.Bundle{}, lineErr(name, l.n, annot.Invalidf("args", "an R line is R1<TAB>TYPE Arg1:T1 Arg2:T2"))
			}
			if conf != nil && !conf.relations[f[0]] {
				return annot.Bundle{}, lineErr(name, l.n, annot.NotFoundf("type", "relation type %s is not declared in %s", f[0], conf.path))
			}
			var ends [2]string
			ok := true
			for i, a := range f[1:] {
				role, id, found := strings.Cut(a, ":")
				if !found || id == "" {
					return annot.Bundle{}, lineErr(name, l.n, annot.Invalidf("args", "want ROLE:ID, not %q", a))
				}
				if want := fmt.Sprintf("Arg%d", i+1); role != want {
					renamed++
				}
				idx, isSpan, err := target(l, role, id)
				if err != nil {
					return annot.Bundle{}, err
				}
				if !isSpan {
					ok = false
					break
				}
				ends[i] = b.Spans[idx].ID
			}
			if !ok {
				skipped["R (relation) linking events"]++
				continue
			}
			if ends[0] == ends[1] {
				return annot.Bundle{}, lineErr(name, l.n, annot.Invalidf("Arg2", "a relation cannot link a span to itself"))
			}
			b.Relations = append(b.Relations, annot.Relation{ID: annot.DerivedID(ns, l.id), Label: f[0], From: ends[0], To: ends[1]})
			ids = append(ids, l.id)
		case 'A', 'M':
			f := strings.Fields(l.rest)
			if len(f) < 2 || len(f) > 3 {
				return annot.Bundle{}, lineErr(name, l.n, annot.Invalidf("args", "an A line is A1<TAB>NAME ID [VALUE]"))
			}
			idx, isSpan, err := target(l, "target", f[1])
			if err != nil {
				return annot.Bundle{}, err
			}
			if !isSpan {
				skipped["A (attribute) on events or relations"]++
				continue
			}
			v := "true"
			if len(f) == 3 {
				v = f[2]
			}
			sp := &b.Spans[idx]
			if sp.Attrs == nil {
				sp.Attrs = map[string]string{}
			}
			sp.Attrs[f[0]] = v
		case '#':
			head, note, _ := strings.Cut(l.rest, "\t")
			f := strings.Fields(head)
			if len(f) != 2 {
				return annot.Bundle{}, lineErr(name, l.n, annot.Invalidf("args", "a # line is #1<TAB>AnnotatorNotes ID<TAB>NOTE"))
			}
			if f[0] != "AnnotatorNotes" {
				skipped[fmt.Sprintf("# of type %s", f[0])]++
				continue
			}
			idx, isSpan, err := target(l, "target", f[1])
			if err != nil {
				return annot.Bundle{}, err
			}
			if !isSpan {
				skipped["# (note) on events or relations"]++
				continue
			}
			sp := &b.Spans[idx]
			if sp.Note != "" {
				sp.Note += "\n"
			}
			sp.Note += note
		}
	}
	if len(ids) > 0 {
		b.Doc.Meta[bratIDsMeta] = strings.Join(ids, " ")
	}
	if err := checkRelations(&b); err != nil {
		return annot.Bundle{}, fmt.Errorf("%s: %w", name, err)
	}
	if n := converted; n > 0 {
		b.Warnings = append(b.Warnings, fmt.Sprintf("%d spans counted \\r\\n as one character (as brat's server does); converted to Spanbench's offsets", n))
	}
	if renamed > 0 {
		b.Warnings = append(b.Warnings, fmt.Sprintf("%d R arguments with roles other than Arg1 and Arg2, read as Arg1 and Arg2", renamed))
	}
	if len(skipped) > 0 {
		b.Warnings = append(b.Warnings, "skipped lines Spanbench does not model: "+countList(skipped))
	}
	return b, nil
}

func inRange(ix *annot.Index, pieces []annot.Fragment) bool {
	for _, p := range pieces {
		if p.Start < 0 || p.End > ix.Len() || p.Start > p.End {
			return false
		}
	}
	return true
}

func bratTextMatches(ix *annot.Index, pieces []annot.Fragment, txt string) bool {
	if !inRange(ix, pieces) {
		return false
	}
	return bratText(ix, pieces) == oneLineText(txt)
}

func cutText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// crlfMap converts offsets that count each \r\n as one character (brat's
// server reads text with universal newlines) to code points of the text.
type crlfMap struct {
	crs []int // code point offsets of the \r of each \r\n, sorted
	n   int   // length in collapsed characters
}

func newCRLFMap(text string) *crlfMap {
	m := &crlfMap{}
	cp := 0
	prevCR := false
	for _, r := range text {
		if r == '\n' && prevCR {
			m.crs = append(m.crs, cp-1)
		}
		prevCR = r == '\r'
		cp++
	}
	m.n = cp - len(m.crs)
	return m
}

func (m *crlfMap) convert(pieces []annot.Fragment) ([]annot.Fragment, bool) {
	if m == nil {
		return nil, false
	}
	conv := func(c int) (int, bool) {
		if c < 0 || c > m.n {
			return 0, false
		}
		// Every \r\n before collapsed offset c adds one code point. The
		// collapsed offset of the k-th \r, crs[k]-k, grows with k.
		k := sort.Search(len(m.crs), func(k int) bool { return m.crs[k]-k >= c })
		return c + k, true
	}
	out := make([]annot.Fragment, len(pieces))
	for i, p := range pieces {
		s, ok1 := conv(p.Start)
		e, ok2 := conv(p.End)
		if !ok1 || !ok2 {
			return nil, false
		}
		out[i] = annot.Fragment{Start: s, End: e}
	}
	return out, true
}
