package format_test

import (
	"bytes"
	"io"
	"runtime"
	"strings"
	"testing"

	"spanbench/annot/format"
)

// TestTextOverLimitEveryReader gives every reader a document whose text is
// one byte over format.MaxTextBytes (the README's "a text over 64 MiB"),
// written in the reader's own syntax: each refuses it with one line naming
// the file (and, for line formats, the line), and the project is unchanged.
func TestTextOverLimitEveryReader(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 64 MiB files")
	}
	const valid = "Vedant Patel said."
	// The text is the valid one plus a space and padding: one byte over.
	pad := strings.Repeat("a", format.MaxTextBytes-len(valid))
	for _, im := range importers {
		if im.file == "a.ann" {
			continue // brat's text is in the .txt
		}
		t.Run(im.format, func(t *testing.T) {
			content := strings.Replace(im.valid, valid, valid+" "+pad, 1)
			want := "text"
			switch im.format {
			case "txt", "html", "brat":
				// The whole file is the text: refused from its size.
				content = valid + " " + pad
				want = "limit"
			case "conll":
				// One token a line, joined by spaces into the text: its
				// valid document's text is "Vedant Patel said".
				var b strings.Builder
				b.WriteString(im.valid)
				for n := len("Vedant Patel said"); n <= format.MaxTextBytes; n += len(" aaa") {
					b.WriteString("aaa\tO\n")
				}
				content = b.String()
			}
			if content == im.valid {
				t.Fatalf("the valid %s document does not hold %q", im.format, valid)
			}
			path := im.layout(t, []byte(content))
			content = ""
			mustFail(t, im.format, path, im.file, want, im.lines)
		})
	}
}

// repeatReader gives n copies of the byte c.
type repeatReader struct {
	c byte
	n int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n)]
	for i := range p {
		p[i] = r.c
	}
	r.n -= int64(len(p))
	return len(p), nil
}

// TestOversizedDocumentBoundedMemory feeds the JSON readers one document
// of 200 MB (a JSONL line, a Label Studio task), over the limit of one
// document's JSON (twice MaxTextBytes): they refuse it having read little
// more than that limit, rather than the whole document and its decoded
// text (513 MiB for the JSONL line, 2.6 GiB for the Label Studio task
// before). What is allocated is counted, not timed.
func TestOversizedDocumentBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 200 MB")
	}
	const size = 200 << 20
	limit := uint64(2 * format.MaxTextBytes)
	for _, c := range []struct {
		name       string
		head, tail string
		read       func(r io.Reader) error
		alloc      uint64 // what refusing may allocate
	}{
		{"jsonl", `{"text":"`, `"}` + "\n", func(r io.Reader) error {
			for _, err := range format.ReadJSONL(r, "big.jsonl") {
				return err
			}
			return nil
		}, limit + limit/4},
		// encoding/json's Decoder doubles its buffer as a value grows.
		{"labelstudio", `[{"data":{"text":"`, `"}}]`, func(r io.Reader) error {
			for _, err := range format.ReadLabelStudio(r, "big.json", nil) {
				return err
			}
			return nil
		}, 4*limit + limit/4},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := io.MultiReader(strings.NewReader(c.head), &repeatReader{'a', size}, strings.NewReader(c.tail))
			runtime.GC()
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			err := c.read(r)
			runtime.ReadMemStats(&m1)
			if err == nil {
				t.Fatal("a 200 MB document was read without an error")
			}
			if !strings.Contains(err.Error(), "limit") || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q does not say limit on one line", err)
			}
			if grew := m1.TotalAlloc - m0.TotalAlloc; grew > c.alloc {
				t.Errorf("refusing allocated %d MiB, want at most %d MiB", grew>>20, c.alloc>>20)
			}
			t.Logf("%v; allocated %d MiB", err, (m1.TotalAlloc-m0.TotalAlloc)>>20)
		})
	}
}

