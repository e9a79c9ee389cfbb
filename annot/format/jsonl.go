package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"unicode/utf8"

	"spanbench/annot"
)

// nativeDoc is one line of Spanbench's native JSONL: a document with its
// spans and relations. Offsets are code points; each span repeats its text
// so a reader can check the offsets, and Prodigy- and spaCy-style readers
// (text, spans[].start/end/label) read it unchanged.
type nativeDoc struct {
	ID        string            `json:"id,omitempty"`
	Title     string            `json:"title"`
	Text      *string           `json:"text"`
	Meta      map[string]string `json:"meta"`
	Status    string            `json:"status"`
	Spans     []nativeSpan      `json:"spans"`
	Relations []nativeRel       `json:"relations"`
}

type nativeSpan struct {
	ID        string            `json:"id,omitempty"`
	Start     *int              `json:"start"`
	End       *int              `json:"end"`
	Fragments []annot.Fragment  `json:"fragments,omitempty"`
	Text      *string           `json:"text,omitempty"`
	Layer     string            `json:"layer"`
	Label     string            `json:"label"`
	Attrs     map[string]string `json:"attrs"`
	Note      string            `json:"note"`
	Annotator string            `json:"annotator"`
}

type nativeRel struct {
	ID    string `json:"id,omitempty"`
	Label string `json:"label"`
	From  string `json:"from"`
	To    string `json:"to"`
	// Annotator is who made the link; written when known.
	Annotator string `json:"annotator,omitempty"`
}

// WriteJSONL writes one bundle as one line of native JSONL.
func WriteJSONL(w io.Writer, b annot.Bundle) error {
	return writeJSONL(w, b, nil)
}

// writeJSONL is WriteJSONL with the text's index, when the caller has one
// (nil: span texts are sliced without one).
// A line with a long text is written in three parts, the text streamed in
// the middle, so the line never exists in memory as a whole.
func writeJSONL(w io.Writer, b annot.Bundle, ix *annot.Index) error {
	buf := lineBuffers.Get().(*[]byte)
	var line []byte
	var err error
	if len(b.Doc.Text) <= jsonPiece {
		line = appendJSONL((*buf)[:0], b, ix)
		_, err = w.Write(line)
	} else {
		line = appendJSONLHead((*buf)[:0], &b)
		if _, err = w.Write(line); err == nil {
			err = writeJSONString(w, b.Doc.Text)
		}
		if err == nil {
			line = appendJSONLTail(line[:0], &b, ix)
			_, err = w.Write(line)
		}
	}
	if cap(line) <= 1<<20 {
		*buf = line
		lineBuffers.Put(buf)
	}
	return err
}

// ReadJSONL streams the documents of a native JSONL file. Blank lines are
// skipped. A span without a layer is an entity (Prodigy's spans); a span
// with a text must match text[start:end]. Errors read "name:line: field: ...".
func ReadJSONL(r io.Reader, name string) iter.Seq2[annot.Bundle, error] {
	return readJSONLines(r, name, decodeJSONLine)
}

// checkUTF8 refuses a line that is not valid UTF-8: encoding/json would
// silently turn the bad bytes into U+FFFD and change the text.
func checkUTF8(raw []byte) error {
	if utf8.Valid(raw) {
		return nil
	}
	i := invalidAt(raw)
	return fmt.Errorf("%w (byte 0x%02X at byte %d of the line); save the file as UTF-8", ErrNotUTF8, raw[i], i)
}

// readLine reads one line without its newline, refusing lines over limit.
// It stops reading as soon as a line is over, and gathers a long line in
// blocks rather than a slice that grows by copying, so refusing a line
// costs about limit bytes of memory and reading one at most twice its size.
func readLine(br *bufio.Reader, limit int) ([]byte, error) {
	chunk, err := br.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		// The usual case: the line fits in the reader's buffer.
		if len(chunk) > limit {
			return nil, lineTooLong(limit)
		}
		line := bytes.Clone(chunk)
		if err == nil {
			line = line[:len(line)-1]
		}
		return line, err
	}
	// Blocks double from twice the first piece up to 4 MiB: a line a
	// little over the buffer costs little, a huge one no copies.
	const maxBlock = 4 << 20
	var blocks [][]byte
	cur := make([]byte, 0, 2*len(chunk))
	total := 0
	for {
		total += len(chunk)
		if total > limit {
			return nil, lineTooLong(limit)
		}
		for len(chunk) > 0 {
			if len(cur) == cap(cur) {
				blocks = append(blocks, cur)
				cur = make([]byte, 0, min(2*cap(cur), maxBlock))
			}
			n := min(len(chunk), cap(cur)-len(cur))
			cur = append(cur, chunk[:n]...)
			chunk = chunk[n:]
		}
		if err != bufio.ErrBufferFull {
			break
		}
		chunk, err = br.ReadSlice('\n')
	}
	line := make([]byte, 0, total)
	for _, b := range blocks {
		line = append(line, b...)
	}
	line = append(line, cur...)
	if err == nil {
		line = line[:len(line)-1]
	}
	return line, err
}

func lineTooLong(limit int) error {
	return fmt.Errorf("line is longer than %s (the limit of one document's text is %s)", humanBytes(int64(limit)), humanBytes(MaxTextBytes))
}

// checkJSONLine refuses a JSON line that encoding/json would decode into
// something else than it says: bytes that are not valid UTF-8, and escapes
// of half a surrogate pair, both quietly turned into U+FFFD.
func checkJSONLine(raw []byte) error {
	if err := checkUTF8(raw); err != nil {
		return err
	}
	return checkSurrogates(raw)
}

