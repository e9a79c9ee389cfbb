package suggest

import (
	"bytes"
	"reflect"
	"testing"
)

// TestGazetteerCSVFormulas: names a spreadsheet would run as formulas
// (OWASP's CSV injection: =, +, -, @ first) are written with a ' before
// them and read back as they were; plain numbers stay; keep writes them
// as they are.
func TestGazetteerCSVFormulas(t *testing.T) {
	g := []GazetteerEntry{{Text: "=HYPERLINK(\"http://x\")", Label: "ORG"}, {Text: "@elonmusk", Label: "PERSON"},
		{Text: "-ism", Label: "+MISC"}, {Text: "'=quoted", Label: "ORG"}, {Text: "1984", Label: "-1"}}
	var buf bytes.Buffer
	if err := WriteGazetteerCSV(&buf, g); err != nil {
		t.Fatal(err)
	}
	// Sorted by text as given; encoding/csv quotes the cell with quotes.
	want := "text,label\n''=quoted,ORG\n'-ism,'+MISC\n1984,-1\n\"'=HYPERLINK(\"\"http://x\"\")\",ORG\n'@elonmusk,PERSON\n"
	if buf.String() != want {
		t.Errorf("wrote %q\nwant  %q", buf.String(), want)
	}
	back, err := ReadGazetteerCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range back {
		got[e.Text] = e.Label
	}
	if !reflect.DeepEqual(got, map[string]string{"=HYPERLINK(\"http://x\")": "ORG", "@elonmusk": "PERSON", "-ism": "+MISC", "'=quoted": "ORG", "1984": "-1"}) {
		t.Errorf("read back %v", got)
	}
	buf.Reset()
	WriteGazetteerCSVFormulas(&buf, g[:1], true)
	if buf.String() != "text,label\n\"=HYPERLINK(\"\"http://x\"\")\",ORG\n" {
		t.Errorf("keep wrote %q", buf.String())
	}
}
