// Package format reads and writes Spanbench's import and export formats.
// Readers turn a file into a stream of annot.Bundles (iter.Seq2) and stop at
// the first error, which names the file, the line and the field; writers
// encode bundles to an io.Writer. All offsets inside are code points; any
// other unit a format uses is converted through annot.Index.
package format

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"spanbench/annot"
)

// Size limits for input, checked before a file is read so an oversized file
// is refused without being loaded.
const (
	// MaxFileBytes is the largest file an import reads (JSONL, CSV, ...).
	MaxFileBytes = 2 << 30
	// MaxTextBytes is the largest single document text (a .txt, an .html,
	// one JSONL line).
	MaxTextBytes = 64 << 20
	// maxJSONDocBytes is the largest JSON value read for one document (a
	// JSONL line, a Label Studio task): twice MaxTextBytes leaves room for
	// a text at the limit written with \u escapes (Python's default
	// ensure_ascii doubles CJK text) and its spans. A reader stops reading
	// a value once it is over, so refusing one costs at most this much.
	maxJSONDocBytes = 2 * MaxTextBytes
)

// checkTextSize refuses a document whose text is over MaxTextBytes. Open
// calls it on the bundle of every reader, so the limit holds for all
// formats in one place; where is the bundle's source when it has none.
func checkTextSize(b *annot.Bundle, where string) error {
	if n := len(b.Doc.Text); n > MaxTextBytes {
		if b.Source != "" {
			where = b.Source
		}
		return fmt.Errorf("%s: %w", where, annot.Invalidf("text", "the text is %s", overLimit(int64(n), MaxTextBytes)))
	}
	return nil
}

// readFileLimited reads a whole file of at most limit bytes.
func readFileLimited(path string, limit int64) ([]byte, error) {
	f, err := openLimited(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may have grown since openLimited looked.
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: file is over the %s limit", path, humanBytes(limit))
	}
	return b, nil
}

// openLimited opens a file for streaming after checking its size.
func openLimited(path string, limit int64) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s: is a folder", path)
	}
	if st.Size() > limit {
		f.Close()
		return nil, fmt.Errorf("%s: file is %s", path, overLimit(st.Size(), limit))
	}
	return f, nil
}

// overLimit says "N, over the L limit", in exact bytes when rounding
// would show the two sizes alike.
func overLimit(n, limit int64) string {
	if humanBytes(n) == humanBytes(limit) {
		return fmt.Sprintf("%d bytes, over the %s limit (%d bytes)", n, humanBytes(limit), limit)
	}
	return fmt.Sprintf("%s, over the %s limit", humanBytes(n), humanBytes(limit))
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// ErrNotUTF8 is wrapped by the errors of CheckText and of the readers for
// bytes that are not valid UTF-8.
var ErrNotUTF8 = errors.New("not valid UTF-8")

// CheckText checks that b is text Spanbench can store: not empty, not
// binary, not UTF-16, valid UTF-8 (an error wrapping ErrNotUTF8 when only
// that fails). The error says which, and where.
func CheckText(b []byte) error {
	if len(b) == 0 {
		return errors.New("empty file")
	}
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return errors.New("UTF-16 text is not supported; save the file as UTF-8")
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		if looksUTF16(b) {
			return errors.New("looks like UTF-16 text without a byte order mark; save the file as UTF-8")
		}
		return fmt.Errorf("binary data, not text (NUL byte at offset %d)", i)
	}
	if !utf8.Valid(b) {
		i := invalidAt(b)
		line := bytes.Count(b[:i], []byte{'\n'}) + 1
		return fmt.Errorf("line %d: %w (byte 0x%02X at offset %d); save the file as UTF-8", line, ErrNotUTF8, b[i], i)
	}
	if n := controlBytes(b); n*20 > len(b) {
		return fmt.Errorf("binary data, not text (%d control characters)", n)
	}
	return nil
}

// looksUTF16 reports whether every other byte of the start is zero, the
// shape of Latin text in UTF-16.
func looksUTF16(b []byte) bool {
	n := min(len(b), 64) &^ 1
	if n < 4 {
		return false
	}
	even, odd := 0, 0
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	return even*4 >= n || odd*4 >= n
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

func controlBytes(b []byte) int {
	n := 0
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' {
			n++
		}
	}
	return n
}

// utf8Reader passes bytes through and fails at the first invalid UTF-8
// sequence: encoding/json would silently turn it into U+FFFD and change
// the text.
type utf8Reader struct {
	r    io.Reader
	off  int64  // bytes passed on so far
	tail []byte // an incomplete sequence held back from the last read
	err  error
}

func newUTF8Reader(r io.Reader) *utf8Reader { return &utf8Reader{r: r} }

func (u *utf8Reader) Read(p []byte) (int, error) {
	if u.err != nil {
		return 0, u.err
	}
	if len(p) < 4 {
		return 0, io.ErrShortBuffer // no room to carry a cut character; bufio never asks for less
	}
	n := copy(p, u.tail)
	u.tail = u.tail[:0]
	m, err := u.r.Read(p[n:])
	n += m
	buf := p[:n]
	// Hold back a sequence cut by the end of this read.
	keep := 0
	if err == nil {
		for i := len(buf) - 1; i >= 0 && i >= len(buf)-3; i-- {
			if utf8.RuneStart(buf[i]) {
				if !utf8.FullRune(buf[i:]) {
					keep = len(buf) - i
				}
				break
			}
		}
	}
	check := buf[:len(buf)-keep]
	if !utf8.Valid(check) {
		i := invalidAt(check)
		u.err = notUTF8Error{fmt.Sprintf("not valid UTF-8 (byte 0x%02X at byte %d); save the file as UTF-8", check[i], u.off+int64(i))}
		u.off += int64(i)
		return i, nil
	}
	u.tail = append(u.tail, buf[len(check):]...)
	u.off += int64(len(check))
	if err == io.EOF && len(u.tail) > 0 {
		u.err = notUTF8Error{"not valid UTF-8 (the file ends inside a character); save the file as UTF-8"}
		return len(check), nil
	}
	return len(check), err
}

