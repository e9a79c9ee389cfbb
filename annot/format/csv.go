package format

import (
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"

	"spanbench/annot"
)

// The CSV format: one row per span, for R, pandas and spreadsheets. RFC
// 4180 quoting (encoding/csv: fields with commas, quotes or line breaks are
// quoted, quotes doubled), UTF-8, optionally with a byte order mark so
// Excel reads it as UTF-8. Records end in LF, not RFC 4180's CRLF: with
// CRLF, encoding/csv rewrites every line break inside a field to CRLF,
// and a text's offsets would no longer fit it. Offsets are code points,
// what Python's str and R's substr() count; text and context are verbatim,
// line breaks and all, except that a cell a spreadsheet would run as a
// formula (starting with = + - @ TAB or CR, not a plain number) gets a '
// before it, as OWASP recommends against CSV injection, unless
// ExportOptions.KeepFormulas asks for the cells as they are. The card says
// which.

// csvHeader names the columns.
var csvHeader = []string{"document_id", "title", "span_id", "layer", "label", "start", "end", "text",
	"speaker", "attributes", "note", "annotator", "context_before", "context_after", "fragments"}

// csvContext is how many code points of context each row shows.
const csvContext = 80

func init() {
	registerExporter(formatInfo{
		name:  "csv",
		title: "CSV with one row per span (document, layer, label, offsets, text, speaker or claimant, attributes, note, annotator, context)",
		ext:   ".csv",
		unit:  UnitCodePoint,
		lost: []string{"documents without spans, full texts, status and meta",
			"relations other than SPEAKER and CLAIMANT (whose far end's text is the speaker column)"},
		newWriter: func(st *exportState, stg *stage) (docWriter, error) {
			f, err := openData(stg)
			if err != nil {
				return nil, err
			}
			if st.opt.BOM {
				f.WriteString("\ufeff")
			}
			if st.opt.KeepFormulas {
				st.row("Formula cells", "kept as they are (cells starting with = + - @ TAB or CR may run as formulas in a spreadsheet)")
			} else {
				st.row("Formula cells", "a cell starting with = + - @ TAB or CR (not a plain number) has a ' before it, so spreadsheets show it as text; strip it to get the value")
			}
			w := csv.NewWriter(f)
			if err := w.Write(csvHeader); err != nil {
				return nil, err
			}
			return &csvWriter{st: st, f: f, w: w}, nil
		},
	})
}

type csvWriter struct {
	st *exportState
	f  *fileWriter
	w  *csv.Writer
}

func (w *csvWriter) write(b *annot.Bundle, ix *annot.Index) error {
	byID := make(map[string]annot.Span, len(b.Spans))
	for _, sp := range b.Spans {
		byID[sp.ID] = sp
	}
	speakers := map[string][]string{}
	other := 0
	for _, r := range b.Relations {
		from, ok := byID[r.From]
		to, ok2 := byID[r.To]
		if ok && ok2 && r.Label == annot.LinkLabel(from.Layer) {
			speakers[r.From] = append(speakers[r.From], ix.Slice(to.Start, to.End))
		} else {
			other++
		}
	}
	w.st.lose("relations other than SPEAKER and CLAIMANT", other)
	if len(b.Spans) == 0 {
		w.st.lose("documents without spans (no rows)", 1)
	}
	row := make([]string, len(csvHeader))
	// With many spans, segmenting the document once (Index's list of the
	// offsets inside clusters) is cheaper than around every context boundary.
	table := len(b.Spans) > 32
	for _, sp := range b.Spans {
		attrs := ""
		if len(sp.Attrs) > 0 {
			j, _ := json.Marshal(sp.Attrs) // keys sorted
			attrs = string(j)
		}
		frags := ""
		if len(sp.Fragments) > 1 {
			var parts []string
			for _, f := range sp.Fragments {
				parts = append(parts, strconv.Itoa(f.Start)+"-"+strconv.Itoa(f.End))
			}
			frags = strings.Join(parts, ";")
		}
		row = append(row[:0], b.Doc.ID, b.Doc.Title, sp.ID, string(sp.Layer), sp.Label,
			strconv.Itoa(sp.Start), strconv.Itoa(sp.End), ix.Slice(sp.Start, sp.End),
			strings.Join(speakers[sp.ID], " | "), attrs, sp.Note, sp.Annotator,
			ix.Slice(contextCut(ix, sp.Start-csvContext, 1, table), sp.Start),
			ix.Slice(sp.End, contextCut(ix, sp.End+csvContext, -1, table)), frags)
		if !w.st.opt.KeepFormulas {
			for i, c := range row {
				row[i] = annot.NeutralizeFormula(c)
			}
		}
		if err := w.w.Write(row); err != nil {
			return err
		}
	}
	return w.w.Error()
}

func (w *csvWriter) close() error {
	w.w.Flush()
	if err := w.w.Error(); err != nil {
		w.f.Close()
		return err
	}
	return w.f.Close()
}

// contextCut moves a context boundary off the middle of a character a
// reader sees as one (a grapheme cluster), in direction dir: context is for
// reading, and the span itself is exact. With table false it first asks
// IsGraphemeBoundary, which segments only the stretch before cp when it
// can; inside a cluster, or with table, it looks the boundary up in the
// document's segmentation (built once), so a long cluster costs one
// lookup, not a segmentation per code point.
func contextCut(ix *annot.Index, cp, dir int, table bool) int {
	if cp <= 0 || cp >= ix.Len() {
		return min(max(cp, 0), ix.Len())
	}
	if !table && ix.IsGraphemeBoundary(cp) {
		return cp
	}
	return ix.SnapGrapheme(cp, dir > 0)
}