// TestLoneSurrogateRefused: encoding/json decodes the escape of half a
// surrogate pair ("\ud800", which is not a character; Python's json.loads
// keeps it, and writing it as UTF-8 then fails) as U+FFFD, quietly changing
// the text. Every JSON reader refuses it with the file, line and byte;
// whole pairs, escaped backslashes and a literal U+FFFD stay fine.
func TestLoneSurrogateRefused(t *testing.T) {
	for _, c := range []struct{ format, file, content, want string }{
		{"jsonl", "a.jsonl", `{"text":"Vedant \ud800 Patel said."}` + "\n", `a.jsonl:1: invalid JSON at byte 16: \ud800`},
		{"jsonl", "a.jsonl", `{"text":"Vedant Patel said.","title":"\udc00"}` + "\n", `a.jsonl:1: invalid JSON at byte 38: \udc00`},
		{"jsonl", "a.jsonl", `{"text":"Vedant \ud800\ud800\udc00 said."}` + "\n", `\ud800 is half`},
		{"jsonl", "a.jsonl", `{"text":"Vedant \ud83d\n said."}` + "\n", `\ud83d is half`},
		{"jsonl", "a.jsonl", `{"text":"Vedant said \ud83d"}` + "\n", `\ud83d is half`},
		{"spacy", "a.jsonl", `{"text":"Vedant \ud800 Patel said.","tokens":[],"spans":[]}` + "\n", `a.jsonl:1: invalid JSON`},
		{"doccano", "a.jsonl", `{"text":"Vedant \ud800 Patel said.","label":[]}` + "\n", `a.jsonl:1: invalid JSON`},
		{"labelstudio", "a.json", `[{"data":{"text":"Vedant \udfff Patel said."}}]`, `invalid JSON at byte 25: \udfff`},
		{"labelstudio", "a.json", `[{"data":{"text":"Vedant said.", "x":"\ud800"}}]`, `\ud800 is half`},
	} {
		t.Run(c.format+"/"+c.content, func(t *testing.T) {
			path := importer{file: c.file}.layout(t, []byte(c.content))
			mustFail(t, c.format, path, c.file, c.want, c.format != "labelstudio")
		})
	}
	for _, text := range []string{`Vedant \ud83d\ude00 said.`, `Vedant \\ud800 said.`, `Vedant \ufffd said.`, `Vedant \\\ud83d\udE00 said.`} {
		line := `{"text":"` + text + `"}` + "\n"
		for b, err := range format.ReadJSONL(strings.NewReader(line), "ok.jsonl") {
			if err != nil {
				t.Errorf("%s: %v", line, err)
			} else if strings.Contains(text, `\ud83d`) && !strings.Contains(b.Doc.Text, "😀") {
				t.Errorf("%s: text %q", line, b.Doc.Text)
			}
		}
		ls := `[{"data":{"text":"` + text + `"}}]`
		for _, err := range format.ReadLabelStudio(bytes.NewReader([]byte(ls)), "ok.json", nil) {
			if err != nil {
				t.Errorf("%s: %v", ls, err)
			}
		}
	}
}

// TestDoccanoNullOffset: encoding/json leaves an int at 0 for a JSON null,
// so [null, 6, "PERSON"] was read as 0..6. doccano writes whole numbers
// (its JSONL export: [start_offset, end_offset, label]); null is refused.
func TestDoccanoNullOffset(t *testing.T) {
	for _, c := range []struct{ content, want string }{
		{`{"text":"Vedant Patel said.","label":[[null,6,"PERSON"]]}`, "a.jsonl:1: label[0].start_offset: offset is null"},
		{`{"text":"Vedant Patel said.","label":[[0,null,"PERSON"]]}`, "a.jsonl:1: label[0].end_offset: offset is null"},
		{`{"text":"Vedant Patel said.","labels":[[0, 6, "PERSON"], [ null , 12,"PERSON"]]}`, "a.jsonl:1: labels[1].start_offset"},
		{`{"text":"Vedant Patel said.","entities":[{"id":1,"start_offset":null,"end_offset":6,"label":"PERSON"}],"relations":[]}`, "a.jsonl:1: entities[0]: start_offset and end_offset are required"},
	} {
		t.Run(c.content, func(t *testing.T) {
			path := importer{file: "a.jsonl"}.layout(t, []byte(c.content+"\n"))
			mustFail(t, "doccano", path, "a.jsonl", c.want, true)
		})
	}
}

// TestReadLongLines reads lines around the reader's 64 KiB buffer and the
// 4 MiB blocks readLine gathers long lines in, each in one piece.
func TestReadLongLines(t *testing.T) {
	var in strings.Builder
	var want []string
	for _, n := range []int{0, 1, 65535, 65536, 65537, 200000, 4<<20 - 1, 4 << 20, 9<<20 + 3} {
		text := strings.Repeat(string(rune('a'+len(want)%26)), n+1)
		want = append(want, text)
		in.WriteString(`{"text":"` + text + `"}` + "\n")
	}
	in.WriteString(`{"text":"last line, no newline"}`)
	want = append(want, "last line, no newline")
	var got []string
	for b, err := range format.ReadJSONL(strings.NewReader(in.String()), "long.jsonl") {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, b.Doc.Text)
	}
	if len(got) != len(want) {
		t.Fatalf("read %d lines, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: %d bytes, want %d", i+1, len(got[i]), len(want[i]))
		}
	}
}
