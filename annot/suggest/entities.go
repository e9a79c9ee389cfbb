package suggest

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"spanbench/annot"
)

// GazetteerEntry is one known name of a project and its entity label.
type GazetteerEntry struct {
	Text  string // the name exactly as written: "Institute for the Study of War"
	Label string // an entity label: "ORG"
	// Line is the entry's line in the CSV file it was read from, for error
	// messages; 0 when it was not read from one.
	Line int
}

// MaxGazetteerName is the longest gazetteer name, in code points: far
// longer than any name (the longest organisation names run to 200 or so),
// short enough that a runaway field is refused rather than stored.
const MaxGazetteerName = 1000

// CheckGazetteerEntry checks the text and label of one entry: not blank,
// valid UTF-8 (never stored as U+FFFD), no control characters or line
// breaks (a name lies within a line of text, and CSV would not keep a
// carriage return as it is), and a name of at most MaxGazetteerName code
// points. The error names the field: "text: ..." or "label: ...".
func CheckGazetteerEntry(e GazetteerEntry) error {
	for _, f := range []struct{ name, v string }{{"text", e.Text}, {"label", e.Label}} {
		if !utf8.ValidString(f.v) {
			return annot.Invalidf(f.name, "not valid UTF-8; save the file as UTF-8")
		}
		if strings.TrimSpace(f.v) == "" && f.name == "text" {
			return annot.Invalidf("text", "the text is empty")
		}
		if strings.TrimSpace(f.v) == "" {
			return annot.Invalidf("label", "the label of %q is empty", e.Text)
		}
		for i, r := range f.v {
			if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
				return annot.Invalidf(f.name, "holds the control character or line break U+%04X at byte %d; a name is one line of plain text", r, i)
			}
		}
	}
	if n := utf8.RuneCountInString(e.Text); n > MaxGazetteerName {
		return annot.Invalidf("text", "name is %d characters long, over the limit of %d", n, MaxGazetteerName)
	}
	return nil
}

// ReadGazetteerCSV reads a gazetteer: UTF-8 CSV with the columns text and
// label, an optional header row "text,label", and lines starting with #
// as comments. Blank texts are errors; so is a row with fewer than two
// columns, and an entry CheckGazetteerEntry refuses. Duplicate rows are
// kept once; a text given two labels keeps the last. Errors name the line
// and the field.
func ReadGazetteerCSV(r io.Reader) ([]GazetteerEntry, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	var out []GazetteerEntry
	at := map[string]int{}
	for first := true; ; first = false {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("gazetteer: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if first && len(rec) >= 2 && strings.EqualFold(strings.TrimSpace(rec[0]), "text") && strings.EqualFold(strings.TrimSpace(rec[1]), "label") {
			continue
		}
		if len(rec) < 2 {
			return nil, fmt.Errorf("gazetteer line %d: want two columns, text and label", line)
		}
		// A ' before a formula character is WriteGazetteerCSV's guard
		// against spreadsheets, not part of the name.
		e := GazetteerEntry{Text: annot.RestoreFormula(strings.TrimSpace(rec[0])), Label: annot.RestoreFormula(strings.TrimSpace(rec[1])), Line: line}
		if err := CheckGazetteerEntry(e); err != nil {
			return nil, fmt.Errorf("gazetteer line %d: %w", line, err)
		}
		if i, ok := at[e.Text]; ok {
			out[i] = e
			continue
		}
		at[e.Text] = len(out)
		out = append(out, e)
	}
	return out, nil
}

