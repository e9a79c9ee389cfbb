package format

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"spanbench/annot"
)

// ExportOptions says what Export writes and where.
type ExportOptions struct {
	// Format is the export format: one of ExportFormats().
	Format string
	// Out is the destination: a file, or a folder for folder formats
	// (brat). It is written atomically: everything goes to a temporary
	// file or folder beside it, renamed into place when complete, so a
	// failed or cancelled export leaves nothing half-written. An existing
	// folder is replaced only when it is empty or an earlier Spanbench
	// export.
	Out string
	// Writer, when set, receives the data file instead of Out (standard
	// output, say). No dataset card and no side files are written; folder
	// formats cannot be written this way.
	Writer io.Writer
	// Layer is the layer CoNLL and Hugging Face tag (one per file);
	// "" means entity. Other formats ignore it (filter spans with the
	// source instead, e.g. store.ExportFilter.Layers).
	Layer annot.Layer
	// Unit is the offset unit of formats that let the user choose:
	// doccano (utf16, its default screen; codepoint; grapheme, its
	// "count grapheme clusters as one character" mode). "" is the
	// format's default.
	Unit Unit
	// BOM starts a CSV file with a UTF-8 byte order mark, so Excel reads
	// it as UTF-8.
	BOM bool
	// Labels is the project's label set, in label-bar order: colours and
	// order for the configs written beside the data (brat's conf files,
	// Label Studio's labelling config) and the tag ids of Hugging Face's
	// label_names. Optional: labels the spans use are added.
	Labels []annot.Label
	// Filter describes the selection in words for the card ("status
	// done; layers entity"); "" means everything.
	Filter string
	// Total is the number of documents the source will yield, when the
	// caller knows it (store.CountDocuments): the card states it and a
	// progress bar can show done/Total. 0 means unknown.
	Total int
	// Progress, when set, is called after each document with the number
	// written so far.
	Progress func(done int)
	// Version is the Spanbench version the card names.
	Version string
	// Now is the export time the card states; zero means time.Now().
	Now time.Time
}

// ExportSummary says what an export wrote and what it could not.
type ExportSummary struct {
	Format string
	Path   string   // the file or folder written; "" when written to Writer
	Card   string   // the dataset card written; "" when none
	Files  []string // every file written, card and side files included
	Unit   Unit     // the offset unit of the data
	Layer  annot.Layer

	Documents int
	Spans     int // spans written (CoNLL/HF: of the tagged layer)
	// LeftOut counts the spans in the export's scope that could not be
	// written (CoNLL/HF: overlap conflicts, spans with no token).
	LeftOut   int
	Relations int
	// Labels counts the spans per label, by layer then label.
	Labels     []LabelCount
	Annotators []string
	// LabelNames are Hugging Face's tag names, by tag id.
	LabelNames []string

	// Misaligned are spans that do not start and end on token boundaries
	// (token formats: spacy, conll, hf): reported, never moved. The list
	// holds the first maxListed; MisalignedCount counts all.
	Misaligned      []SpanRef
	MisalignedCount int
	// Conflicts are spans CoNLL/HF could not tag because an overlapping
	// span of the layer took their tokens (outermost wins).
	Conflicts     []Conflict
	ConflictCount int
	// Lost lists what the format could not carry, with counts.
	Lost []string
	// Warnings are other things the user should know.
	Warnings []string
	Bytes    int64
}

// LabelCount is the number of spans with one label.
type LabelCount struct {
	Layer annot.Layer
	Label string
	Spans int
}

// SpanRef names one span in a summary.
type SpanRef struct {
	DocID, Title, SpanID string
	Layer                annot.Layer
	Label                string
	Start, End           int // code points
	Text                 string
}

func (r SpanRef) String() string {
	return fmt.Sprintf("%s %s %d..%d %q in %q", r.Layer, r.Label, r.Start, r.End, r.Text, r.Title)
}

// Conflict is a span left out of a token format because Kept, an
// overlapping span that starts earlier or is longer, took its tokens.
type Conflict struct {
	Dropped, Kept SpanRef
}

// maxListed caps the spans listed by name in a summary; counts are exact.
const maxListed = 200

// formatInfo describes an export format.
type formatInfo struct {
	name    string
	title   string // what the file is, for the card and help
	ext     string // extension of the data file; "" for folder formats
	folder  bool
	unit    Unit   // default offset unit
	units   []Unit // units the user may choose; nil: only unit
	tokens  bool   // uses the tokenizer (and reports misaligned spans)
	layered bool   // one layer per export (conll, hf)
	// lost names, for the card, what the format cannot carry at all.
	lost      []string
	newWriter func(st *exportState, stg *stage) (docWriter, error)
}

