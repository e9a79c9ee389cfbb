package suggest

import (
	"bytes"
	"reflect"
	"testing"
)

// TestGazetteerCSVFormulas: names a spreadsheet would run as formulas
// (OWASP's CSV injection: =, +, -, @ first) are written with a ' before
// them and read back as they were; plain numbers stay.
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
}

// TestGazetteerCSVRoundTripQuotedNames: a name that really starts with '
// before a formula character ('=x) and the formula-like name (=x) both read
// back as they were written: the reader removes one ' from a cell that
// starts with ' and a formula character, so the writer must add one to
// both (annot.NeutralizeFormula).
func TestGazetteerCSVRoundTripQuotedNames(t *testing.T) {
	g := []GazetteerEntry{{Text: "'=x", Label: "ORG"}, {Text: "=x", Label: "'=L"}}
	var buf bytes.Buffer
	if err := WriteGazetteerCSV(&buf, g); err != nil {
		t.Fatal(err)
	}
	back, err := ReadGazetteerCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range back {
		got[e.Text] = e.Label
	}
	if want := map[string]string{"'=x": "ORG", "=x": "'=L"}; !reflect.DeepEqual(got, want) {
		t.Errorf("read back %q, want %q", got, want)
	}
}
