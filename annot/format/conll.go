package format

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"sort"
	"strings"
	"unicode/utf8"

	"spanbench/annot"
)

// The CoNLL format: IOB2 tags, one token per line (TOKEN<TAB>TAG), a blank
// line between sentences and a -DOCSTART- line before each document.
// Tokens come from annot.Index.Tokens, sentences from Index.Sentences. One
// layer per file (entities unless chosen). Spans of the layer that overlap
// follow one policy, outermost wins: spans are placed by start, the longer
// first; a span whose tokens are already taken is left out and reported.
// A span that does not start and end on token boundaries is left out and
// reported, never moved.
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
	"nested and overlapping spans of the layer (outermost wins)", "spans not on token boundaries",
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

// tagged is a document cut into sentences of tagged tokens.
type tagged struct {
	sentences [][]int // token indices per sentence
	tags      []string
}

// iobTags tags the tokens of one layer of a document in IOB2, outermost
// first, recording conflicts and misaligned spans in the summary.
func (st *exportState) iobTags(b *annot.Bundle, ix *annot.Index) tagged {
	toks := ix.Tokens()
	t := tagged{tags: make([]string, len(toks))}
	for i := range t.tags {
		t.tags[i] = "O"
	}
	owner := make([]int, len(toks))
	for i := range owner {
		owner[i] = -1
	}
	spans := sortedSpans(b.Spans)
	frag := 0
	for si, sp := range spans {
		if sp.Layer != st.opt.Layer {
			continue
		}
		if !spanAligned(ix, sp) {
			st.misaligned(b, ix, sp)
			st.lose("spans not on token boundaries (left out)", 1)
			continue
		}
		var ranges [][2]int
		clash := -1
		for _, p := range sp.Pieces() {
			first, last, _ := tokenSpan(ix, p.Start, p.End)
			ranges = append(ranges, [2]int{first, last})
			for k := first; k <= last && clash < 0; k++ {
				clash = owner[k]
			}
		}
		if clash >= 0 {
			st.conflict(b, ix, sp, spans[clash])
			st.lose("overlapping spans (left out; outermost wins)", 1)
			continue
		}
		if len(ranges) > 1 {
			frag++
		}
		for _, r := range ranges {
			for k := r[0]; k <= r[1]; k++ {
				owner[k] = si
				if k == r[0] {
					t.tags[k] = "B-" + sp.Label
				} else {
					t.tags[k] = "I-" + sp.Label
				}
			}
		}
	}
	st.lose("discontinuous spans (each fragment tagged as a span)", frag)
	sentOf := ix.SentenceOf()
	cur := -1
	for i := range toks {
		if len(t.sentences) == 0 || sentOf[i] != cur {
			t.sentences = append(t.sentences, nil)
			cur = sentOf[i]
		}
		t.sentences[len(t.sentences)-1] = append(t.sentences[len(t.sentences)-1], i)
	}
	return t
}

type conllWriter struct {
	st *exportState
	f  *fileWriter
}

func (w *conllWriter) write(b *annot.Bundle, ix *annot.Index) error {
	t := w.st.iobTags(b, ix)
	toks := ix.Tokens()
	w.f.WriteString("-DOCSTART-\tO\n")
	for _, s := range t.sentences {
		w.f.WriteByte('\n')
		for _, k := range s {
			w.f.WriteString(ix.Slice(toks[k].Start, toks[k].End))
			w.f.WriteByte('\t')
			w.f.WriteString(t.tags[k])
			w.f.WriteByte('\n')
		}
	}
	_, err := w.f.WriteString("\n")
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
