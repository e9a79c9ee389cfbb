package suggest

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"spanbench/annot"
)

// entityTexts runs one suggester and lists "text/LABEL" of the new entity
// spans and "from SAME_AS to" of relations.
func entityTexts(t *testing.T, b annot.Bundle, source string, opt Options) []string {
	t.Helper()
	ix, sgs, spans := runOne(t, b, source, opt)
	var out []string
	for _, sg := range sgs {
		for _, sp := range sg.Spans {
			out = append(out, ix.Slice(sp.Start, sp.End)+"/"+sp.Label)
		}
		for _, r := range sg.Relations {
			out = append(out, ix.SpanText(spans[r.From])+" "+r.Label+" "+ix.SpanText(spans[r.To]))
		}
	}
	return out
}

// runOne runs the suggester source on b and returns the index, the
// suggestions, and every span by id: b's and the suggested ones.
func runOne(t *testing.T, b annot.Bundle, source string, opt Options) (*annot.Index, []Suggestion, map[string]annot.Span) {
	t.Helper()
	ix := annot.NewIndex(b.Doc.Text)
	opt.Suggesters = []string{source}
	sgs, err := Run(context.Background(), b, ix, opt)
	if err != nil {
		t.Fatal(err)
	}
	spans := map[string]annot.Span{}
	for _, sp := range b.Spans {
		spans[sp.ID] = sp
	}
	for _, sg := range sgs {
		for _, sp := range sg.Spans {
			spans[sp.ID] = sp
		}
	}
	return ix, sgs, spans
}

