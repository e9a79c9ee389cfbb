package format

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"spanbench/annot"
)

// The CoNLL format: IOB2 tags, one token per line (TOKEN<TAB>TAG), a blank
// line between sentences and a -DOCSTART- line before each document.
// Tokens come from annot.Index.Tokens (spaCy's English rules), also cut at
// every boundary of a tagged span, so every span is whole tokens;
// sentences from Index.Sentences, two of them written as one when a span
// crosses the boundary. One layer per file (entities unless chosen). Spans
// of the layer that overlap follow one policy, outermost wins: spans are
// placed by start, the longer first; a span that overlaps one placed is
// left out and reported.
//
//	-DOCSTART-	O
//
//	Vedant	B-PERSON
//	Patel	I-PERSON
//	said	O
//	.	O

// taggedLayerLost is what every one-layer token-tag format (conll, hf)
// cannot carry.
var taggedLayerLost = []string{
	"spans of other layers, relations, attributes, notes and annotators",
	"nested and overlapping spans of the layer (outermost wins)",
	"discontinuous spans (each fragment is tagged as a span of its own)",
}

func init() {
	registerExporter(formatInfo{
		name:    "conll",
		title:   "CoNLL IOB2: TOKEN<TAB>TAG lines, a blank line between sentences, -DOCSTART- before each document; one layer",
		ext:     ".conll",
		unit:    UnitToken,
		tokens:  true,
		layered: true,
		lost: append([]string{"the exact text (whitespace and line breaks between tokens), titles, ids, status and meta"},
			taggedLayerLost...),
		newWriter: func(st *exportState, stg *stage) (docWriter, error) {
			f, err := openData(stg)
			if err != nil {
				return nil, err
			}
			return &conllWriter{st: st, f: f}, nil
		},
	})
	exts := []string{".conll", ".iob", ".iob2", ".bio", ".conll2003"}
	RegisterReader(Reader{Name: "conll", Exts: exts,
		Read: func(_ ReadOptions, paths ...string) iter.Seq2[annot.Bundle, error] {
			return func(yield func(annot.Bundle, error) bool) {
				for _, p := range paths {
					files, err := filesWithExt(p, exts...)
					if err != nil {
						yield(annot.Bundle{}, err)
						return
					}
					for _, f := range files {
						if !streamFile(f, ReadCoNLL, yield) {
							return
						}
					}
				}
			}
		}})
}

// iobPiece is a piece of a span that a one-layer token format tags.
type iobPiece struct {
	annot.Fragment
	b, i string // its B- and I- tags
	span int    // index of its span in iobPlan.spans
}

// iobPlan is what a one-layer token format writes of a document: the
// spans of the layer it keeps (outermost wins), their pieces in order.
type iobPlan struct {
	spans  []annot.Span
	pieces []iobPiece // sorted, not overlapping
}

// planIOB picks the spans of the export's layer a tag sequence can carry:
// spans are placed by start, the longer first; a span that overlaps one
// already placed is left out and reported as a conflict.
func (st *exportState) planIOB(b *annot.Bundle, ix *annot.Index) iobPlan {
	var plan iobPlan
	n := 0
	for _, sp := range b.Spans {
		if sp.Layer == st.opt.Layer {
			n++
		}
	}
	plan.spans = make([]annot.Span, 0, n)
	plan.pieces = make([]iobPiece, 0, n)
	owner := make([]int, 0, n) // span index, by piece
	for _, sp := range sortedSpans(b.Spans) {
		if sp.Layer != st.opt.Layer {
			continue
		}
		pieces := sp.Pieces()
		clash := -1
		for _, p := range pieces {
			// The first placed piece that ends after p starts.
			k := sort.Search(len(plan.pieces), func(k int) bool { return plan.pieces[k].End > p.Start })
			if k < len(plan.pieces) && plan.pieces[k].Start < p.End {
				clash = owner[k]
				break
			}
		}
		if clash >= 0 {
			st.conflict(b, ix, sp, plan.spans[clash])
			st.lose("overlapping spans (left out; outermost wins)", 1)
			continue
		}
		si := len(plan.spans)
		plan.spans = append(plan.spans, sp)
		for _, p := range pieces {
			k := sort.Search(len(plan.pieces), func(k int) bool { return plan.pieces[k].Start >= p.End })
			plan.pieces = slices.Insert(plan.pieces, k, iobPiece{Fragment: p, b: "B-" + sp.Label, i: "I-" + sp.Label, span: si})
			owner = slices.Insert(owner, k, si)
		}
	}
	return plan
}

