package format_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/format"
)

// prodigyHead is the first three lines of spaCy's ner_tweets test set
// (testdata/prodigy/SOURCE.md): an accepted task with one PERSON span, an
// ignored one, an accepted one with three PERSON spans.
const prodigyHead = "testdata/prodigy/ner_tweets_test_head.jsonl"

func prodigyLines(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(prodigyHead)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// reanswer returns a task line as another annotation session wrote it: the
// same text, other spans and answer.
func reanswer(t *testing.T, line, answer string, spans ...map[string]any) string {
	t.Helper()
	var task map[string]any
	if err := json.Unmarshal([]byte(line), &task); err != nil {
		t.Fatal(err)
	}
	task["answer"] = answer
	task["spans"] = spans
	task["_task_hash"] = 12345
	out, _ := json.Marshal(task)
	return string(out)
}

// TestSpacySessionsMerge: Prodigy writes one task per annotation session,
// so tasks share a text; they become one document with the accepted spans
// of all of them, identical spans once (as Prodigy's data-to-spacy merges
// by input). A whitespace-only task (spaCy's ner_tweets test set has two)
// is skipped with a warning naming its line.
func TestSpacySessionsMerge(t *testing.T) {
	lines := prodigyLines(t)
	// Line 1 again, from a second session: Remus Lupin again (the same
	// span) and Hogwarts (text[84:92], its token 18 in the file).
	second := reanswer(t, lines[0], "accept",
		map[string]any{"start": 49, "end": 60, "token_start": 12, "token_end": 13, "label": "PERSON"},
		map[string]any{"start": 84, "end": 92, "token_start": 18, "token_end": 18, "label": "LOC"})
	// Line 3 again, rejected: its span is not imported.
	rejected := reanswer(t, lines[2], "reject", map[string]any{"start": 58, "end": 66, "label": "DATE"})
	blank := `{"text":" \n","_input_hash":1,"_task_hash":2,"tokens":[],"spans":[],"answer":"accept"}`
	file := strings.Join([]string{lines[0], lines[1], blank, lines[2], second, rejected}, "\n") + "\n"
	path := filepath.Join(t.TempDir(), "tweets.jsonl")
	os.WriteFile(path, []byte(file), 0o644)

	var got []string
	var warnings []string
	for b, err := range format.Read("spacy", path) {
		if err != nil {
			t.Fatal(err)
		}
		ix := annot.NewIndex(b.Doc.Text)
		var spans []string
		for _, sp := range b.Spans {
			spans = append(spans, sp.Label+":"+ix.Slice(sp.Start, sp.End))
		}
		got = append(got, fmt.Sprintf("%.12s %v", b.Doc.Text, spans))
		warnings = append(warnings, b.Warnings...)
	}
	want := []string{
		`#HappyBirthd []`,
		// Merged where the last of its tasks is (line 5).
		`"QT @user In [PERSON:Remus Lupin LOC:Hogwarts]`,
		`"Ben Smith / [PERSON:Ben Smith PERSON:Smith PERSON:Curtis]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("documents\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	all := strings.Join(warnings, "\n")
	for _, w := range []string{path + ":3 skipped: its text is only whitespace", "2 tasks share this text (" + path + ":1, " + path + ":5)", `answer is "reject"`} {
		if !strings.Contains(all, w) {
			t.Errorf("no warning %q in\n%s", w, all)
		}
	}

	// A file of blank tasks only: the error says why, naming the lines
	// (it said "empty file (no documents)", and the skip notes were lost).
	only := filepath.Join(t.TempDir(), "blank.jsonl")
	os.WriteFile(only, []byte(blank+"\n"+blank+"\n"), 0o644)
	var onlyErr error
	for _, err := range format.Read("spacy", only) {
		if err != nil {
			onlyErr = err
		}
	}
	if onlyErr == nil || !strings.Contains(onlyErr.Error(), only+":2 skipped: its text is only whitespace") {
		t.Errorf("a file of blank tasks: %v", onlyErr)
	}

	// Into a project: nothing is skipped as a duplicate, no span lost.
	s := mustStore(t)
	rep := importAll(t, s, "spacy", format.ReadOptions{}, path)
	if rep.Documents != 3 || rep.Spans != 5 || len(rep.Skipped) != 0 {
		t.Errorf("imported %d documents, %d spans, skipped %v; want 3, 5, none", rep.Documents, rep.Spans, rep.Skipped)
	}
}

// TestSpacyTokensKept: the tokens a Prodigy file carries are kept in the
// document meta "spacy_tokens" as [[start,end],...] in code points, through a
// project and back; tokens that do not match the text are not.
func TestSpacyTokensKept(t *testing.T) {
	// The expected meta, from the file's own token lists.
	want := map[string]string{}
	f, err := os.Open(prodigyHead)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var task struct {
			Text   string
			Tokens []struct{ Start, End int }
		}
		if err := json.Unmarshal(sc.Bytes(), &task); err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, tok := range task.Tokens {
			parts = append(parts, fmt.Sprintf("[%d,%d]", tok.Start, tok.End))
		}
		want[task.Text] = "[" + strings.Join(parts, ",") + "]"
	}
	// The first task's first tokens, read off the file by hand: '"' 0-1,
	// 'QT' 1-3, '@user' 4-9.
	if first := want[`"QT @user In the original draft of the 7th book, Remus Lupin survived the Battle of Hogwarts.`]; !strings.HasPrefix(first, "[[0,1],[1,3],[4,9],") {
		t.Fatalf("test file changed: %s", first)
	}
	s := mustStore(t)
	importAll(t, s, "spacy", format.ReadOptions{}, prodigyHead)
	bs := projectBundles(t, s)
	if len(bs) != len(want) {
		t.Fatalf("%d documents, want %d", len(bs), len(want))
	}
	for _, b := range bs {
		if got := b.Doc.Meta[format.TokensMeta]; got != want[b.Doc.Text] {
			t.Errorf("%.20q: meta tokens %s, want %s", b.Doc.Text, got, want[b.Doc.Text])
		}
	}

	// Tokens whose text is not the text at their offsets are not kept.
	bad := strings.Replace(prodigyLines(t)[1], `"text":"HappyBirthdayRemusLupin"`, `"text":"HappyBirthday"`, 1)
	for b, err := range format.ReadSpacy(strings.NewReader(bad), "bad.jsonl") {
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := b.Doc.Meta[format.TokensMeta]; ok || !strings.Contains(strings.Join(b.Warnings, " "), "tokens do not match") {
			t.Errorf("meta %v, warnings %v", b.Doc.Meta, b.Warnings)
		}
	}
	// Tokens that leave a word in no token are not kept either: the
	// spaCy export could not use them (it refused them only then).
	gap := `{"text":"Patel won.","tokens":[{"text":"Patel","start":0,"end":5,"id":0,"ws":true},{"text":".","start":9,"end":10,"id":1,"ws":false}],"spans":[],"answer":"accept"}`
	for b, err := range format.ReadSpacy(strings.NewReader(gap), "gap.jsonl") {
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := b.Doc.Meta[format.TokensMeta]; ok || !strings.Contains(strings.Join(b.Warnings, " "), "tokens do not match") {
			t.Errorf("tokens leaving \"won\" out: meta %v, warnings %v", b.Doc.Meta, b.Warnings)
		}
	}
}
