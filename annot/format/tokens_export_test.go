package format_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/assets"
	"spanbench/internal/validators"
)

// spansOf marks every occurrence of each text in subs with its label, in
// layer, skipping occurrences inside one already marked (so the spans do
// not overlap).
func spansOf(text string, layer annot.Layer, subs ...string) []annot.Span {
	var spans []annot.Span
	taken := make([]bool, len(text)+1)
	for i := 0; i+1 < len(subs); i += 2 {
		sub, label := subs[i], subs[i+1]
		for from := 0; ; {
			k := strings.Index(text[from:], sub)
			if k < 0 {
				break
			}
			b0, b1 := from+k, from+k+len(sub)
			from = b1
			free := true
			for j := b0; j < b1; j++ {
				free = free && !taken[j]
			}
			if !free {
				continue
			}
			for j := b0; j < b1; j++ {
				taken[j] = true
			}
			s := len([]rune(text[:b0]))
			spans = append(spans, annot.Span{ID: id(1000 + len(spans)), Start: s, End: s + len([]rune(sub)), Layer: layer, Label: label})
		}
	}
	return spans
}

// sampleBundle is the sample article with its entities (every mention of
// each name, the longer first), two quotes, one of them over two
// sentences, and a claim.
func sampleBundle() annot.Bundle {
	text := assets.SampleText()
	spans := spansOf(text, annot.LayerEntity,
		"Islamic State-Khorasan Province", "ORG", "Institute for the Study of War", "ORG", "Department of State", "ORG",
		"State Department", "ORG", "UNITED STATES", "GPE", "Vedant Patel", "PERSON", "Afghanistan", "GPE", "Washington", "GPE",
		"WASHINGTON", "GPE", "U.S.", "GPE", "Patel", "PERSON", "Taliban", "ORG", "IS-KP", "ORG", "ISIS-K", "ORG", "ISIS", "ORG",
		"ISKP", "ORG", "Al-Qaeda", "ORG", "TTP", "ORG", "ISW", "ORG", "Thursday, August 1", "DATE")
	// A quote over two sentences (the takeover paragraph), and one that is
	// the whole of a quotation.
	q := spansOf(text, annot.LayerQuote, "The Taliban takeover of Afghanistan has intensified security concerns within the region and the global community. These concerns", "QUOTE",
		"We are taking a whole-of-government approach to our Afghanistan counterterrorism efforts", "QUOTE")
	c := spansOf(text, annot.LayerClaim, "IS-KP has managed to infiltrate the Taliban’s security forces", "CLAIM")
	spans = append(append(spans, q...), c...)
	return annot.Bundle{Doc: annot.Document{ID: "5e0c6f0a-6b1e-4d59-9f55-6d1f1b2c0001", Title: assets.SampleTitle, Text: text,
		Status: annot.StatusDone}, Spans: spans}
}

// mixedScriptBundle mixes scripts, emoji, a combining mark and a
// variation selector after a space, and possessives after entities.
func mixedScriptBundle() annot.Bundle {
	text := "Zoë Ångström’s team met 王小明 in 北京。Fatima al-Sayed visited الرياض on Monday 🇺🇸 \u0301 and \ufe0f then.\n" +
		"“We are here. We stay,” said NATO's chief; the U.N.-backed plan didn't fail 👩‍👩‍👧."
	spans := spansOf(text, annot.LayerEntity, "Zoë Ångström", "PERSON", "王小明", "PERSON", "北京", "GPE",
		"Fatima al-Sayed", "PERSON", "الرياض", "GPE", "NATO", "ORG", "U.N.", "ORG")
	spans = append(spans, spansOf(text, annot.LayerQuote, "We are here. We stay,", "QUOTE")...)
	return annot.Bundle{Doc: annot.Document{ID: "5e0c6f0a-6b1e-4d59-9f55-6d1f1b2c0002", Title: "Mixed scripts", Text: text,
		Status: annot.StatusDone}, Spans: spans}
}