// iobToken is one token of a one-layer token format, with its IOB2 tag.
type iobToken struct {
	annot.TokenText
	Tag string
}

// streamIOB tags the tokens of one layer of a document in IOB2 and hands
// them, sentence by sentence, to emit (newSentence on the first token of
// each). Tokens are cut at every boundary of a kept span, so each span is
// whole tokens. Sentences are Index.Sentences, except that a sentence
// boundary inside a span is dropped (the two sentences are one): a
// sentence never starts with I-. Spans written are counted; a span with no
// token (only whitespace) is left out and reported.
func (st *exportState) streamIOB(b *annot.Bundle, ix *annot.Index, emit func(t iobToken, newSentence bool) error) error {
	plan := st.planIOB(b, ix)
	frags := make([]annot.Fragment, len(plan.pieces))
	for i, p := range plan.pieces {
		frags[i] = p.Fragment
	}
	// The start of the next sentence, pulled as tokens pass it.
	nextSent, stopSents := iter.Pull(ix.SentenceSeq())
	defer stopSents()
	nextSent() // the first sentence starts with the first token
	next, more := nextSent()
	tagged := make([]bool, len(plan.spans)) // a piece of the span got a token
	pi := 0
	first := true
	inPiece := false // the previous token was in plan.pieces[pi]
	var err error
	for t := range ix.TokensCut(cutsOf(frags)) {
		for pi < len(plan.pieces) && plan.pieces[pi].End <= t.Start {
			pi++
			inPiece = false
		}
		tag := "O"
		cont := false
		if pi < len(plan.pieces) && plan.pieces[pi].Start <= t.Start {
			p := plan.pieces[pi]
			if inPiece {
				tag, cont = p.i, true
			} else {
				tag = p.b
			}
			inPiece = true
			tagged[p.span] = true
		}
		newSent := first
		for more && t.Start >= next.Start {
			next, more = nextSent()
			newSent = !cont
		}
		first = false
		if err = emit(iobToken{t, tag}, newSent); err != nil {
			return err
		}
	}
	discont := 0
	for i, sp := range plan.spans {
		if !tagged[i] {
			st.misaligned(b, ix, sp)
			st.lose("spans without a token, only whitespace (left out)", 1)
			continue
		}
		st.countSpan(sp)
		if len(sp.Fragments) > 1 {
			discont++
		}
	}
	st.lose("discontinuous spans (each fragment tagged as a span)", discont)
	return nil
}

type conllWriter struct {
	st *exportState
	f  *fileWriter
}

func (w *conllWriter) write(b *annot.Bundle, ix *annot.Index) error {
	w.f.WriteString("-DOCSTART-\tO\n")
	err := w.st.streamIOB(b, ix, func(t iobToken, newSentence bool) error {
		if newSentence {
			w.f.WriteByte('\n')
		}
		w.f.WriteString(t.Text)
		w.f.WriteByte('\t')
		w.f.WriteString(t.Tag)
		return w.f.WriteByte('\n')
	})
	if err != nil {
		return err
	}
	_, err = w.f.WriteString("\n")
	return err
}

func (w *conllWriter) close() error { return w.f.Close() }

