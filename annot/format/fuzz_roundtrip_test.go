package format

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"spanbench/annot"
)

// Fuzz targets for the native JSONL line decoder and plain-text reading,
// with properties beyond "no panic": whatever DecodeJSONLine accepts is a
// valid document that WriteJSONL writes back to the same document, and
// whatever ReadTxt accepts is the file's bytes verbatim. Seeds are in
// testdata/fuzz/<target>; run one with
//
//	go test ./annot/format -run '^$' -fuzz '^FuzzDecodeJSONLineRoundTrip$' -fuzztime 1m

func FuzzDecodeJSONLineRoundTrip(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw []byte) {
		b, err := DecodeJSONLine(raw)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("error is not one line: %q", err)
			}
			return
		}
		if b.Doc.Text == "" || !utf8.ValidString(b.Doc.Text) {
			t.Fatalf("accepted text %q", b.Doc.Text)
		}
		ix := annot.NewIndex(b.Doc.Text)
		for i, sp := range b.Spans {
			if err := annot.ValidateSpan(ix, &sp); err != nil {
				t.Fatalf("accepted an invalid span %d: %v", i, err)
			}
		}
		var buf bytes.Buffer
		if err := WriteJSONL(&buf, b); err != nil {
			t.Fatalf("writing back: %v", err)
		}
		line := buf.Bytes()
		if bytes.Count(line, []byte{'\n'}) != 1 || line[len(line)-1] != '\n' {
			t.Fatalf("WriteJSONL wrote %d lines", bytes.Count(line, []byte{'\n'}))
		}
		again, err := DecodeJSONLine(line[:len(line)-1])
		if err != nil {
			t.Fatalf("reading back what WriteJSONL wrote: %v\n%s", err, line)
		}
		if !reflect.DeepEqual(normal(b), normal(again)) {
			t.Fatalf("round trip differs:\n in: %+v\nout: %+v", normal(b), normal(again))
		}
	})
}

// normal makes empty maps nil, as JSON does not tell them apart here.
func normal(b annot.Bundle) annot.Bundle {
	if len(b.Doc.Meta) == 0 {
		b.Doc.Meta = nil
	}
	spans := append([]annot.Span(nil), b.Spans...)
	for i := range spans {
		if len(spans[i].Attrs) == 0 {
			spans[i].Attrs = nil
		}
	}
	b.Spans = spans
	return b
}

func FuzzReadTxtFile(f *testing.F) {
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.txt")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		b, err := ReadTxt(path)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\r\n") || !strings.Contains(err.Error(), path) {
				t.Fatalf("error is not one line naming the file: %q", err)
			}
			return
		}
		if b.Doc.Text != string(data) {
			t.Fatalf("text is not the file verbatim")
		}
		if CheckText(data) != nil || !utf8.Valid(data) {
			t.Fatalf("accepted what CheckText refuses: %q", data)
		}
		if b.Doc.Title == "" || utf8.RuneCountInString(b.Doc.Title) > 200 || strings.ContainsAny(b.Doc.Title, "\r\n") {
			t.Fatalf("title %q", b.Doc.Title)
		}
	})
}