func TestEntityPropagation(t *testing.T) {
	text := "Patel spoke. Vedant Patel left. Patelson stayed. PATEL shouted. The Taliban’s men and the Taliban met Taliban."
	b := annot.Bundle{Doc: annot.Document{Text: text}, Spans: []annot.Span{
		{ID: "p", Start: 0, End: 5, Layer: annot.LayerEntity, Label: "PERSON"},
		{ID: "t1", Start: 92, End: 99, Layer: annot.LayerEntity, Label: "ORG"},
		{ID: "t2", Start: 104, End: 111, Layer: annot.LayerEntity, Label: "NORP"},
		{ID: "t3", Start: 104, End: 111, Layer: annot.LayerEntity, Label: "ORG"},
	}}
	got := entityTexts(t, b, SourceEntities, Options{})
	// "Patel" inside "Vedant Patel" is a word on its own; "Patelson", "PATEL"
	// and "Taliban’s" are not the string. Taliban is ORG by majority.
	want := []string{"Patel/PERSON"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	// An occurrence inside an entity the document already has is left alone.
	b.Spans = append(b.Spans, annot.Span{ID: "vp", Start: 13, End: 25, Layer: annot.LayerEntity, Label: "PERSON"})
	if got := entityTexts(t, b, SourceEntities, Options{}); len(got) != 0 {
		t.Errorf("inside an existing span: %q", got)
	}
}

func TestGazetteerSuggestions(t *testing.T) {
	text := "The Institute for the Study of War said ISW analysts and the Institute disagree. Study of War."
	g := []GazetteerEntry{{Text: "Institute for the Study of War", Label: "ORG"}, {Text: "Study of War", Label: "EVENT"}, {Text: "ISW", Label: "ORG"}}
	got := entityTexts(t, annot.Bundle{Doc: annot.Document{Text: text}}, SourceEntities, Options{Gazetteer: g})
	// The longest name wins where names overlap.
	want := []string{"Institute for the Study of War/ORG", "ISW/ORG", "Study of War/EVENT"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestGazetteerCSV(t *testing.T) {
	in := "\ufefftext,label\n# a comment\nVedant Patel,PERSON\n\"Smith, Jones & Co\",ORG\nVedant Patel,PERSON\nTaliban, NORP\n"
	g, err := ReadGazetteerCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	// A repeated text keeps its last line.
	want := []GazetteerEntry{{Text: "Vedant Patel", Label: "PERSON", Line: 5}, {Text: "Smith, Jones & Co", Label: "ORG", Line: 4}, {Text: "Taliban", Label: "NORP", Line: 6}}
	if !reflect.DeepEqual(g, want) {
		t.Errorf("read %+v", g)
	}
	var buf bytes.Buffer
	if err := WriteGazetteerCSV(&buf, g); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "text,label\n\"Smith, Jones & Co\",ORG\nTaliban,NORP\nVedant Patel,PERSON\n" {
		t.Errorf("wrote %q", buf.String())
	}
	back, _ := ReadGazetteerCSV(&buf)
	if len(back) != 3 {
		t.Errorf("round trip: %+v", back)
	}
	for _, bad := range []struct{ in, msg string }{
		{"Kabul\n", "line 1: want two columns"},
		{"text,label\n,ORG\n", "line 2: text: the text is empty"},
		{"Kabul,\n", "line 1: label: the label of \"Kabul\" is empty"},
		{"\"Kabul,GPE\n", "gazetteer"},
	} {
		if _, err := ReadGazetteerCSV(strings.NewReader(bad.in)); err == nil || !strings.Contains(err.Error(), bad.msg) {
			t.Errorf("%q: err = %v, want %q", bad.in, err, bad.msg)
		}
	}
}

func TestAcronyms(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"function words skipped", "a report by the Institute for the Study of War (ISW) says",
			[]string{"Institute for the Study of War/ORG", "ISW/ORG", "ISW SAME_AS Institute for the Study of War"}},
		{"hyphenated", "the Islamic State-Khorasan Province (IS-KP), a regional affiliate",
			[]string{"Islamic State-Khorasan Province/ORG", "IS-KP/ORG", "IS-KP SAME_AS Islamic State-Khorasan Province"}},
		{"lower-case letters in the acronym", "the African Development Bank (AfDB) said",
			[]string{"African Development Bank/ORG", "AfDB/ORG", "AfDB SAME_AS African Development Bank"}},
		{"initials do not match", "the Ministry of Health (WHO) said", nil},
		{"not an acronym", "the Ministry of Health (in Kabul) said", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := entityTexts(t, annot.Bundle{Doc: annot.Document{Text: tt.text}}, SourceAcronyms, Options{})
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	// Existing spans are linked, with their labels, not created again.
	text := "the African Development Bank (AfDB) said"
	b := annot.Bundle{Doc: annot.Document{Text: text}, Spans: []annot.Span{{ID: "l", Start: 4, End: 28, Layer: annot.LayerEntity, Label: "MISC"}}}
	got := entityTexts(t, b, SourceAcronyms, Options{})
	if want := []string{"AfDB/MISC", "AfDB SAME_AS African Development Bank"}; !reflect.DeepEqual(got, want) {
		t.Errorf("with existing span: %q", got)
	}
	b.Spans = append(b.Spans, annot.Span{ID: "a", Start: 30, End: 34, Layer: annot.LayerEntity, Label: "MISC"})
	b.Relations = []annot.Relation{{ID: "r", Label: annot.RelSameAs, From: "l", To: "a"}}
	if got := entityTexts(t, b, SourceAcronyms, Options{}); len(got) != 0 {
		t.Errorf("already linked: %q", got)
	}
}

func TestClaims(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"says that", "The U.S. Department of State says that Washington is working with its allies.",
			[]string{"Washington is working with its allies/CLAIM", "U.S. Department of State/ORG", "Washington is working with its allies CLAIMANT U.S. Department of State"}},
		{"report reveals that", "A recent report by the Institute for the Study of War reveals that the regime cannot counter these groups.",
			[]string{"the regime cannot counter these groups/CLAIM", "Institute for the Study of War/ORG", "the regime cannot counter these groups CLAIMANT Institute for the Study of War"}},
		{"according to first", "According to the ministry, inflation will fall below three percent next year.",
			[]string{"inflation will fall below three percent next year/CLAIM", "the ministry/ORG", "inflation will fall below three percent next year CLAIMANT the ministry"}},
		{"according to last", "Inflation will fall below three percent next year, according to Ana Ruiz.",
			[]string{"Inflation will fall below three percent next year/CLAIM", "Ana Ruiz/PERSON", "Inflation will fall below three percent next year CLAIMANT Ana Ruiz"}},
		{"not inside quotes", "“Ana Ruiz said that the plan will fail before the summer,” he said.", nil},
		{"no reporting verb", "Washington is working with its allies to ensure stability.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := entityTexts(t, annot.Bundle{Doc: annot.Document{Text: tt.text}}, SourceClaims, Options{})
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
	// Claims are less sure than quotes.
	ix := annot.NewIndex(tests[0].text)
	sgs, _ := Run(context.Background(), annot.Bundle{Doc: annot.Document{Text: tests[0].text}}, ix, Options{})
	for _, sg := range WithLabel(sgs, annot.LabelClaim) {
		if sg.Confidence >= 0.8 {
			t.Errorf("claim confidence %.2f", sg.Confidence)
		}
	}
}

// TestGazetteerRefusesWhatItWouldChange: invalid UTF-8 (stored as U+FFFD),
// a carriage return (encoding/csv reads "\r\r\n" in quotes as "\r\n" and,
// after a round trip, "\n": FuzzGazetteerCSV found it), other control
// characters, and names over MaxGazetteerName code points are refused with
// the line and the field.
func TestGazetteerRefusesWhatItWouldChange(t *testing.T) {
	long := strings.Repeat("é", MaxGazetteerName)
	for _, bad := range []struct{ in, msg string }{
		{"text,label\nAc\xffme,ORG\n", "line 2: text: not valid UTF-8"},
		{"Acme,OR\xc3\n", "line 1: label: not valid UTF-8"},
		{"\"Acme\r\r\nCorp\",ORG\n", "line 1: text: holds the control character or line break U+000D"},
		{"\"Acme\nCorp\",ORG\n", "line 1: text: holds the control character or line break U+000A"},
		{"Acme\x1b[2J,ORG\n", "U+001B"},
		{"Acme\u2028Corp,ORG\n", "U+2028"},
		{"Ac\u0085me,ORG\n", "U+0085"},
		{"Acme,O\tRG\n", "line 1: label: holds"},
		{"x,ORG\n" + long + "e,ORG\n", "line 2: text: name is 1001 characters long, over the limit of 1000"},
	} {
		if _, err := ReadGazetteerCSV(strings.NewReader(bad.in)); err == nil || !strings.Contains(err.Error(), bad.msg) {
			t.Errorf("%q: err = %v, want %q", bad.in, err, bad.msg)
		}
	}
	g, err := ReadGazetteerCSV(strings.NewReader(long + ",ORG\n"))
	if err != nil || len(g) != 1 || g[0].Text != long {
		t.Errorf("a name of %d code points: %v", MaxGazetteerName, err)
	}
}

// TestDescriptionsAreNotPropagated: a description accepted as a source
// ("the company", "sources") is not proposed again wherever its words
// appear; a name is, "The New York Times" included.
func TestDescriptionsAreNotPropagated(t *testing.T) {
	text := "Norvik Energy said the company would grow, sources said. The New York Times asked. " +
		"Later, the company and Norvik Energy and sources and The New York Times were named again."
	for _, tc := range []struct {
		text string
		want bool
	}{{"the company", true}, {"sources", true}, {"Her lawyer", true}, {"Obama’s former campaign strategist", true},
		{"The Washington-based think tank", true}, {"The New York Times", false}, {"eBay", false}, {"de Gaulle", false},
		{"Norvik Energy", false}, {"The", false}} {
		if got := describes(tc.text); got != tc.want {
			t.Errorf("describes(%q) = %v", tc.text, got)
		}
	}
	at := func(s string) (int, int) {
		i := strings.Index(text, s)
		return i, i + len(s) // ASCII: bytes are code points
	}
	var spans []annot.Span
	for i, s := range []string{"Norvik Energy", "the company", "sources", "The New York Times"} {
		a, e := at(s)
		label := "ORG"
		if s == "sources" {
			label = "PERSON"
		}
		spans = append(spans, annot.Span{ID: string(rune('a' + i)), Start: a, End: e, Layer: annot.LayerEntity, Label: label})
	}
	got := entityTexts(t, annot.Bundle{Doc: annot.Document{Text: text}, Spans: spans}, SourceEntities, Options{})
	want := []string{"Norvik Energy/ORG", "The New York Times/ORG"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