// docWriter encodes one document after another, then finishes.
type docWriter interface {
	write(b *annot.Bundle, ix *annot.Index) error
	close() error
}

var exporters = map[string]formatInfo{}

func registerExporter(f formatInfo) { exporters[f.name] = f }

// ExportFormats lists the export formats, sorted.
func ExportFormats() []string {
	return slices.Sorted(maps.Keys(exporters))
}

// FormatInfo describes an export format for an export dialog: which
// options apply and what the data file is.
type FormatInfo struct {
	Name    string
	Title   string // one line: what is written
	Ext     string // data file extension; "" for folder formats
	Folder  bool   // writes a folder (ask for a folder, not a file)
	Unit    Unit   // default offset unit
	Units   []Unit // other units the user may choose (doccano)
	Layered bool   // tags one layer per file: offer a layer choice (conll, hf)
	Tokens  bool   // uses the tokenizer and reports misaligned spans
	BOM     bool   // takes the BOM option (csv)
}

// ExportFormatInfo describes an export format; false when unknown.
func ExportFormatInfo(name string) (FormatInfo, bool) {
	f, ok := exporters[name]
	if !ok {
		return FormatInfo{}, false
	}
	return FormatInfo{Name: f.name, Title: f.title, Ext: f.ext, Folder: f.folder, Unit: f.unit, Units: f.units,
		Layered: f.layered, Tokens: f.tokens, BOM: f.name == "csv"}, true
}

// IsFolderFormat reports whether format writes a folder (brat), so a file
// dialog should ask for a folder.
func IsFolderFormat(format string) bool { return exporters[format].folder }

// FormatExt returns the data file extension of an export format (".jsonl"),
// "" for folder formats: what a save dialog should suggest.
func FormatExt(format string) string { return exporters[format].ext }

// Export writes the bundles of src in opt.Format to opt.Out (or
// opt.Writer), with a dataset card, and returns what it wrote. It is the one
// export entry point of the command line and the window. The write is
// atomic: on any error, or when ctx is cancelled, nothing is left behind.
// The card is README.md inside a folder export, and NAME.README.md beside a
// file export NAME.EXT.
func Export(ctx context.Context, src iter.Seq2[annot.Bundle, error], opt ExportOptions) (ExportSummary, error) {
	info, ok := exporters[opt.Format]
	if !ok {
		return ExportSummary{}, annot.Invalidf("format", "unknown export format %q (known: %s)", opt.Format, strings.Join(ExportFormats(), ", "))
	}
	if opt.Writer == nil && strings.TrimSpace(opt.Out) == "" {
		return ExportSummary{}, annot.Invalidf("out", "no output path given")
	}
	if opt.Writer != nil && info.folder {
		return ExportSummary{}, annot.Invalidf("out", "%s writes a folder; give a folder path, not standard output", info.name)
	}
	unit := info.unit
	if opt.Unit != "" && opt.Unit != info.unit {
		allowed := false
		for _, u := range info.units {
			allowed = allowed || u == opt.Unit
		}
		if !allowed {
			return ExportSummary{}, annot.Invalidf("offsets", "%s offsets are always %s", info.name, info.unit)
		}
		unit = opt.Unit
	}
	if info.layered {
		if opt.Layer == "" {
			opt.Layer = annot.LayerEntity
		}
		if _, err := annot.ParseLayer(string(opt.Layer)); err != nil {
			return ExportSummary{}, err
		}
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	stg, err := newStage(opt.Out, info.folder, opt.Writer)
	if err != nil {
		return ExportSummary{}, err
	}
	defer stg.abort()
	st := newExportState(&opt, info, unit)
	w, err := info.newWriter(st, stg)
	if err != nil {
		return ExportSummary{}, err
	}
	n := 0
	for b, err := range src {
		if err != nil {
			return ExportSummary{}, err
		}
		if err := ctx.Err(); err != nil {
			return ExportSummary{}, err
		}
		ix := annot.NewIndex(b.Doc.Text)
		st.count(&b)
		if err := w.write(&b, ix); err != nil {
			return ExportSummary{}, fmt.Errorf("document %s (%q): %w", b.Doc.ID, b.Doc.Title, err)
		}
		n++
		if opt.Progress != nil {
			opt.Progress(n)
		}
	}
	if err := ctx.Err(); err != nil {
		return ExportSummary{}, err
	}
	if err := w.close(); err != nil {
		return ExportSummary{}, err
	}
	sum := st.finish()
	if opt.Writer == nil {
		card := stg.cardPath()
		f, err := stg.create(card)
		if err != nil {
			return ExportSummary{}, err
		}
		sum.Card = card
		bw := bufio.NewWriter(f)
		writeCard(bw, &sum, st)
		err = bw.Flush()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return ExportSummary{}, err
		}
	}
	files, size, err := stg.commit()
	if err != nil {
		return ExportSummary{}, err
	}
	if opt.Writer == nil {
		sum.Path = opt.Out
	}
	sum.Files, sum.Bytes = files, size
	return sum, nil
}

