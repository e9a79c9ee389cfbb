package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"spanbench/annot/format"
	"spanbench/internal/validators"
)

// TestExportsPassTheirOwnReaders exports a demanding project in every
// export format and hands each file to its format's own reader: the
// validator kit in shared/validators (brat's parser and verifier,
// conlleval.pl and seqeval, doccano's import pipeline,
// label-studio-converter, spaCy's tokenizer rules, pandas and Python's
// csv module). It runs the command line users run: cli.Run in-process, or
// the built binary when SPANBENCH_BIN is set (make test).
//
// The kit is found by walking up from the package folder to a
// shared/validators/validate (CI puts shared/ beside the repository).
// Without it the test is skipped, unless SPANBENCH_E2E=1 (make test),
// where a missing kit fails: CI must not pass by skipping.
//
// By hand: go test ./cli -run TestExportsPassTheirOwnReaders -v
func TestExportsPassTheirOwnReaders(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the third-party validators")
	}
	validators.Find(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")

	// The sample article the window opens with, annotated by the
	// suggesters (the way a new project gets annotations without a coder),
	// then the demanding documents: imported and exported, not built in
	// memory, so the files are what users get.
	spanbench(t, "import", "--db", db, samplePath)
	spanbench(t, "suggest", "--db", db, "--apply")
	src := filepath.Join(dir, "demanding.jsonl")
	if err := os.WriteFile(src, demandingJSONL(t), 0o644); err != nil {
		t.Fatal(err)
	}
	spanbench(t, "import", "--db", db, src)

	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range format.ExportFormats() {
		layers := []string{""}
		if f == "conll" || f == "hf" { // one layer per file
			layers = []string{"entity", "quote", "claim"}
		}
		for _, layer := range layers {
			name := f
			if layer != "" {
				name += "/" + layer
			}
			t.Run(name, func(t *testing.T) {
				base := filepath.Join(out, strings.ReplaceAll(name, "/", "-"))
				data := base + formatExt(f)
				args := []string{"export", "--db", db, "--format", f, "--out", data}
				if layer != "" {
					args = append(args, "--layer", layer)
				}
				spanbench(t, args...)
				var check []string
				switch f {
				case "jsonl":
					// No third-party reader: Python's json and text[start:end],
					// what the native format promises (docs/formats.md).
					checkNativeWithPython(t, data)
					return
				case "labelstudio":
					check = []string{f, data, base + ".label_config.xml"}
				case "hf":
					check = []string{f, data, base + ".README.md"}
				case "csv":
					// A cell a spreadsheet runs as a formula is an error here.
					check = []string{f, data, "--fail-on-formulas"}
				default:
					check = []string{f, data}
				}
				validators.Check(t, check...)
			})
		}
	}
}

