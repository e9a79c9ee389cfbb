package format_test

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"

	"github.com/rivo/uniseg"

	"spanbench/annot"
	"spanbench/annot/format"
)

// These tests read each export the way its consumers do, without
// Spanbench's readers or annot.Index: Python-style code point slices,
// JavaScript-style UTF-16 slices, grapheme slices, and token texts, and
// check every span's text is its slice of the document in that unit.

// cpSlice is Python's text[s:e].
func cpSlice(text string, s, e int) string {
	r := []rune(text)
	if s < 0 || e > len(r) || s > e {
		return "<out of range>"
	}
	return string(r[s:e])
}

// u16Slice is JavaScript's text.slice(s, e).
func u16Slice(text string, s, e int) string {
	u := utf16.Encode([]rune(text))
	if s < 0 || e > len(u) || s > e {
		return "<out of range>"
	}
	return string(utf16.Decode(u[s:e]))
}

// gSlice slices by grapheme clusters, as doccano's grapheme mode counts.
func gSlice(text string, s, e int) string {
	var gs []string
	g := uniseg.NewGraphemes(text)
	for g.Next() {
		gs = append(gs, g.Str())
	}
	if s < 0 || e > len(gs) || s > e {
		return "<out of range>"
	}
	return strings.Join(gs[s:e], "")
}

// pieces returns the expected texts of all span pieces of a bundle, by
// label, as multisets.
func pieceTexts(b annot.Bundle) map[string]int {
	m := map[string]int{}
	r := []rune(b.Doc.Text)
	for _, sp := range b.Spans {
		for _, p := range sp.Pieces() {
			m[sp.Label+"|"+string(r[p.Start:p.End])]++
		}
	}
	return m
}

func mixedOnly() []annot.Bundle { return []annot.Bundle{canonical(mixedBundle())} }

