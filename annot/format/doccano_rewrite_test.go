package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// referenceRewrite is doccanoWriter.rewrite as it was before it streamed
// (commit 8ecc28a): each line read whole, decoded and encoded again. The
// streaming rewrite must write the same bytes.
func referenceRewrite(w *doccanoWriter, in io.Reader, out io.Writer) error {
	bw := bufio.NewWriterSize(out, 1<<16)
	br := bufio.NewReaderSize(in, 1<<16)
	for {
		line, err := readLine(br, MaxTextBytes*4)
		if len(line) > 0 {
			var d struct {
				ID    string    `json:"id"`
				Text  string    `json:"text"`
				Title string    `json:"title"`
				Label *[][3]any `json:"label"`
			}
			if jerr := json.Unmarshal(line, &d); jerr != nil {
				return jerr
			}
			if d.Label == nil {
				bw.Write(line)
				bw.WriteByte('\n')
			} else {
				ents := []doccanoEntOut{}
				o := doccanoOut{ID: d.ID, Text: d.Text, Title: d.Title, Entities: &ents, Relations: &[]doccanoRelOut{}}
				for _, l := range *d.Label {
					w.nextEnt++
					ents = append(ents, doccanoEntOut{ID: w.nextEnt, StartOffset: int(l[0].(float64)), EndOffset: int(l[1].(float64)), Label: l[2].(string)})
				}
				if eerr := encodeJSON(bw, o); eerr != nil {
					return eerr
				}
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	return bw.Flush()
}

// TestDoccanoRewriteMatchesReference rewrites label lines whose ids, texts
// and titles hold what could confuse a scanner (quotes, backslashes,
// brackets, `,"label":` itself, escaped newlines, U+2028, a long text), with
// and without titles, between relation lines, and compares the result with
// the rewrite that decoded each line.
func TestDoccanoRewriteMatchesReference(t *testing.T) {
	tricky := []string{"", `plain`, `a "quoted" \ back\\slash`, `,"label":[[0,1,"X"]]}`, "{[\n]}\u2028\t", `\"`, strings.Repeat("long “text” ", 20000)}
	var file bytes.Buffer
	nextEnt := 3
	for i, text := range tricky {
		labels := [][3]any{{0, 1, "PER"}, {2, 5, `Q"\`}}
		if i%3 == 0 {
			labels = [][3]any{}
		}
		title := tricky[(i+2)%len(tricky)]
		if err := encodeJSON(&file, doccanoOut{ID: tricky[(i+1)%len(tricky)], Text: text, Title: title, Label: &labels}); err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 {
			ents := []doccanoEntOut{{ID: 1, StartOffset: 0, EndOffset: 1, Label: "X"}}
			rels := []doccanoRelOut{{ID: 1, FromID: 1, ToID: 1, Type: `,"label":`}}
			if err := encodeJSON(&file, doccanoOut{ID: "r", Text: text, Title: title, Entities: &ents, Relations: &rels}); err != nil {
				t.Fatal(err)
			}
		}
	}
	var want bytes.Buffer
	ref := &doccanoWriter{nextEnt: nextEnt}
	if err := referenceRewrite(ref, bytes.NewReader(file.Bytes()), &want); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "d.jsonl")
	if err := os.WriteFile(path, file.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	w := &doccanoWriter{nextEnt: nextEnt, path: path}
	if err := w.rewrite(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(want.String(), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("line %d:\n got %.300s\nwant %.300s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%d lines, want %d", len(gl), len(wl))
	}
	if w.nextEnt != ref.nextEnt {
		t.Errorf("next entity id %d, want %d", w.nextEnt, ref.nextEnt)
	}
}