// spanbench runs a command line, the built binary when SPANBENCH_BIN is
// set, else in-process, and fails the test unless it exits 0.
func spanbench(t *testing.T, args ...string) string {
	t.Helper()
	var code int
	var stdout, stderr string
	if bin := os.Getenv("SPANBENCH_BIN"); bin != "" {
		cmd := exec.Command(bin, args...)
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		var exit *exec.ExitError
		switch {
		case errors.As(err, &exit):
			code = exit.ExitCode()
		case err != nil:
			t.Fatalf("%s: %v", bin, err)
		}
		stdout, stderr = o.String(), e.String()
	} else {
		code, stdout, stderr = run(args...)
	}
	if code != 0 {
		t.Fatalf("spanbench %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
	}
	return stdout
}

// nativeCheck is what checkNativeWithPython runs: each line is JSON, each
// span's text is text[start:end] and its fragments lie inside it, each
// relation names spans of its line.
const nativeCheck = `
import json, sys
bad = 0
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    d = json.loads(line)
    ids = set()
    for s in d["spans"]:
        ids.add(s["id"])
        if d["text"][s["start"]:s["end"]] != s["text"]:
            print("error: line %d: span %s text %r is not text[%d:%d]" % (n, s["id"], s["text"], s["start"], s["end"])); bad += 1
        for a, b in s.get("fragments", []):
            if not s["start"] <= a < b <= s["end"]:
                print("error: line %d: span %s fragment %d..%d outside %d..%d" % (n, s["id"], a, b, s["start"], s["end"])); bad += 1
    for r in d["relations"]:
        if r["from"] not in ids or r["to"] not in ids:
            print("error: line %d: relation %s names no span of its line" % (n, r["id"])); bad += 1
sys.exit(1 if bad else 0)
`

func checkNativeWithPython(t *testing.T, path string) {
	t.Helper()
	py := "/usr/bin/python3" // the kit's interpreter
	if _, err := os.Stat(py); err != nil {
		if os.Getenv("SPANBENCH_E2E") == "1" {
			t.Fatalf("%s is missing (SPANBENCH_E2E=1): install it with .ci/deps test", py)
		}
		t.Skipf("%s is missing", py)
	}
	out, err := exec.Command(py, "-I", "-B", "-c", nativeCheck, path).CombinedOutput()
	if err != nil {
		t.Errorf("python3 reading %s: %v\n%s", path, err, out)
	}
}

// A demanding document: dspan names its span by the text it covers (the
// nth occurrence, from 0) or, when discontinuous, by its fragments' texts
// (each searched after the previous one).
type dspan struct {
	id, layer, label string
	text             string
	nth              int
	frags            []string
}

type drel struct{ label, from, to string }

type ddoc struct {
	title, text string
	spans       []dspan
	rels        []drel
}

// demandingDocs are the documents every export must carry: mixed scripts
// (Latin with accents, Cyrillic, Greek, Arabic, Hebrew, Devanagari, Chinese,
// Japanese, Korean), emoji ZWJ sequences, skin tones and flags, an entity
// inside a quote, a quote interrupted by its cue (discontinuous) over two
// sentences, possessives right after entities (Taliban’s, NATO's, Ukraine’s),
// quotes across a line break (LF and CRLF), cells that start like a
// spreadsheet formula (@NWS, +5%), and a combining mark and a VS16 right
// after a space. CRLF: texts are stored verbatim and the second document is
// a Windows file, so every offset past its first line counts the \r.
var demandingDocs = []ddoc{
	{
		title: "Zürich summit 🇺🇦🇫🇷: “Ça suffit”",
		text: "Zürich summit — “Ça suffit” 🇺🇦🇫🇷\n" +
			"“We will not leave,” said Zoë Ångström, the NATO envoy, “until the Taliban’s fighters lay down their arms. The people of Kabul deserve peace.”\n" +
			"NATO's spokesman Владимир Петров added: “Κυριάκος Μητσοτάκης agrees.”\n" +
			"محمد بن سلمان met בנימין נתניהו and नरेन्द्र मोदी in 東京 and 서울; 习近平 sent a message.\n" +
			"The 👩‍👩‍👧 family and 👨🏽‍💻 coders cheered ❤️ loudly.\n" +
			"“This is a long quote that\nruns across a line break,” Ångström said.\n" +
			"“+5% next year,” @NWS forecast.\n" +
			"A stray mark \u0301 and a stray VS16 \ufe0f after spaces.\n",
		spans: []dspan{
			{id: "q1", layer: "quote", label: "QUOTE", frags: []string{"We will not leave,", "until the Taliban’s fighters lay down their arms. The people of Kabul deserve peace."}},
			{id: "cue1", layer: "cue", label: "CUE", text: "said"},
			{id: "zoe", layer: "entity", label: "PERSON", text: "Zoë Ångström"},
			{id: "nato1", layer: "entity", label: "ORG", text: "NATO"},
			{id: "taliban", layer: "entity", label: "ORG", text: "Taliban"},
			{id: "kabul", layer: "entity", label: "GPE", text: "Kabul"},
			{id: "c1", layer: "claim", label: "CLAIM", text: "The people of Kabul deserve peace."},
			{id: "nato2", layer: "entity", label: "ORG", text: "NATO", nth: 1},
			{id: "petrov", layer: "entity", label: "PERSON", text: "Владимир Петров"},
			{id: "q2", layer: "quote", label: "QUOTE", text: "Κυριάκος Μητσοτάκης agrees."},
			{id: "mitso", layer: "entity", label: "PERSON", text: "Κυριάκος Μητσοτάκης"},
			{id: "mbs", layer: "entity", label: "PERSON", text: "محمد بن سلمان"},
			{id: "bibi", layer: "entity", label: "PERSON", text: "בנימין נתניהו"},
			{id: "modi", layer: "entity", label: "PERSON", text: "नरेन्द्र मोदी"},
			{id: "tokyo", layer: "entity", label: "GPE", text: "東京"},
			{id: "seoul", layer: "entity", label: "GPE", text: "서울"},
			{id: "xi", layer: "entity", label: "PERSON", text: "习近平"},
			{id: "family", layer: "entity", label: "MISC", text: "👩‍👩‍👧"},
			{id: "coder", layer: "entity", label: "MISC", text: "👨🏽‍💻"},
			{id: "flags", layer: "entity", label: "MISC", text: "🇺🇦🇫🇷"},
			{id: "q3", layer: "quote", label: "QUOTE", text: "This is a long quote that\nruns across a line break,"},
			{id: "ang2", layer: "entity", label: "PERSON", text: "Ångström", nth: 1},
			{id: "q4", layer: "quote", label: "QUOTE", text: "+5% next year,"},
			{id: "c2", layer: "claim", label: "CLAIM", text: "+5% next year"},
			{id: "nws", layer: "entity", label: "ORG", text: "@NWS"},
			{id: "c3", layer: "claim", label: "CLAIM", text: "A stray mark \u0301 and a stray VS16 \ufe0f after spaces."},
			{id: "vs16", layer: "entity", label: "MISC", text: "VS16"},
		},
		rels: []drel{
			{"SPEAKER", "q1", "zoe"}, {"CUE", "q1", "cue1"}, {"CLAIMANT", "c1", "zoe"},
			{"SPEAKER", "q2", "petrov"}, {"SPEAKER", "q3", "ang2"}, {"SAME_AS", "ang2", "zoe"},
			{"SAME_AS", "nato2", "nato1"}, {"SPEAKER", "q4", "nws"}, {"CLAIMANT", "c2", "q4"},
		},
	},
	{
		title: "Kyiv talks (CRLF)",
		text: "Kyiv, 3 March\r\n" +
			"“We are ready,” Ukraine’s president Володимир Зеленський said.\r\n" +
			"“Talks continue.\r\nNothing is agreed.” — Ursula von der Leyen\r\n",
		spans: []dspan{
			{id: "kyiv", layer: "entity", label: "GPE", text: "Kyiv"},
			{id: "k1", layer: "quote", label: "QUOTE", text: "We are ready,"},
			{id: "ukraine", layer: "entity", label: "GPE", text: "Ukraine"},
			{id: "zel", layer: "entity", label: "PERSON", text: "Володимир Зеленський"},
			{id: "ksaid", layer: "cue", label: "CUE", text: "said"},
			{id: "k2", layer: "quote", label: "QUOTE", text: "Talks continue.\r\nNothing is agreed."},
			{id: "kc", layer: "claim", label: "CLAIM", text: "Nothing is agreed."},
			{id: "vdl", layer: "entity", label: "PERSON", text: "Ursula von der Leyen"},
		},
		rels: []drel{{"SPEAKER", "k1", "zel"}, {"CUE", "k1", "ksaid"}, {"SPEAKER", "k2", "vdl"}, {"CLAIMANT", "kc", "vdl"}},
	},
}

// demandingJSONL writes demandingDocs as native JSONL. Offsets are code
// points, counted here with utf8.RuneCountInString, independently of
// annot.Index.
func demandingJSONL(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	for d, doc := range demandingDocs {
		// find returns the code point offsets of the nth occurrence of sub
		// at or after byte from, and the byte where it ends.
		find := func(sub string, nth, from int) (int, int, int) {
			for i := 0; ; i++ {
				k := strings.Index(doc.text[from:], sub)
				if k < 0 {
					t.Fatalf("document %d has no %q", d, sub)
				}
				if i == nth {
					b := from + k
					s := utf8.RuneCountInString(doc.text[:b])
					return s, s + utf8.RuneCountInString(sub), b + len(sub)
				}
				from += k + len(sub)
			}
		}
		uuid := map[string]string{}
		var spans []map[string]any
		for i, sp := range doc.spans {
			uuid[sp.id] = fmt.Sprintf("5b0e0000-0000-4000-8000-%04d%08d", d, i)
			m := map[string]any{"id": uuid[sp.id], "layer": sp.layer, "label": sp.label, "annotator": "ana"}
			if sp.frags == nil {
				s, e, _ := find(sp.text, sp.nth, 0)
				m["start"], m["end"] = s, e
			} else {
				var frags [][2]int
				at := 0
				for _, f := range sp.frags {
					s, e, next := find(f, 0, at)
					frags = append(frags, [2]int{s, e})
					at = next
				}
				m["start"], m["end"], m["fragments"] = frags[0][0], frags[len(frags)-1][1], frags
			}
			spans = append(spans, m)
		}
		var rels []map[string]any
		for i, r := range doc.rels {
			rels = append(rels, map[string]any{"id": fmt.Sprintf("5b0e0000-0000-4000-9000-%04d%08d", d, i),
				"label": r.label, "from": uuid[r.from], "to": uuid[r.to]})
		}
		line, err := json.Marshal(map[string]any{"id": fmt.Sprintf("5b0e0000-0000-4000-a000-%012d", d), "title": doc.title,
			"text": doc.text, "meta": map[string]string{"source": "validators test"}, "status": "done",
			"spans": spans, "relations": rels})
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}