// notUTF8Error is utf8Reader's error, passed through decoders as is.
type notUTF8Error struct{ msg string }

func (e notUTF8Error) Error() string { return e.msg }

func (e notUTF8Error) Is(target error) bool { return target == ErrNotUTF8 }

// surrogateScan finds what encoding/json would quietly change in JSON text:
// a \u escape of half a UTF-16 surrogate pair without its other half
// ("\ud800"), which it decodes as U+FFFD. It reads the text in pieces
// (scan, then end), so a stream is checked as it passes. Only escapes are
// looked at: a backslash is only valid JSON inside a string.
type surrogateScan struct {
	off    int64 // bytes scanned so far
	state  int   // scanNormal, scanEscape or scanHex
	digits int   // hex digits of a \u escape seen so far
	v      rune  // their value
	escAt  int64 // where the \u escape being read starts
	high   bool  // a high surrogate escape waits for its low half
	highAt int64
	highV  rune
}

const (
	scanNormal = iota
	scanEscape
	scanHex
)

// errLoneSurrogate is what surrogateScan returns: the offset and the escape.
func errLoneSurrogate(at int64, v rune) error {
	return passError{fmt.Errorf("invalid JSON at byte %d: \\u%04x is half of a UTF-16 surrogate pair without its other half, not a character (it would be stored as U+FFFD)", at, v)}
}

func (s *surrogateScan) scan(p []byte) error {
	for i, c := range p {
		at := s.off + int64(i)
		switch s.state {
		case scanNormal:
			if c == '\\' {
				s.state = scanEscape
			} else if s.high {
				return errLoneSurrogate(s.highAt, s.highV)
			}
		case scanEscape:
			if c == 'u' {
				s.state, s.digits, s.v, s.escAt = scanHex, 0, 0, at-1
				continue
			}
			if s.high {
				return errLoneSurrogate(s.highAt, s.highV)
			}
			s.state = scanNormal
		case scanHex:
			var d byte
			switch {
			case '0' <= c && c <= '9':
				d = c - '0'
			case 'a' <= c && c <= 'f':
				d = c - 'a' + 10
			case 'A' <= c && c <= 'F':
				d = c - 'A' + 10
			default:
				// Not an escape: encoding/json reports the syntax error.
				s.state, s.high = scanNormal, false
				continue
			}
			s.v = s.v<<4 | rune(d)
			if s.digits++; s.digits < 4 {
				continue
			}
			s.state = scanNormal
			switch {
			case 0xD800 <= s.v && s.v <= 0xDBFF:
				if s.high {
					return errLoneSurrogate(s.highAt, s.highV)
				}
				s.high, s.highAt, s.highV = true, s.escAt, s.v
			case 0xDC00 <= s.v && s.v <= 0xDFFF:
				if !s.high {
					return errLoneSurrogate(s.escAt, s.v)
				}
				s.high = false
			default:
				if s.high {
					return errLoneSurrogate(s.highAt, s.highV)
				}
			}
		}
	}
	s.off += int64(len(p))
	return nil
}

// end reports a high surrogate escape left at the end of the text.
func (s *surrogateScan) end() error {
	if s.high {
		return errLoneSurrogate(s.highAt, s.highV)
	}
	return nil
}

// checkSurrogates refuses one JSON text (a JSONL line) with a lone
// surrogate escape.
func checkSurrogates(raw []byte) error {
	if bytes.IndexByte(raw, '\\') < 0 {
		return nil
	}
	var s surrogateScan
	if err := s.scan(raw); err != nil {
		return err
	}
	return s.end()
}

// passError is an error of the input, already worded for the user: the
// JSON readers pass it on as it is.
type passError struct{ error }

func (e passError) Unwrap() error { return e.error }

// jsonValueReader feeds a json.Decoder reading a stream of documents (a
// Label Studio list of tasks): it refuses lone surrogate escapes, and
// stops, without reading further, once the value being decoded (from the
// offset given to mark) is over limit bytes, so an oversized document
// costs no more memory than limit.
type jsonValueReader struct {
	r     io.Reader
	limit int64
	read  int64 // bytes passed on
	start int64 // where the value being decoded starts
	sc    surrogateScan
	err   error
}

func newJSONValueReader(r io.Reader, limit int64) *jsonValueReader {
	return &jsonValueReader{r: r, limit: limit}
}

// mark tells where the next value starts (json.Decoder.InputOffset).
func (j *jsonValueReader) mark(off int64) { j.start = off }

func (j *jsonValueReader) Read(p []byte) (int, error) {
	if j.err != nil {
		return 0, j.err
	}
	if j.read-j.start > j.limit {
		j.err = passError{fmt.Errorf("one document is over %s of JSON (the limit of one text is %s)",
			humanBytes(j.limit), humanBytes(MaxTextBytes))}
		return 0, j.err
	}
	// Never pass on much past the limit.
	if room := j.start + j.limit + 1 - j.read; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := j.r.Read(p)
	if serr := j.sc.scan(p[:n]); serr != nil {
		j.err = serr
		return 0, serr
	}
	if err == io.EOF {
		if serr := j.sc.end(); serr != nil {
			j.err = serr
			return n, serr
		}
	}
	j.read += int64(n)
	return n, err
}