// WriteGazetteerCSV writes a gazetteer as ReadGazetteerCSV reads it, with a
// header row, sorted by text. A cell a spreadsheet would run as a formula
// (=, +, -, @, TAB or CR first, not a plain number), or that starts with '
// before such a character, gets a ' before it (annot.NeutralizeFormula),
// which ReadGazetteerCSV removes. It always does: the reader cannot tell an
// escaped cell from a name that starts with ', so a gazetteer written
// without escapes would not read back as it was.
func WriteGazetteerCSV(w io.Writer, entries []GazetteerEntry) error {
	es := append([]GazetteerEntry(nil), entries...)
	sort.SliceStable(es, func(i, j int) bool { return es[i].Text < es[j].Text })
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"text", "label"}); err != nil {
		return err
	}
	for _, e := range es {
		e.Text, e.Label = annot.NeutralizeFormula(e.Text), annot.NeutralizeFormula(e.Label)
		if strings.HasPrefix(e.Text, "#") {
			// A line starting with # is a comment to the reader, and
			// encoding/csv does not quote it: quote the text by hand.
			cw.Flush()
			if _, err := io.WriteString(w, `"`+strings.ReplaceAll(e.Text, `"`, `""`)+`",`); err != nil {
				return err
			}
			if err := cw.Write([]string{e.Label}); err != nil {
				return err
			}
			continue
		}
		if err := cw.Write([]string{e.Text, e.Label}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// dictEntry is a name to look for, tokenized.
type dictEntry struct {
	text, label, reason string
	conf                float64
	ntok                int
}

// entities suggests, for every entity text the document labels, its other
// word-bounded occurrences with the same (majority) label, and every
// occurrence of a gazetteer name. At each place the longest name wins;
// occurrences overlapping an existing entity span are left alone.
func (r *run) suggestEntities() []Suggestion {
	dict := map[string][]dictEntry{} // first token -> entries
	add := func(text, label, reason string, conf float64) {
		toks := splitWords(text)
		if len(toks) == 0 {
			return
		}
		for _, e := range dict[toks[0]] {
			if e.text == text {
				return
			}
		}
		dict[toks[0]] = append(dict[toks[0]], dictEntry{text: text, label: label, reason: reason, conf: conf, ntok: len(toks)})
	}
	// Labelled strings first: the document's own decisions beat the gazetteer.
	var texts []string
	for txt := range r.known {
		texts = append(texts, txt)
	}
	sort.Strings(texts)
	inDoc := map[string]bool{}
	for _, sp := range r.entities {
		inDoc[r.t.ix.Slice(sp.Start, sp.End)] = true
	}
	for _, txt := range texts {
		if inDoc[txt] && !pronouns[strings.ToLower(txt)] && !describes(txt) {
			add(txt, r.known[txt], "“"+txt+"” is "+r.known[txt]+" elsewhere", 0.75)
		}
	}
	for _, g := range r.opt.Gazetteer {
		add(g.Text, g.Label, "gazetteer: "+g.Label, 0.8)
	}
	for k := range dict {
		es := dict[k]
		sort.SliceStable(es, func(i, j int) bool { return es[i].ntok > es[j].ntok })
	}
	if len(dict) == 0 {
		return nil
	}
	t := r.t
	var out []Suggestion
	for k := 0; k < len(t.toks); k++ {
		es, ok := dict[t.word(k)]
		if !ok {
			continue
		}
		for _, e := range es {
			if k+e.ntok > len(t.toks) {
				continue
			}
			s, end := t.toks[k].Start, t.toks[k+e.ntok-1].End
			if t.ix.Slice(s, end) != e.text {
				continue
			}
			if _, taken := r.existingEntity(s, end); taken || r.overlapsEntity(s, end) {
				break
			}
			g := r.newGroup(SourceEntities, e.conf, e.reason)
			key := SpanKey(annot.LayerEntity, e.label, []annot.Fragment{{Start: s, End: end}})
			g.span(annot.LayerEntity, e.label, []annot.Fragment{{Start: s, End: end}}, nil)
			if sg, ok := g.done(key, s, end); ok {
				out = append(out, sg)
			}
			k += e.ntok - 1
			break
		}
	}
	return out
}

// overlapsEntity reports whether an existing entity span overlaps [s, e).
func (r *run) overlapsEntity(s, e int) bool {
	i := sort.Search(len(r.entities), func(i int) bool { return r.entities[i].Start >= e })
	for j := i - 1; j >= 0 && j >= i-50; j-- {
		if r.entities[j].End > s {
			return true
		}
	}
	return false
}

// acronyms links "Long Name (ACR)" as ACR SAME_AS Long Name, creating either
// entity span when the document lacks it (labelled as the document or the
// gazetteer labels that text, else ORG).
func (r *run) acronyms() []Suggestion {
	t := r.t
	var out []Suggestion
	for k := 1; k+2 < len(t.toks); k++ {
		if t.word(k) != "(" {
			continue
		}
		// The acronym may be several tokens written together: IS-KP.
		c := k + 2
		for c < len(t.toks) && c < k+7 && t.word(c) != ")" && t.adjacent(c-1) {
			c++
		}
		if c >= len(t.toks) || t.word(c) != ")" || !t.adjacent(c-1) {
			continue
		}
		as, ae := t.toks[k+1].Start, t.toks[c-1].End
		acr := t.ix.Slice(as, ae)
		letters := acronymLetters(acr)
		if len(letters) < 2 || len(letters) > 10 {
			continue
		}
		first, ok := r.expansion(k-1, letters)
		if !ok {
			continue
		}
		ls, le := t.toks[first].Start, t.toks[k-1].End
		label := func(s, e int) string {
			if sp, ok := r.byPieces[piecesKey(annot.LayerEntity, []annot.Fragment{{Start: s, End: e}})]; ok {
				return sp.Label
			}
			if l := r.known[t.ix.Slice(s, e)]; l != "" {
				return l
			}
			return ""
		}
		ll, al := label(ls, le), label(as, ae)
		switch {
		case ll == "" && al == "":
			ll, al = annot.LabelOrg, annot.LabelOrg
		case ll == "":
			ll = al
		case al == "":
			al = ll
		}
		long, short := t.ix.Slice(ls, le), acr
		g := r.newGroup(SourceAcronyms, 0.85, "acronym “"+short+"” = “"+long+"”")
		lid, lkey := g.span(annot.LayerEntity, ll, []annot.Fragment{{Start: ls, End: le}}, nil)
		aid, akey := g.span(annot.LayerEntity, al, []annot.Fragment{{Start: as, End: ae}}, nil)
		if r.hasRel[annot.RelSameAs+"/"+lid+"/"+aid] {
			continue
		}
		g.link(annot.RelSameAs, aid, akey, lid, lkey)
		key := RelationKey(annot.RelSameAs, akey, lkey)
		if sg, ok := g.done(akey+"\x00", as, ae); ok {
			sg.Key, sg.Layer, sg.Label, sg.Start, sg.End = key, annot.LayerRelation, annot.RelSameAs, ls, ae
			out = append(out, sg)
		}
	}
	return out
}

// acronymLetters returns the capital letters of a token written mostly in
// capitals ("IS-KP": ISKP, "AfDB": ADB), or nil.
func acronymLetters(w string) []rune {
	var up []rune
	low := 0
	for _, c := range w {
		switch {
		case unicode.IsUpper(c):
			up = append(up, c)
		case unicode.IsLower(c):
			low++
		case c == '-' || c == '&' || c == '.' || unicode.IsDigit(c):
		default:
			return nil
		}
	}
	if len(up) < 2 || low > len(up)/2 {
		return nil
	}
	return up
}

// expansion matches letters, last first, to the initials of the
// capitalised words ending at token j, skipping function words and
// hyphens: "Institute for the Study of War" for ISW. It returns the first
// token of the expansion.
func (r *run) expansion(j int, letters []rune) (int, bool) {
	t := r.t
	li := len(letters) - 1
	k := j
	first := -1
	for k >= 0 && j-k < 3*len(letters)+3 && li >= 0 {
		w := t.word(k)
		lw := strings.ToLower(w)
		switch {
		case capWord(w):
			c := []rune(w)[0]
			if unicode.ToUpper(c) != letters[li] {
				return 0, false
			}
			li--
			first = k
		case connectors[lw] || w == "-" || w == "’" || w == "'":
		default:
			return 0, false
		}
		if k > 0 && !t.adjacent(k-1) && t.toks[k].Start-t.toks[k-1].End > 1 {
			return 0, false
		}
		k--
	}
	if li >= 0 || first < 0 {
		return 0, false
	}
	return first, true
}

// Overlap returns how much two sets of pieces cover the same code points:
// the size of their intersection over the size of their union (1 when
// equal, 0 when apart).
func Overlap(a, b []annot.Fragment) float64 {
	inter := intersection(a, b)
	union := size(a) + size(b) - inter
	if union <= 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// intersection returns how many code points two sets of pieces share.
func intersection(a, b []annot.Fragment) int {
	n := 0
	for _, p := range a {
		for _, q := range b {
			if s, e := max(p.Start, q.Start), min(p.End, q.End); e > s {
				n += e - s
			}
		}
	}
	return n
}

// size returns how many code points a set of pieces covers.
func size(ps []annot.Fragment) int {
	n := 0
	for _, p := range ps {
		n += p.End - p.Start
	}
	return n
}

// describes reports whether an entity text is a description rather than a
// name ("the company", "sources", "a friend", "Her lawyer", "Obama’s former
// strategist"): source mentions a coder accepted, which say nothing about
// other places the same words appear. "The New York Times", "eBay" and "de
// Gaulle" are names.
func describes(txt string) bool {
	ws := strings.Fields(txt)
	if len(ws) == 0 {
		return false
	}
	first, last := strings.ToLower(ws[0]), ws[len(ws)-1]
	switch {
	case lowerWord(ws[0]):
		return strings.IndexFunc(txt, unicode.IsUpper) < 0
	case determiners[first] || strings.HasSuffix(first, "’s") || strings.HasSuffix(first, "'s"):
		return len(ws) > 1 && lowerWord(last)
	}
	return false
}