func TestUnicodeSpacy(t *testing.T) {
	sum := export(t, t.TempDir(), "spacy", format.ExportOptions{}, mixedOnly()...)
	b, _ := os.ReadFile(sum.Path)
	var task struct {
		Text   string
		Tokens []struct {
			Text       string
			Start, End int
			ID         int
			WS         bool
		}
		Spans      []map[string]any
		SpanGroups map[string][]map[string]any `json:"span_groups"`
	}
	if err := json.Unmarshal(b, &task); err != nil {
		t.Fatal(err)
	}
	for _, tok := range task.Tokens {
		if got := cpSlice(task.Text, tok.Start, tok.End); got != tok.Text {
			t.Errorf("token %d text %q, slice %q", tok.ID, tok.Text, got)
		}
	}
	want := pieceTexts(mixedBundle())
	got := map[string]int{}
	check := func(s map[string]any) {
		st, en := int(s["start"].(float64)), int(s["end"].(float64))
		text := cpSlice(task.Text, st, en)
		if text != s["text"] {
			t.Errorf("span %v: text %q, slice %q", s, s["text"], text)
		}
		// token_end is inclusive, as in Prodigy.
		ts, te := int(s["token_start"].(float64)), int(s["token_end"].(float64))
		if task.Tokens[ts].Start != st || task.Tokens[te].End != en {
			t.Errorf("span %q: tokens %d..%d cover %d..%d", text, ts, te, task.Tokens[ts].Start, task.Tokens[te].End)
		}
		got[s["label"].(string)+"|"+text]++
	}
	for _, s := range task.Spans {
		check(s)
	}
	for _, g := range task.SpanGroups {
		for _, s := range g {
			check(s)
		}
	}
	if !equalCounts(want, got) {
		t.Errorf("spans = %v, want %v", got, want)
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestUnicodeDoccano(t *testing.T) {
	for _, tc := range []struct {
		unit  format.Unit
		slice func(string, int, int) string
	}{{format.UnitUTF16, u16Slice}, {format.UnitCodePoint, cpSlice}, {format.UnitGrapheme, gSlice}} {
		t.Run(string(tc.unit), func(t *testing.T) {
			sum := export(t, t.TempDir(), "doccano", format.ExportOptions{Unit: tc.unit}, mixedOnly()...)
			b, _ := os.ReadFile(sum.Path)
			var line struct {
				Text     string
				Entities []struct {
					StartOffset int `json:"start_offset"`
					EndOffset   int `json:"end_offset"`
					Label       string
				}
			}
			if err := json.Unmarshal(b, &line); err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, e := range line.Entities {
				got[e.Label+"|"+tc.slice(line.Text, e.StartOffset, e.EndOffset)]++
			}
			if want := pieceTexts(mixedBundle()); !equalCounts(want, got) {
				t.Errorf("spans = %v\nwant %v", got, want)
			}
		})
	}
}

func TestUnicodeBrat(t *testing.T) {
	sum := export(t, t.TempDir(), "brat", format.ExportOptions{}, mixedOnly()...)
	txt, _ := os.ReadFile(filepath.Join(sum.Path, "mixed.txt"))
	if string(txt) != mixedText {
		t.Fatalf("the .txt is not the text verbatim")
	}
	ann, _ := os.ReadFile(filepath.Join(sum.Path, "mixed.ann"))
	got := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(string(ann)), "\n") {
		if l[0] != 'T' {
			continue
		}
		f := strings.SplitN(l, "\t", 3)
		typ, offs, _ := strings.Cut(f[1], " ")
		var parts []string
		for _, p := range strings.Split(offs, ";") {
			se := strings.Fields(p)
			s, _ := strconv.Atoi(se[0])
			e, _ := strconv.Atoi(se[1])
			piece := cpSlice(string(txt), s, e)
			got[typ+"|"+piece]++
			parts = append(parts, piece)
		}
		// brat's text field: the fragments joined by a space, line
		// breaks as spaces.
		want := strings.NewReplacer("\r", " ", "\n", " ").Replace(strings.Join(parts, " "))
		if f[2] != want {
			t.Errorf("T line text %q, want %q", f[2], want)
		}
	}
	// A span across a line break is one fragment per line, as brat writes it.
	want := map[string]int{}
	for k, n := range pieceTexts(mixedBundle()) {
		typ, text, _ := strings.Cut(k, "|")
		for _, line := range strings.FieldsFunc(text, func(r rune) bool { return r == '\r' || r == '\n' }) {
			want[typ+"|"+line] += n
		}
	}
	if !equalCounts(want, got) {
		t.Errorf("spans = %v\nwant %v", got, want)
	}
}

func TestUnicodeLabelStudio(t *testing.T) {
	sum := export(t, t.TempDir(), "labelstudio", format.ExportOptions{}, mixedOnly()...)
	b, _ := os.ReadFile(sum.Path)
	var tasks []struct {
		Data        struct{ Text string }
		Annotations []struct {
			Result []struct {
				ID     string
				Type   string
				FromID string `json:"from_id"`
				ToID   string `json:"to_id"`
				Value  struct {
					Start, End int
					Text       any
					Labels     []string
				}
			}
		}
	}
	if err := json.Unmarshal(b, &tasks); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	regions := map[string]bool{}
	for _, r := range tasks[0].Annotations[0].Result {
		if r.Type == "labels" {
			// Label Studio stores code points (its charsToCodePoints).
			text := cpSlice(tasks[0].Data.Text, r.Value.Start, r.Value.End)
			if text != r.Value.Text {
				t.Errorf("region %s: text %q, slice %q", r.ID, r.Value.Text, text)
			}
			got[r.Value.Labels[0]+"|"+text]++
			regions[r.ID] = true
		}
	}
	for _, r := range tasks[0].Annotations[0].Result {
		if r.Type == "relation" && (!regions[r.FromID] || !regions[r.ToID]) {
			t.Errorf("relation %s -> %s to a missing region", r.FromID, r.ToID)
		}
	}
	if want := pieceTexts(mixedBundle()); !equalCounts(want, got) {
		t.Errorf("spans = %v\nwant %v", got, want)
	}
}

func TestUnicodeCSV(t *testing.T) {
	sum := export(t, t.TempDir(), "csv", format.ExportOptions{BOM: true}, mixedOnly()...)
	b, _ := os.ReadFile(sum.Path)
	if !strings.HasPrefix(string(b), "\ufeff") {
		t.Errorf("no BOM")
	}
	rows := parseCSV(t, strings.TrimPrefix(string(b), "\ufeff"))
	head := map[string]int{}
	for i, h := range rows[0] {
		head[h] = i
	}
	want := map[string]int{}
	for _, sp := range mixedBundle().Spans {
		want[sp.Label+"|"+cpSlice(mixedText, sp.Start, sp.End)]++
	}
	got := map[string]int{}
	for _, r := range rows[1:] {
		s, _ := strconv.Atoi(r[head["start"]])
		e, _ := strconv.Atoi(r[head["end"]])
		if cpSlice(mixedText, s, e) != r[head["text"]] {
			t.Errorf("row %v: text is not text[start:end]", r)
		}
		got[r[head["label"]]+"|"+r[head["text"]]]++
		if r[head["label"]] == "QUOTE" && r[head["speaker"]] != "Zoë Ångström" {
			t.Errorf("quote speaker = %q", r[head["speaker"]])
		}
	}
	if !equalCounts(want, got) {
		t.Errorf("rows = %v\nwant %v", got, want)
	}
}

// parseCSV reads RFC 4180 the way Python's csv module does: fields
// verbatim, a \r inside quotes kept (encoding/csv drops it).
func parseCSV(t *testing.T, s string) [][]string {
	var rows [][]string
	var row []string
	var f strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted && c == '"' && i+1 < len(s) && s[i+1] == '"':
			f.WriteByte('"')
			i++
		case quoted && c == '"':
			quoted = false
		case quoted:
			f.WriteByte(c)
		case c == '"':
			quoted = true
		case c == ',':
			row = append(row, f.String())
			f.Reset()
		case c == '\n':
			row = append(row, f.String())
			f.Reset()
			rows = append(rows, row)
			row = nil
		case c == '\r' && i+1 < len(s) && s[i+1] == '\n':
		default:
			f.WriteByte(c)
		}
	}
	if quoted || f.Len() > 0 || row != nil {
		t.Fatalf("CSV does not end with a complete record")
	}
	// encoding/csv agrees on the shape.
	if recs, err := csv.NewReader(strings.NewReader(s)).ReadAll(); err != nil || len(recs) != len(rows) {
		t.Fatalf("encoding/csv reads %d records (%v), want %d", len(recs), err, len(rows))
	}
	return rows
}

