package suggest

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"spanbench/annot"
)

// FuzzGazetteerCSV: any input is read without panicking, and what is read
// writes back and reads again to the same entries.
func FuzzGazetteerCSV(f *testing.F) {
	f.Add([]byte("text,label\nInstitute for the Study of War,ORG\nVedant Patel,PERSON\n"))
	f.Add([]byte("\ufeff# comment\n\"Smith, John\",PERSON\n\"a \"\"quoted\"\" name\",MISC\n"))
	f.Add([]byte("only one column\n"))
	f.Add([]byte("\"unterminated,ORG\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		es, err := ReadGazetteerCSV(bytes.NewReader(data))
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error on several lines: %q", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := WriteGazetteerCSV(&buf, es); err != nil {
			t.Fatal(err)
		}
		again, err := ReadGazetteerCSV(&buf)
		if err != nil {
			t.Fatalf("re-reading what was written: %v\n%s", err, buf.String())
		}
		byText := map[string]string{}
		for _, e := range es {
			byText[e.Text] = e.Label
		}
		got := map[string]string{}
		for _, e := range again {
			got[e.Text] = e.Label
		}
		if !reflect.DeepEqual(byText, got) {
			t.Fatalf("round trip changed the gazetteer: %v -> %v", byText, got)
		}
	})
}

// FuzzRun: the suggesters never panic on any text, and every suggested span
// is valid for it (in range, never splitting a character).
func FuzzRun(f *testing.F) {
	f.Add("“We are cooperating,” Patel said. “And we will,” he added.\n\nAccording to the Institute for the Study of War (ISW), it is so.")
	f.Add("«Nous sommes là», a dit Marie. „Wir sind hier“, sagte Hans. 「私たちはここにいる」と彼は言った。")
	f.Add("“Unclosed quote across\n\n“a paragraph, said 👩‍👩‍👧 Zoë\u0301.")
	f.Add("\ufeff\"\r\n\"'\u2019s don’t “”„‹›")
	f.Add("外交部发言人 王毅 said the talks were “constructive”. He said it. Trump eased his tone. Asked, he named Paul Ryan. “Yes,” he said. The 34-year-old mother of three said “no,” said union leader Anna de Vries (D-Wis.) of Ohio III.")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || len(text) > 4096 {
			return
		}
		ix := annot.NewIndex(text)
		b := annot.Bundle{Doc: annot.Document{ID: "d", Text: text}}
		sgs, err := Run(context.Background(), b, ix, Options{MinConfidence: -1})
		if err != nil {
			t.Fatal(err)
		}
		for _, sg := range sgs {
			for _, sp := range sg.Spans {
				if err := annot.ValidateSpan(ix, &sp); err != nil {
					t.Fatalf("suggestion %s: span %d..%d invalid: %v", sg.Key, sp.Start, sp.End, err)
				}
			}
		}
		for _, fd := range Lint(b, ix) {
			_ = fd
		}
	})
}
