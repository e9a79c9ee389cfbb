package format

import (
	"bytes"
	"encoding/json"
	"io"
	"sync"
	"unicode/utf8"
)

// A document text can be 60 MB. Encoding a document as one JSON value
// built the text a second time (the encoded line) and, as the buffer grew
// by doubling, a third; an export then peaked at several times the text.
// The writers here put everything but the text through a buffer and send
// the text itself to the (buffered) file in pieces.

// jsonPiece is how much of a text is encoded at a time.
const jsonPiece = 32 << 10

// jsonPieces recycles the encoding buffer: a piece escapes to at most six
// bytes per byte (\u00XX), plus quotes.
var jsonPieces = sync.Pool{New: func() any { b := make([]byte, 0, 6*jsonPiece+8); return &b }}

// writeJSONString writes s to w as appendJSONString encodes it, a piece at
// a time.
func writeJSONString(w io.Writer, s string) error { return writeJSONPieces(w, s, jsonPiece) }

// writeJSONPieces is writeJSONString with pieces of about piece bytes. A
// piece ends before a byte that starts a code point, or, when none of the
// last four bytes does, after four continuation bytes in a row, where no
// UTF-8 sequence can be cut. Each piece then encodes as it does inside the
// whole string: valid sequences stay whole, and invalid bytes are decoded
// one at a time in either case, each becoming \ufffd. piece is at least 4.
func writeJSONPieces(w io.Writer, s string, piece int) error {
	buf := jsonPieces.Get().(*[]byte)
	defer jsonPieces.Put(buf)
	if len(s) <= piece {
		*buf = appendJSONString((*buf)[:0], s)
		_, err := w.Write(*buf)
		return err
	}
	if _, err := io.WriteString(w, `"`); err != nil {
		return err
	}
	for len(s) > 0 {
		n := min(piece, len(s))
		if n < len(s) {
			for k := n; k > 0 && k > n-4; k-- {
				if utf8.RuneStart(s[k]) {
					n = k
					break
				}
			}
		}
		b := appendJSONString((*buf)[:0], s[:n])
		*buf = b
		// Without the quotes appendJSONString puts around each piece.
		if _, err := w.Write(b[1 : len(b)-1]); err != nil {
			return err
		}
		s = s[n:]
	}
	_, err := io.WriteString(w, `"`)
	return err
}

// textMark stands for a document's text while encoding/json encodes the
// rest of a value; encodeJSONText then writes the text in its place.
const textMark = "\x00spanbench:text\x00"

// encodeJSONText writes the value build(text) makes as encodeJSON does
// (one line, HTML unescaped), with text, which build puts in one string
// field, streamed by writeJSONString rather than encoded in memory. Should
// another field hold the mark too, the whole value is encoded as before.
func encodeJSONText(w io.Writer, text string, build func(text string) any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(build(textMark)); err != nil {
		return err
	}
	out := buf.Bytes()
	mark := appendJSONString(nil, textMark)
	i := bytes.Index(out, mark)
	if i < 0 || bytes.Count(out, mark) != 1 {
		return encodeJSON(w, build(text))
	}
	if _, err := w.Write(out[:i]); err != nil {
		return err
	}
	if err := writeJSONString(w, text); err != nil {
		return err
	}
	_, err := w.Write(out[i+len(mark):])
	return err
}
