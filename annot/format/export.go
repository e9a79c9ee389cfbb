package format

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"iter"
	"maps"
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
	// KeepFormulas writes CSV cells that start like a spreadsheet formula
	// as they are, for programs; by default they get a ' before them
	// (annot.NeutralizeFormula). The card says which.
	KeepFormulas bool
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
	// Team, when set, is what the card says about the project's coders
	// and their agreement (a project coded by several coders); the formats
	// that can carry several coders then do. TeamWait, when set, is
	// called before the card is written and completes Team (figures
	// counted while the export runs).
	Team     *TeamCard
	TeamWait func() error
	// Observe, when set, is called with every document exported, after
	// the filters (a team card counted from the export itself).
	Observe func(*annot.Bundle)
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
		if opt.Observe != nil {
			opt.Observe(&b)
		}
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
	if !stg.streaming() {
		if opt.TeamWait != nil {
			if err := opt.TeamWait(); err != nil {
				return ExportSummary{}, err
			}
		}
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
	// rows are format-specific lines for the card's table.
	rows [][2]string
	// inScopeSpans counts the spans in the export's scope, written or not.
	inScopeSpans int
}

// row adds a line to the card's table.
func (st *exportState) row(name, value string) {
	st.rows = append(st.rows, [2]string{name, value})
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