// ReadCoNLL streams the documents of a CoNLL file: TOKEN<TAB>TAG lines (or
// several columns, the token first and the tag last), blank lines between
// sentences, -DOCSTART- between documents. Tags are IOB2 (IOB1, BIOES and
// BILOU are read too). The text is rebuilt with a space between tokens and
// a line break between sentences, as CoNLL keeps no whitespace.
func ReadCoNLL(r io.Reader, name string) iter.Seq2[annot.Bundle, error] {
	return func(yield func(annot.Bundle, error) bool) {
		br := bufio.NewReaderSize(r, 1<<16)
		var d conllDoc
		d.reset()
		flush := func() bool {
			if d.tokens == 0 {
				d.reset()
				return true
			}
			b, err := d.bundle(name)
			d.reset()
			return yield(b, err) && err == nil
		}
		for n := 1; ; n++ {
			raw, err := readLine(br, MaxTextBytes)
			if err != nil && err != io.EOF {
				yield(annot.Bundle{}, lineErr(name, n, err))
				return
			}
			if cerr := checkUTF8(raw); cerr != nil {
				yield(annot.Bundle{}, lineErr(name, n, cerr))
				return
			}
			line := strings.TrimRight(string(raw), "\r")
			if d.startLine == 0 {
				d.startLine = n
			}
			switch {
			case strings.TrimSpace(line) == "":
				d.endSentence()
			case strings.HasPrefix(line, "-DOCSTART-"):
				if !flush() {
					return
				}
				d.startLine = n
			default:
				var fields []string
				if strings.Contains(line, "\t") {
					fields = strings.Split(line, "\t")
				} else {
					fields = strings.Fields(line)
				}
				if len(fields) < 2 || fields[0] == "" {
					yield(annot.Bundle{}, lineErr(name, n, annot.Invalidf("tag", "want TOKEN<TAB>TAG, not %q", cutText(line, 40))))
					return
				}
				if perr := d.add(fields[0], strings.TrimSpace(fields[len(fields)-1])); perr != nil {
					yield(annot.Bundle{}, lineErr(name, n, perr))
					return
				}
			}
			if err == io.EOF {
				flush()
				return
			}
		}
	}
}

type conllDoc struct {
	startLine int
	text      strings.Builder
	cp        int // length of text in code points
	tokens    int
	sentOpen  bool
	open      *annot.Span // span being built
	spans     []annot.Span
	iob1      int
}

func (d *conllDoc) reset() {
	*d = conllDoc{}
}

func (d *conllDoc) endSentence() {
	d.close()
	d.sentOpen = false
}

func (d *conllDoc) close() {
	if d.open != nil {
		d.spans = append(d.spans, *d.open)
		d.open = nil
	}
}

func (d *conllDoc) add(tok, tag string) error {
	if strings.ContainsAny(tok, "\r\n") {
		return annot.Invalidf("token", "a token cannot hold a line break")
	}
	if d.tokens > 0 {
		if d.sentOpen {
			d.text.WriteByte(' ')
		} else {
			d.text.WriteByte('\n')
		}
		d.cp++
	}
	start := d.cp
	d.text.WriteString(tok)
	d.cp += utf8.RuneCountInString(tok)
	d.tokens++
	d.sentOpen = true
	prefix, label, _ := strings.Cut(tag, "-")
	if tag == "O" {
		d.close()
		return nil
	}
	if label == "" || len(prefix) != 1 || !strings.Contains("BIESLU", prefix) {
		return annot.Invalidf("tag", "%q is not an IOB tag (O, B-LABEL, I-LABEL)", tag)
	}
	switch prefix {
	case "B", "S", "U":
		d.close()
		d.open = &annot.Span{Start: start, End: d.cp, Layer: layerOf(label), Label: label}
	case "I", "E", "L":
		if d.open != nil && d.open.Label == label {
			d.open.End = d.cp
		} else {
			d.close()
			d.iob1++
			d.open = &annot.Span{Start: start, End: d.cp, Layer: layerOf(label), Label: label}
		}
	}
	if prefix == "S" || prefix == "U" || prefix == "E" || prefix == "L" {
		d.close()
	}
	return nil
}

func (d *conllDoc) bundle(name string) (annot.Bundle, error) {
	d.close()
	text := d.text.String()
	b := annot.Bundle{Source: fmt.Sprintf("%s:%d", name, d.startLine),
		Doc: annot.Document{Text: text, Title: annot.TitleFromText(text), Status: annot.StatusTodo,
			Meta: map[string]string{"source": name}}}
	ix := annot.NewIndex(text)
	for i, sp := range d.spans {
		sp.ID = fmt.Sprintf("s%d", i+1)
		if err := annot.ValidateSpan(ix, &sp); err != nil {
			return annot.Bundle{}, lineErr(name, d.startLine, annot.InField(fmt.Sprintf("spans[%d]", i), err))
		}
		b.Spans = append(b.Spans, sp)
	}
	sort.SliceStable(b.Spans, func(i, j int) bool { return b.Spans[i].Start < b.Spans[j].Start })
	if d.iob1 > 0 {
		b.Warnings = append(b.Warnings, fmt.Sprintf("%d spans start with an I- tag (IOB1 or a broken sequence); read as starting there", d.iob1))
	}
	return b, nil
}
