package format

import (
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"spanbench/annot"
)

// appendJSONL appends one bundle as one line of native JSONL to dst: the
// bytes encoding/json writes for nativeDoc (fields in struct order, map
// keys sorted, HTML left unescaped, U+2028/U+2029 and invalid UTF-8
// escaped as encoding/json does), without reflection. An export of
// 10,000 documents spent a third of its time in encoding/json;
// TestAppendJSONLMatchesEncodingJSON holds the two byte for byte equal.
// Span texts are sliced with ix when given, else by walking the text from
// span to span (spans come sorted by start), which spares building an
// index for the whole text.
func appendJSONL(dst []byte, b annot.Bundle, ix *annot.Index) []byte {
	dst = appendJSONLHead(dst, &b)
	dst = appendJSONString(dst, b.Doc.Text)
	return appendJSONLTail(dst, &b, ix)
}

// appendJSONLHead appends a line's start, up to the text's value.
func appendJSONLHead(dst []byte, b *annot.Bundle) []byte {
	dst = append(dst, '{')
	if b.Doc.ID != "" {
		dst = append(dst, `"id":`...)
		dst = appendJSONString(dst, b.Doc.ID)
		dst = append(dst, ',')
	}
	dst = append(dst, `"title":`...)
	dst = appendJSONString(dst, b.Doc.Title)
	return append(dst, `,"text":`...)
}

// appendJSONLTail appends a line's rest, after the text's value.
func appendJSONLTail(dst []byte, b *annot.Bundle, ix *annot.Index) []byte {
	slice := ix.Slice
	if ix == nil {
		c := &cpCursor{s: b.Doc.Text}
		slice = c.slice
	}
	dst = append(dst, `,"meta":`...)
	dst = appendJSONMap(dst, b.Doc.Meta)
	dst = append(dst, `,"status":`...)
	dst = appendJSONString(dst, string(b.Doc.Status))
	dst = append(dst, `,"spans":[`...)
	for i, s := range b.Spans {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '{')
		if s.ID != "" {
			dst = append(dst, `"id":`...)
			dst = appendJSONString(dst, s.ID)
			dst = append(dst, ',')
		}
		dst = append(dst, `"start":`...)
		dst = strconv.AppendInt(dst, int64(s.Start), 10)
		dst = append(dst, `,"end":`...)
		dst = strconv.AppendInt(dst, int64(s.End), 10)
		if len(s.Fragments) > 1 {
			dst = append(dst, `,"fragments":[`...)
			for j, f := range s.Fragments {
				if j > 0 {
					dst = append(dst, ',')
				}
				dst = append(dst, '[')
				dst = strconv.AppendInt(dst, int64(f.Start), 10)
				dst = append(dst, ',')
				dst = strconv.AppendInt(dst, int64(f.End), 10)
				dst = append(dst, ']')
			}
			dst = append(dst, ']')
		}
		dst = append(dst, `,"text":`...)
		dst = appendJSONString(dst, slice(s.Start, s.End))
		dst = append(dst, `,"layer":`...)
		dst = appendJSONString(dst, string(s.Layer))
		dst = append(dst, `,"label":`...)
		dst = appendJSONString(dst, s.Label)
		dst = append(dst, `,"attrs":`...)
		dst = appendJSONMap(dst, s.Attrs)
		dst = append(dst, `,"note":`...)
		dst = appendJSONString(dst, s.Note)
		dst = append(dst, `,"annotator":`...)
		dst = appendJSONString(dst, s.Annotator)
		dst = append(dst, '}')
	}
	dst = append(dst, `],"relations":[`...)
	for i, r := range b.Relations {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '{')
		if r.ID != "" {
			dst = append(dst, `"id":`...)
			dst = appendJSONString(dst, r.ID)
			dst = append(dst, ',')
		}
		dst = append(dst, `"label":`...)
		dst = appendJSONString(dst, r.Label)
		dst = append(dst, `,"from":`...)
		dst = appendJSONString(dst, r.From)
		dst = append(dst, `,"to":`...)
		dst = appendJSONString(dst, r.To)
		if r.Annotator != "" {
			dst = append(dst, `,"annotator":`...)
			dst = appendJSONString(dst, r.Annotator)
		}
		dst = append(dst, '}')
	}
	return append(dst, "]}\n"...)
}

// appendJSONMap writes a string map as encoding/json does: keys sorted; a
// nil map as {} (WriteJSONL never writes null for meta or attrs).
func appendJSONMap(dst []byte, m map[string]string) []byte {
	dst = append(dst, '{')
	if len(m) > 0 {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, k)
			dst = append(dst, ':')
			dst = appendJSONString(dst, m[k])
		}
	}
	return append(dst, '}')
}

const hexDigits = "0123456789abcdef"

// jsonPlain marks the bytes appendJSONString copies as they are: ASCII
// from space up but for '"' and '\\', and every byte of a multi-byte
// character except 0xE2, the lead byte of U+2028 and U+2029.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\' && c != 0xE2
	}
	return t
}()

// appendJSONString is encoding/json's string encoding with HTML escaping
// off. Valid UTF-8 (every stored text) takes one table lookup per byte.
func appendJSONString(dst []byte, s string) []byte {
	if !utf8.ValidString(s) {
		return appendJSONStringInvalid(dst, s)
	}
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if jsonPlain[c] {
			continue
		}
		if c == 0xE2 {
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				dst = append(dst, s[start:i]...)
				dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]&0xF])
				i += 2
				start = i + 1
			}
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = appendEscapedASCII(dst, c)
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

func appendEscapedASCII(dst []byte, c byte) []byte {
	switch c {
	case '\\', '"':
		return append(dst, '\\', c)
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}

// appendJSONStringInvalid encodes a string holding invalid UTF-8, each bad
// byte as \ufffd, as encoding/json does.
func appendJSONStringInvalid(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = appendEscapedASCII(dst, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// cpCursor converts code point offsets to byte offsets by walking the text
// from the last position; it builds a full index instead once it has
// walked more than a few times the text's length (spans out of order).
type cpCursor struct {
	s         string
	cp, b     int
	steps     int
	ix        *annot.Index
	checkedAS bool
	ascii     bool
}

// slice is annot.Index.Slice: text[start:end] in code points, clamped.
func (c *cpCursor) slice(start, end int) string {
	if c.ix != nil {
		return c.ix.Slice(start, end)
	}
	if !c.checkedAS {
		c.checkedAS, c.ascii = true, isASCII(c.s)
	}
	if c.ascii {
		s, e := min(max(start, 0), len(c.s)), min(max(end, 0), len(c.s))
		if e < s {
			return ""
		}
		return c.s[s:e]
	}
	s := c.byteAt(start)
	e := c.byteAt(end)
	if c.ix != nil {
		return c.ix.Slice(start, end)
	}
	if e < s {
		return ""
	}
	return c.s[s:e]
}

func (c *cpCursor) byteAt(cp int) int {
	if cp <= 0 {
		c.cp, c.b = 0, 0
		return 0
	}
	for c.cp < cp && c.b < len(c.s) {
		_, n := utf8.DecodeRuneInString(c.s[c.b:])
		c.b += n
		c.cp++
		c.steps++
	}
	for c.cp > cp {
		_, n := utf8.DecodeLastRuneInString(c.s[:c.b])
		c.b -= n
		c.cp--
		c.steps++
	}
	if c.steps > 4*len(c.s)+4096 {
		c.ix = annot.NewIndex(c.s)
	}
	return c.b
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lineBuffers recycles WriteJSONL's line buffers between documents.
var lineBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}