// tokenOffsets finds each token, in order, in the text (skipping
// whitespace): the consumer's way to put CoNLL tokens back on the text.
func tokenOffsets(t *testing.T, text string, toks []string) [][2]int {
	r := []rune(text)
	at := 0
	var out [][2]int
	for _, tok := range toks {
		tr := []rune(tok)
		for at < len(r) && (unicode.IsSpace(r[at]) || r[at] == '\ufeff') {
			at++
		}
		if at+len(tr) > len(r) || string(r[at:at+len(tr)]) != tok {
			t.Fatalf("token %q is not next in the text at %d", tok, at)
		}
		out = append(out, [2]int{at, at + len(tr)})
		at += len(tr)
	}
	return out
}

// chunks turns IOB2 tags over token offsets into label|text pieces.
func chunks(text string, offs [][2]int, tags []string) map[string]int {
	m := map[string]int{}
	start, label := -1, ""
	flush := func(end int) {
		if start >= 0 {
			m[label+"|"+cpSlice(text, offs[start][0], offs[end][1])]++
		}
		start = -1
	}
	for i, tag := range tags {
		switch {
		case strings.HasPrefix(tag, "B-"):
			flush(i - 1)
			start, label = i, tag[2:]
		case strings.HasPrefix(tag, "I-") && start >= 0 && tag[2:] == label:
		default:
			flush(i - 1)
		}
	}
	flush(len(tags) - 1)
	return m
}

// wantTagged is what CoNLL and HF may tag in the mixed document: entities
// on token boundaries, outermost first (MISC Zoë is inside PERSON).
func wantTagged() map[string]int {
	m := pieceTexts(mixedBundle())
	for k := range m {
		if strings.HasPrefix(k, "QUOTE|") || strings.HasPrefix(k, "CLAIM|") || strings.HasPrefix(k, "CUE|") {
			delete(m, k)
		}
	}
	delete(m, "MISC|Zoë")
	return m
}

func TestUnicodeCoNLL(t *testing.T) {
	sum := export(t, t.TempDir(), "conll", format.ExportOptions{}, mixedOnly()...)
	f, _ := os.Open(sum.Path)
	defer f.Close()
	var toks, tags []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "-DOCSTART-") {
			continue
		}
		tok, tag, _ := strings.Cut(l, "\t")
		toks, tags = append(toks, tok), append(tags, tag)
	}
	got := chunks(mixedText, tokenOffsets(t, mixedText, toks), tags)
	if want := wantTagged(); !equalCounts(want, got) {
		t.Errorf("tagged = %v\nwant %v", got, want)
	}
	if sum.ConflictCount != 1 || sum.Conflicts[0].Dropped.Text != "Zoë" || sum.Conflicts[0].Kept.Text != "Zoë Ångström" {
		t.Errorf("conflicts = %+v", sum.Conflicts)
	}
}

func TestUnicodeHF(t *testing.T) {
	sum := export(t, t.TempDir(), "hf", format.ExportOptions{}, mixedOnly()...)
	f, _ := os.Open(sum.Path)
	defer f.Close()
	var toks, tags []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var row struct {
			ID      string
			Tokens  []string
			NerTags []int `json:"ner_tags"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		for i, tok := range row.Tokens {
			toks = append(toks, tok)
			tags = append(tags, sum.LabelNames[row.NerTags[i]])
		}
	}
	got := chunks(mixedText, tokenOffsets(t, mixedText, toks), tags)
	if want := wantTagged(); !equalCounts(want, got) {
		t.Errorf("tagged = %v\nwant %v", got, want)
	}
	if sum.LabelNames[0] != "O" || sum.LabelNames[1] != "B-PERSON" || sum.LabelNames[2] != "I-PERSON" {
		t.Errorf("label names = %v", sum.LabelNames)
	}
	card, _ := os.ReadFile(sum.Card)
	if !strings.Contains(string(card), "'0': O\n") || !strings.Contains(string(card), `["O", "B-PERSON", "I-PERSON"`) {
		t.Errorf("card does not state label_names:\n%s", card)
	}
}

func TestUnicodeJSONL(t *testing.T) {
	sum := export(t, t.TempDir(), "jsonl", format.ExportOptions{}, mixedOnly()...)
	b, _ := os.ReadFile(sum.Path)
	var doc struct {
		Text  string
		Spans []struct {
			Start, End int
			Text       string
			Fragments  [][2]int
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Text != mixedText {
		t.Errorf("text changed")
	}
	for _, s := range doc.Spans {
		if cpSlice(doc.Text, s.Start, s.End) != s.Text {
			t.Errorf("span %d..%d", s.Start, s.End)
		}
	}
}