// conllSentences reads a CoNLL file into sentences of TOKEN<TAB>TAG lines.
func conllSentences(t *testing.T, path string) [][][2]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][][2]string
	var cur [][2]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "-DOCSTART-") {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		tok, tag, _ := strings.Cut(line, "\t")
		cur = append(cur, [2]string{tok, tag})
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// TestTokenExportsLoseNoSpan: every span of the sample article (entities
// before a possessive among them: "Taliban’s", "IS-KP’s", "Afghanistan’s")
// and of a mixed-script document is written whole, as B- then I- tags in
// CoNLL and with token_start/token_end exactly on its characters in spaCy.
func TestTokenExportsLoseNoSpan(t *testing.T) {
	for _, b := range []annot.Bundle{sampleBundle(), mixedScriptBundle()} {
		t.Run(b.Doc.Title, func(t *testing.T) {
			entities := 0
			for _, sp := range b.Spans {
				if sp.Layer == annot.LayerEntity {
					entities++
				}
			}
			dir := t.TempDir()
			sum := export(t, dir, "conll", format.ExportOptions{}, b)
			if sum.Spans != entities || sum.LeftOut != 0 || sum.MisalignedCount != 0 || sum.ConflictCount != 0 {
				t.Errorf("conll: %d spans of %d written, %d left out, %d misaligned, %d conflicts", sum.Spans, entities, sum.LeftOut, sum.MisalignedCount, sum.ConflictCount)
			}
			bs := 0
			for _, s := range conllSentences(t, sum.Path) {
				for _, tt := range s {
					if strings.HasPrefix(tt[1], "B-") {
						bs++
					}
				}
			}
			if bs != entities {
				t.Errorf("conll: %d B- tags, want one per entity, %d", bs, entities)
			}
			card, _ := os.ReadFile(sum.Card)
			if want := fmt.Sprintf("| Spans | %d written (0 left out) |", entities); !strings.Contains(string(card), want) {
				t.Errorf("card lacks %q", want)
			}

			sum = export(t, dir, "spacy", format.ExportOptions{}, b)
			if sum.Spans != len(b.Spans) || sum.LeftOut != 0 || sum.MisalignedCount != 0 {
				t.Errorf("spacy: %d spans of %d, %d left out, %d misaligned", sum.Spans, len(b.Spans), sum.LeftOut, sum.MisalignedCount)
			}
			data, err := os.ReadFile(sum.Path)
			if err != nil {
				t.Fatal(err)
			}
			var task struct {
				Text   string `json:"text"`
				Tokens []struct {
					Text       string `json:"text"`
					Start, End int
				} `json:"tokens"`
				Spans      []spanJSON            `json:"spans"`
				SpanGroups map[string][]spanJSON `json:"span_groups"`
			}
			if err := json.Unmarshal(data, &task); err != nil {
				t.Fatal(err)
			}
			rs := []rune(task.Text)
			all := task.Spans
			for _, g := range task.SpanGroups {
				all = append(all, g...)
			}
			if len(all) != len(b.Spans) {
				t.Errorf("spacy: %d spans written, want %d", len(all), len(b.Spans))
			}
			for _, sp := range all {
				ts, te := task.Tokens[sp.TokenStart], task.Tokens[sp.TokenEnd]
				if ts.Start != sp.Start || te.End != sp.End {
					t.Errorf("span %q %d..%d: tokens %d..%d are %d..%d", sp.Text, sp.Start, sp.End, sp.TokenStart, sp.TokenEnd, ts.Start, te.End)
				}
			}
			for _, tk := range task.Tokens {
				if string(rs[tk.Start:tk.End]) != tk.Text || strings.IndexFunc(tk.Text, annot.IsSpace) >= 0 {
					t.Errorf("token %q at %d..%d", tk.Text, tk.Start, tk.End)
				}
			}
		})
	}
}

type spanJSON struct {
	Start, End int
	TokenStart int    `json:"token_start"`
	TokenEnd   int    `json:"token_end"`
	Text       string `json:"text"`
}

// TestCoNLLSpanAcrossSentences: a quote over two sentences is one B- and
// I- tags to its end; its two sentences are written as one, so no sentence
// starts with I- (conlleval would count a second phrase, seqeval's strict
// IOB2 mode would drop it). Sentences no span crosses stay apart.
func TestCoNLLSpanAcrossSentences(t *testing.T) {
	text := "He spoke. “We will stay. We will win,” he said. Then he left."
	b := annot.Bundle{Doc: annot.Document{ID: "5e0c6f0a-6b1e-4d59-9f55-6d1f1b2c0003", Text: text},
		Spans: spansOf(text, annot.LayerQuote, "We will stay. We will win", "QUOTE")}
	for _, f := range []string{"conll", "hf"} {
		sum := export(t, t.TempDir(), f, format.ExportOptions{Layer: annot.LayerQuote}, b)
		var sents [][][2]string
		if f == "conll" {
			sents = conllSentences(t, sum.Path)
		} else {
			data, _ := os.ReadFile(sum.Path)
			for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				var row struct {
					Tokens  []string
					NerTags []int `json:"ner_tags"`
				}
				json.Unmarshal([]byte(line), &row)
				var s [][2]string
				for i, tok := range row.Tokens {
					s = append(s, [2]string{tok, sum.LabelNames[row.NerTags[i]]})
				}
				sents = append(sents, s)
			}
		}
		var got []string
		bs := 0
		for _, s := range sents {
			if strings.HasPrefix(s[0][1], "I-") {
				t.Errorf("%s: a sentence starts with %s %q", f, s[0][1], s[0][0])
			}
			var words []string
			for _, tt := range s {
				words = append(words, tt[0])
				if strings.HasPrefix(tt[1], "B-") {
					bs++
				}
			}
			got = append(got, strings.Join(words, " "))
		}
		// UAX #29 sentences: "He spoke." / "“We will stay." / "We will win,” he said." / "Then he left.";
		// the quote crosses the second boundary only.
		want := []string{"He spoke .", "“ We will stay . We will win , ” he said .", "Then he left ."}
		if strings.Join(got, "|") != strings.Join(want, "|") || bs != 1 {
			t.Errorf("%s: sentences %q with %d B- tags, want %q and 1", f, got, bs, want)
		}
	}
}