// exportState collects the summary while writers run.
type exportState struct {
	opt        *ExportOptions
	info       formatInfo
	sum        ExportSummary
	unit       Unit
	counts     map[annot.Layer]map[string]int
	annotators map[string]bool
	lost       map[string]int
	lostOrder  []string
	warnings   map[string]int
	warnOrder  []string
	// labels are the labels in use, project order first, then as seen.
	labels    []annot.Label
	labelSeen map[annot.Layer]map[string]bool
	// inScopeSpans counts the spans in the export's scope, written or not.
	inScopeSpans int
}

func newExportState(opt *ExportOptions, info formatInfo, unit Unit) *exportState {
	st := &exportState{opt: opt, info: info, unit: unit, counts: map[annot.Layer]map[string]int{},
		annotators: map[string]bool{}, lost: map[string]int{}, warnings: map[string]int{},
		labelSeen: map[annot.Layer]map[string]bool{}}
	st.sum.Format, st.sum.Unit = info.name, unit
	if info.layered {
		st.sum.Layer = opt.Layer
	}
	for _, l := range opt.Labels {
		st.addLabel(l)
	}
	return st
}

// addLabel records a label in use (project labels first, in order).
func (st *exportState) addLabel(l annot.Label) {
	if st.labelSeen[l.Layer] == nil {
		st.labelSeen[l.Layer] = map[string]bool{}
	}
	if !st.labelSeen[l.Layer][l.Name] {
		st.labelSeen[l.Layer][l.Name] = true
		st.labels = append(st.labels, l)
	}
}

// inScope reports whether a span belongs to the export: all spans, or the
// tagged layer's for CoNLL and Hugging Face.
func (st *exportState) inScope(sp annot.Span) bool {
	return !st.info.layered || sp.Layer == st.opt.Layer
}

func (st *exportState) count(b *annot.Bundle) {
	st.sum.Documents++
	for _, sp := range b.Spans {
		if !st.inScope(sp) {
			continue
		}
		st.inScopeSpans++
		if !st.info.tokens {
			st.countSpan(sp)
		}
	}
	if !st.info.layered {
		st.sum.Relations += len(b.Relations)
		for _, r := range b.Relations {
			st.addLabel(annot.Label{Layer: annot.LayerRelation, Name: r.Label})
		}
	}
}

// countSpan counts a span as written. Token formats call it for the spans
// they could write; the others count every span in scope.
func (st *exportState) countSpan(sp annot.Span) {
	st.sum.Spans++
	if st.counts[sp.Layer] == nil {
		st.counts[sp.Layer] = map[string]int{}
	}
	st.counts[sp.Layer][sp.Label]++
	st.addLabel(annot.Label{Layer: sp.Layer, Name: sp.Label})
	if sp.Annotator != "" {
		st.annotators[sp.Annotator] = true
	}
}

// lose records n things of a kind the format could not carry; what is
// a plural noun phrase ("relations other than SPEAKER").
func (st *exportState) lose(what string, n int) {
	if n <= 0 {
		return
	}
	if _, ok := st.lost[what]; !ok {
		st.lostOrder = append(st.lostOrder, what)
	}
	st.lost[what] += n
}

// warn records a warning; repeats are counted.
func (st *exportState) warn(msg string) {
	if _, ok := st.warnings[msg]; !ok {
		st.warnOrder = append(st.warnOrder, msg)
	}
	st.warnings[msg]++
}

func ref(b *annot.Bundle, ix *annot.Index, sp annot.Span) SpanRef {
	return SpanRef{DocID: b.Doc.ID, Title: b.Doc.Title, SpanID: sp.ID, Layer: sp.Layer, Label: sp.Label,
		Start: sp.Start, End: sp.End, Text: ix.Slice(sp.Start, sp.End)}
}