// DecodeJSONLine decodes and checks one native JSONL line.
func DecodeJSONLine(raw []byte) (annot.Bundle, error) {
	// encoding/json would quietly turn invalid UTF-8 into U+FFFD.
	if err := checkJSONLine(raw); err != nil {
		return annot.Bundle{}, err
	}
	b, err := decodeJSONLine(raw)
	if err == nil {
		err = checkRelations(&b)
	}
	if err != nil {
		return annot.Bundle{}, err
	}
	return b, nil
}

// decodeJSONLine decodes one native JSONL line that is valid UTF-8;
// readJSONLines checks that, and the relations, for every JSONL reader.
func decodeJSONLine(raw []byte) (annot.Bundle, error) {
	// The message of encoding/json about a NUL byte does not say the file
	// is binary.
	if i := bytes.IndexByte(raw, 0); i >= 0 {
		if looksUTF16(raw) {
			return annot.Bundle{}, errors.New("looks like UTF-16 text without a byte order mark; save the file as UTF-8")
		}
		return annot.Bundle{}, fmt.Errorf("binary data, not JSON lines (NUL byte at column %d)", i+1)
	}
	var d nativeDoc
	if err := json.Unmarshal(raw, &d); err != nil {
		return annot.Bundle{}, jsonError(raw, err)
	}
	text, err := docText(d.Text)
	if err != nil {
		return annot.Bundle{}, err
	}
	st, err := annot.ParseStatus(d.Status)
	if err != nil {
		return annot.Bundle{}, err
	}
	b := annot.Bundle{Doc: annot.Document{ID: d.ID, Title: d.Title, Text: text, Meta: d.Meta, Status: st}}
	ix := annot.NewIndex(text)
	for i, s := range d.Spans {
		f := fmt.Sprintf("spans[%d]", i)
		if s.Start == nil || s.End == nil {
			return annot.Bundle{}, annot.Invalidf(f, "start and end are required")
		}
		layer := annot.LayerEntity
		if s.Layer != "" {
			if layer, err = annot.ParseLayer(s.Layer); err != nil {
				return annot.Bundle{}, annot.InField(f, err)
			}
		}
		sp := annot.Span{ID: s.ID, Start: *s.Start, End: *s.End, Fragments: s.Fragments, Layer: layer, Label: s.Label,
			Attrs: s.Attrs, Note: s.Note, Annotator: s.Annotator}
		if len(sp.Attrs) == 0 {
			sp.Attrs = nil
		}
		if err := annot.ValidateSpan(ix, &sp); err != nil {
			return annot.Bundle{}, annot.InField(f, err)
		}
		if s.Text != nil {
			if got := ix.Slice(sp.Start, sp.End); got != *s.Text {
				return annot.Bundle{}, annot.Invalidf(f+".text", "%q does not match the document text at %d..%d, which is %q",
					*s.Text, sp.Start, sp.End, got)
			}
		}
		b.Spans = append(b.Spans, sp)
	}
	for _, r := range d.Relations {
		b.Relations = append(b.Relations, annot.Relation{ID: r.ID, Label: r.Label, From: r.From, To: r.To, Annotator: r.Annotator})
	}
	// Relation ends must name spans of this line; ids are checked by
	// Bundle.Validate once the store has assigned missing ids.
	byID := map[string]bool{}
	for i, s := range b.Spans {
		if s.ID == "" {
			continue
		}
		if byID[s.ID] {
			return annot.Bundle{}, annot.Conflictf(fmt.Sprintf("spans[%d].id", i), "duplicate span id %q", s.ID)
		}
		byID[s.ID] = true
	}
	relIDs := map[string]bool{}
	for i, r := range b.Relations {
		if r.ID == "" {
			continue
		}
		if relIDs[r.ID] || byID[r.ID] {
			return annot.Bundle{}, annot.Conflictf(fmt.Sprintf("relations[%d].id", i), "duplicate id %q", r.ID)
		}
		relIDs[r.ID] = true
	}
	return b, nil
}

// jsonError turns encoding/json's errors into "field: what" messages.
func jsonError(raw []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se) && se.Offset >= int64(len(bytes.TrimRight(raw, " \t\r"))):
		// The scanner ran out of input inside a value.
		return fmt.Errorf("invalid JSON: the line ends early (truncated?) after %d bytes", len(raw))
	case errors.As(err, &se):
		return fmt.Errorf("invalid JSON at byte %d: %v", se.Offset, se)
	case errors.As(err, &te) && te.Field == "":
		return fmt.Errorf("a line must be a JSON object (one document), not a JSON %s", te.Value)
	case errors.As(err, &te):
		return annot.Invalidf(te.Field, "want %s, got a JSON %s", te.Type, te.Value)
	case errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end of JSON input"):
		return fmt.Errorf("invalid JSON: the line ends early (truncated?) after %d bytes", len(raw))
	}
	return fmt.Errorf("invalid JSON: %v", err)
}

func init() {
	registerExporter(formatInfo{
		name:  "jsonl",
		title: "Spanbench's native JSONL, one document per line with its spans and relations (lossless)",
		ext:   ".jsonl",
		unit:  UnitCodePoint,
		newWriter: func(st *exportState, stg *stage) (docWriter, error) {
			f, err := openData(stg)
			if err != nil {
				return nil, err
			}
			return &jsonlWriter{f}, nil
		},
	})
}

type jsonlWriter struct{ f *fileWriter }

func (w *jsonlWriter) write(b *annot.Bundle, ix *annot.Index) error { return writeJSONL(w.f, *b, ix) }
func (w *jsonlWriter) close() error                                 { return w.f.Close() }