// TestSpacyExportUsesMetaTokens: a document imported with its tokens
// (meta "spacy_tokens", code points) is written with them, cut at span
// boundaries; the meta field itself is not repeated in the task's meta.
// Tokens that do not fit the text are not used, with a warning.
func TestSpacyExportUsesMetaTokens(t *testing.T) {
	text := "A New York-based firm\u00a0won."
	// Hand-made tokens: "A" "New" "York-based" "firm" "won" "."
	meta := `[[0,1],[2,5],[6,16],[17,21],[22,25],[25,26]]`
	b := annot.Bundle{Doc: annot.Document{ID: "5e0c6f0a-6b1e-4d59-9f55-6d1f1b2c0004", Text: text, Meta: map[string]string{format.TokensMeta: meta, "source": "x"}},
		Spans: spansOf(text, annot.LayerEntity, "New York", "GPE")}
	read := func(sum format.ExportSummary) (toks []string, sp spanJSON, m map[string]any) {
		data, _ := os.ReadFile(sum.Path)
		var task struct {
			Meta   map[string]any
			Tokens []struct{ Text string }
			Spans  []spanJSON
		}
		if err := json.Unmarshal(data, &task); err != nil {
			t.Fatal(err)
		}
		for _, tk := range task.Tokens {
			toks = append(toks, tk.Text)
		}
		return toks, task.Spans[0], task.Meta
	}
	sum := export(t, t.TempDir(), "spacy", format.ExportOptions{}, b)
	toks, sp, m := read(sum)
	if got := strings.Join(toks, " "); got != "A New York -based firm won ." {
		t.Errorf("tokens %q", got)
	}
	if sp.TokenStart != 1 || sp.TokenEnd != 2 || sum.MisalignedCount != 0 {
		t.Errorf("span tokens %d..%d, misaligned %d", sp.TokenStart, sp.TokenEnd, sum.MisalignedCount)
	}
	if _, ok := m[format.TokensMeta]; ok || m["source"] != "x" {
		t.Errorf("meta %v", m)
	}
	// Leaves "won" out of every token: the tokenizer's are used.
	b.Doc.Meta[format.TokensMeta] = `[[0,1],[2,5],[6,16],[17,21],[25,26]]`
	sum = export(t, t.TempDir(), "spacy", format.ExportOptions{}, b)
	toks, _, _ = read(sum)
	if got := strings.Join(toks, " "); got != "A New York - based firm won ." || len(sum.Warnings) != 1 || !strings.Contains(sum.Warnings[0], "won") {
		t.Errorf("tokens %q, warnings %q", got, sum.Warnings)
	}
}