func (st *exportState) misaligned(b *annot.Bundle, ix *annot.Index, sp annot.Span) {
	st.sum.MisalignedCount++
	if len(st.sum.Misaligned) < maxListed {
		st.sum.Misaligned = append(st.sum.Misaligned, ref(b, ix, sp))
	}
}

func (st *exportState) conflict(b *annot.Bundle, ix *annot.Index, dropped, kept annot.Span) {
	st.sum.ConflictCount++
	if len(st.sum.Conflicts) < maxListed {
		st.sum.Conflicts = append(st.sum.Conflicts, Conflict{Dropped: ref(b, ix, dropped), Kept: ref(b, ix, kept)})
	}
}

func (st *exportState) finish() ExportSummary {
	sum := st.sum
	sum.LeftOut = st.inScopeSpans - sum.Spans
	for _, l := range st.labels {
		if n := st.counts[l.Layer][l.Name]; n > 0 {
			sum.Labels = append(sum.Labels, LabelCount{l.Layer, l.Name, n})
		}
	}
	sort.SliceStable(sum.Labels, func(i, j int) bool { return layerRank(sum.Labels[i].Layer) < layerRank(sum.Labels[j].Layer) })
	for a := range st.annotators {
		sum.Annotators = append(sum.Annotators, a)
	}
	sort.Strings(sum.Annotators)
	for _, w := range st.lostOrder {
		sum.Lost = append(sum.Lost, fmt.Sprintf("%s: %d", w, st.lost[w]))
	}
	for _, w := range st.warnOrder {
		if n := st.warnings[w]; n > 1 {
			w = fmt.Sprintf("%s (%d documents)", w, n)
		}
		sum.Warnings = append(sum.Warnings, w)
	}
	return sum
}

func layerRank(l annot.Layer) int {
	for i, x := range annot.SpanLayers {
		if x == l {
			return i
		}
	}
	return len(annot.SpanLayers)
}

// stage writes an export beside its destination and moves it into place
// when complete: a temporary file (plus side files) for file formats, a
// temporary folder for folder formats.
type stage struct {
	dest   string
	folder bool
	tmp    string    // the data file, or the folder
	out    io.Writer // non-nil: the data file is copied here on commit
	sides  [][2]string
	// data is the data file once opened, closed on abort if a failed
	// export left it open.
	data *os.File
	// unsynced are folder files opened with create, synced on commit.
	unsynced []string
	done     bool
}

func newStage(dest string, folder bool, out io.Writer) (*stage, error) {
	s := &stage{dest: dest, folder: folder, out: out}
	if out != nil {
		f, err := os.CreateTemp("", "spanbench-export-*")
		if err != nil {
			return nil, err
		}
		f.Close()
		s.tmp = f.Name()
		return s, nil
	}
	dir, base := filepath.Split(filepath.Clean(dest))
	if dir == "" {
		dir = "."
	}
	if st, err := os.Stat(dest); err == nil {
		if st.IsDir() && !folder {
			return nil, annot.Invalidf("out", "%s is a folder; give a file name", dest)
		}
		if !st.IsDir() && folder {
			return nil, annot.Invalidf("out", "%s is a file; this format writes a folder", dest)
		}
		if folder {
			if err := replaceable(dest); err != nil {
				return nil, err
			}
		}
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, annot.NotFoundf("out", "folder %s does not exist", dir)
	}
	if folder {
		tmp, err := os.MkdirTemp(dir, "."+base+".*.tmp")
		if err != nil {
			return nil, fmt.Errorf("cannot write in %s: %w", dir, err)
		}
		s.tmp = tmp
		return s, nil
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	f.Close()
	s.tmp = f.Name()
	return s, nil
}

// cardMarker is in every card, so a later export may replace the folder.
const cardMarker = "Exported by Spanbench"

// replaceable refuses to replace a folder that is neither empty nor an
// earlier Spanbench export, so an export never deletes a user's files.
func replaceable(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(ents) == 0 {
		return nil
	}
	b, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err == nil && strings.Contains(string(b), cardMarker) {
		return nil
	}
	return annot.Conflictf("out", "folder %s already holds files that are not a Spanbench export; choose an empty or new folder", dir)
}

// dataFile opens the data file for writing (file formats).
func (s *stage) dataFile() (*os.File, error) {
	f, err := os.OpenFile(s.tmp, os.O_WRONLY|os.O_TRUNC, 0o644)
	if err == nil {
		s.data = f
	}
	return f, err
}

// writeFile writes a file of a folder export, durably: one open, write,
// fsync and close, so committing needs no second pass over thousands of
// files.
func (s *stage) writeFile(name string, data []byte) error {
	f, err := os.OpenFile(filepath.Join(s.tmp, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// sidePath returns the final path of a side file named by suffix
// ("NAME.label_config.xml" for suffix ".label_config.xml").
func (s *stage) sidePath(suffix string) string {
	if s.folder {
		return filepath.Join(s.dest, strings.TrimPrefix(suffix, "."))
	}
	base := s.dest
	if s.out != nil {
		base = s.tmp
	}
	return strings.TrimSuffix(base, filepath.Ext(base)) + suffix
}

func (s *stage) cardPath() string {
	if s.folder {
		return filepath.Join(s.dest, "README.md")
	}
	return s.sidePath(".README.md")
}

// create opens a side file (or, in a folder export, any file) to be moved
// to final on commit.
func (s *stage) create(final string) (*os.File, error) {
	if s.folder {
		rel, err := filepath.Rel(s.dest, final)
		if err != nil || strings.HasPrefix(rel, "..") {
			return nil, fmt.Errorf("%s is outside the export folder", final)
		}
		p := filepath.Join(s.tmp, rel)
		s.unsynced = append(s.unsynced, p)
		return os.Create(p)
	}
	dir, base := filepath.Split(final)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return nil, err
	}
	s.sides = append(s.sides, [2]string{f.Name(), final})
	return f, nil
}

// commit moves everything into place and returns the files written and
// their total size.
func (s *stage) commit() ([]string, int64, error) {
	var files []string
	var size int64
	if s.out != nil {
		// Only the data goes to the writer; the staged files go away.
		defer s.abort()
		f, err := os.Open(s.tmp)
		if err != nil {
			return nil, 0, err
		}
		defer f.Close()
		n, err := io.Copy(s.out, f)
		if err != nil {
			return nil, 0, err
		}
		return nil, n, nil
	}
	if s.folder {
		err := filepath.WalkDir(s.tmp, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(s.tmp, p)
			files = append(files, filepath.Join(s.dest, rel))
			size += info.Size()
			return nil
		})
		if err != nil {
			return nil, 0, err
		}
		for _, p := range s.unsynced {
			if err := syncFile(p); err != nil {
				return nil, 0, err
			}
		}
		var old string
		if _, err := os.Stat(s.dest); err == nil {
			old = s.tmp + ".old"
			if err := os.Rename(s.dest, old); err != nil {
				return nil, 0, fmt.Errorf("cannot replace %s: %w", s.dest, err)
			}
		}
		if err := os.Rename(s.tmp, s.dest); err != nil {
			if old != "" {
				os.Rename(old, s.dest)
			}
			return nil, 0, fmt.Errorf("cannot write %s: %w", s.dest, err)
		}
		s.done = true
		if old != "" {
			os.RemoveAll(old)
		}
		return files, size, nil
	}
	// Side files first, the data file last: a reader that sees the data
	// file sees its card and config.
	for _, sd := range append(s.sides, [2]string{s.tmp, s.dest}) {
		if err := syncFile(sd[0]); err != nil {
			return nil, 0, err
		}
		if st, err := os.Stat(sd[0]); err == nil {
			size += st.Size()
		}
	}
	for _, sd := range append(s.sides, [2]string{s.tmp, s.dest}) {
		if err := os.Rename(sd[0], sd[1]); err != nil {
			return nil, 0, fmt.Errorf("cannot write %s: %w", sd[1], err)
		}
		files = append(files, sd[1])
	}
	s.done = true
	return files, size, nil
}

// abort removes whatever was staged, unless committed.
func (s *stage) abort() {
	if s.done {
		return
	}
	s.done = true
	if s.data != nil {
		s.data.Close() // already closed unless the export failed
	}
	if s.folder {
		os.RemoveAll(s.tmp)
	} else {
		os.Remove(s.tmp)
	}
	for _, sd := range s.sides {
		os.Remove(sd[0])
	}
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// fileWriter is the buffered data file of a file format.
type fileWriter struct {
	f *os.File
	*bufio.Writer
}

func openData(stg *stage) (*fileWriter, error) {
	f, err := stg.dataFile()
	if err != nil {
		return nil, err
	}
	return &fileWriter{f, bufio.NewWriterSize(f, 1<<16)}, nil
}

func (w *fileWriter) Close() error {
	err := w.Flush()
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	return err
}