// TestSpacyWhitespacePieceHasNoTokens: a span that holds only whitespace
// has no token, so it gets no token_start/token_end. It got the index past
// the last token (3 of 3 here), which breaks every reader of the file.
func TestSpacyWhitespacePieceHasNoTokens(t *testing.T) {
	text := "Hello Patel.   "
	b := annot.Bundle{Doc: annot.Document{ID: "5e0c6f0a-6b1e-4d59-9f55-6d1f1b2c0006", Text: text},
		Spans: []annot.Span{{ID: id(1), Start: 6, End: 11, Layer: annot.LayerEntity, Label: "PERSON"},
			{ID: id(2), Start: 13, End: 15, Layer: annot.LayerEntity, Label: "MISC"}}}
	sum := export(t, t.TempDir(), "spacy", format.ExportOptions{}, b)
	data, _ := os.ReadFile(sum.Path)
	var task struct {
		Tokens []json.RawMessage
		Spans  []map[string]any
	}
	if err := json.Unmarshal(data, &task); err != nil {
		t.Fatal(err)
	}
	if len(task.Spans) != 2 {
		t.Fatalf("spans %v", task.Spans)
	}
	for _, sp := range task.Spans {
		ts, hasS := sp["token_start"]
		te, hasE := sp["token_end"]
		switch sp["label"] {
		case "PERSON":
			if ts != 1.0 || te != 1.0 {
				t.Errorf("Patel: tokens %v..%v, want 1..1", ts, te)
			}
		case "MISC":
			if hasS || hasE {
				t.Errorf("whitespace span: token_start %v, token_end %v of %d tokens; want none", ts, te, len(task.Tokens))
			}
		}
	}
}

// TestTokenExportsNoWhitespaceInTokens: a combining mark or VS16 after a
// space is a token of its own, not one holding the space (conlleval splits
// a line at spaces and stops at such a token).
func TestTokenExportsNoWhitespaceInTokens(t *testing.T) {
	text := "Go \u0301 now \ufe0f and\u00a0then\u200bstop \u200d end"
	b := annot.Bundle{Doc: annot.Document{ID: "5e0c6f0a-6b1e-4d59-9f55-6d1f1b2c0005", Text: text}}
	sum := export(t, t.TempDir(), "conll", format.ExportOptions{}, b)
	var got []string
	for _, s := range conllSentences(t, sum.Path) {
		for _, tt := range s {
			if strings.IndexFunc(tt[0], annot.IsSpace) >= 0 {
				t.Errorf("token %q holds whitespace", tt[0])
			}
			got = append(got, tt[0])
		}
	}
	want := []string{"Go", "\u0301", "now", "\ufe0f", "and", "then", "stop", "\u200d", "end"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("tokens %q, want %q", got, want)
	}
}

// TestTokenExportsPassValidators exports the sample article and the
// mixed-script document to conll (entity and quote layers), hf and spacy
// and runs each format's own consumers on them (conlleval.pl and seqeval;
// the hf card and datasets' rules; spaCy's tokenizer rules and Prodigy's
// task semantics) through the validator kit. All must accept the files.
func TestTokenExportsPassValidators(t *testing.T) {
	bs := []annot.Bundle{sampleBundle(), mixedScriptBundle()}
	for _, c := range []struct {
		format string
		layer  annot.Layer
		args   []string
	}{
		{"conll", annot.LayerEntity, nil}, {"conll", annot.LayerQuote, nil}, {"hf", annot.LayerEntity, nil},
		{"hf", annot.LayerQuote, nil}, {"spacy", "", nil},
	} {
		t.Run(c.format+"-"+string(c.layer), func(t *testing.T) {
			sum := export(t, t.TempDir(), c.format, format.ExportOptions{Layer: c.layer}, bs...)
			validators.Check(t, append([]string{c.format, sum.Path}, c.args...)...)
		})
	}
	// The sample article's tokens are spaCy's, one for one.
	sum := export(t, t.TempDir(), "spacy", format.ExportOptions{}, sampleBundle())
	validators.Check(t, "spacy", sum.Path, "--strict-tokens")
}

// FuzzTokenExports: for any text and any spans that do not overlap, conll
// writes every span that holds more than whitespace as one B- and its I-
// tags, no sentence starts with I-, no token holds whitespace; the spaCy
// export puts token_start/token_end exactly on every such span.
func FuzzTokenExports(f *testing.F) {
	f.Add("The Taliban’s men met IS-KP’s chief. “We stay. We win,” he said.", []byte{4, 11, 22, 27, 38, 54})
	f.Add("a \u0301b 日本語です。👩‍👩‍👧 x", []byte{0, 1, 3, 5, 6, 9})
	f.Add("its allies agreed", []byte{0, 8})
	f.Fuzz(func(t *testing.T, text string, cuts []byte) {
		if !utf8.ValidString(text) || strings.TrimFunc(text, annot.IsSpace) == "" {
			return
		}
		ix := annot.NewIndex(text)
		b := annot.Bundle{Doc: annot.Document{ID: "5e0c6f0a-6b1e-4d59-9f55-6d1f1b2c0009", Text: text}}
		prev := 0
		for i := 0; i+1 < len(cuts); i += 2 {
			s, e := max(int(cuts[i]), prev), int(cuts[i])+int(cuts[i+1])%16+1
			s, e = ix.TrimSpace(s, min(e, ix.Len()))
			if s >= e || s < prev {
				continue
			}
			sp := annot.Span{ID: id(len(b.Spans) + 1), Start: s, End: e, Layer: annot.LayerEntity, Label: "X"}
			if annot.ValidateSpan(ix, &sp) != nil {
				continue
			}
			b.Spans = append(b.Spans, sp)
			prev = e
		}
		var out bytes.Buffer
		sum, err := format.Export(ctx, seq(b), format.ExportOptions{Format: "conll", Writer: &out})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Spans != len(b.Spans) || sum.LeftOut != 0 {
			t.Fatalf("conll wrote %d of %d spans", sum.Spans, len(b.Spans))
		}
		bs := 0
		for _, para := range strings.Split(out.String(), "\n\n") {
			lines := strings.Split(strings.Trim(para, "\n"), "\n")
			for i, line := range lines {
				tok, tag, _ := strings.Cut(line, "\t")
				if tok == "-DOCSTART-" || line == "" {
					continue
				}
				if tok == "" || strings.IndexFunc(tok, annot.IsSpace) >= 0 {
					t.Fatalf("token %q", tok)
				}
				if i == 0 && strings.HasPrefix(tag, "I-") {
					t.Fatalf("a sentence starts with %q %s", tok, tag)
				}
				if strings.HasPrefix(tag, "B-") {
					bs++
				}
			}
		}
		if bs != len(b.Spans) {
			t.Fatalf("%d B- tags for %d spans:\n%s", bs, len(b.Spans), out.String())
		}
		out.Reset()
		if sum, err = format.Export(ctx, seq(b), format.ExportOptions{Format: "spacy", Writer: &out}); err != nil {
			t.Fatal(err)
		}
		var task struct {
			Tokens []struct{ Start, End int }
			Spans  []spanJSON
		}
		if err := json.Unmarshal(out.Bytes(), &task); err != nil {
			t.Fatalf("%v: %s", err, out.String())
		}
		for _, sp := range task.Spans {
			if task.Tokens[sp.TokenStart].Start != sp.Start || task.Tokens[sp.TokenEnd].End != sp.End {
				t.Fatalf("span %d..%d on tokens %v..%v", sp.Start, sp.End, task.Tokens[sp.TokenStart], task.Tokens[sp.TokenEnd])
			}
		}
		if sum.MisalignedCount != 0 {
			t.Fatalf("spacy: %d misaligned", sum.MisalignedCount)
		}
	})
}

// TestSpacyUserMetaTokensKept: a document's own meta key "tokens" (a
// user's field) is not taken for the tokens an import kept, which live
// under TokensMeta: it is written back in the task's meta, with no warning.
func TestSpacyUserMetaTokensKept(t *testing.T) {
	b := annot.Bundle{Doc: annot.Document{ID: "5e0c6f0a-6b1e-4d59-9f55-6d1f1b2c0007", Text: "Patel said so.",
		Meta: map[string]string{"tokens": "three"}}}
	sum := export(t, t.TempDir(), "spacy", format.ExportOptions{}, b)
	data, _ := os.ReadFile(sum.Path)
	var task struct{ Meta map[string]any }
	if err := json.Unmarshal(data, &task); err != nil {
		t.Fatal(err)
	}
	if task.Meta["tokens"] != "three" || len(sum.Warnings) != 0 {
		t.Errorf("meta %v, warnings %q", task.Meta, sum.Warnings)
	}
}
