package format

import (
	"spanbench/annot"
)

// The Hugging Face format: JSONL in the shape of the conll2003 dataset,
// one row per sentence,
//
//	{"id": "<doc id>-0", "tokens": ["Vedant", "Patel", "said"], "ner_tags": [1, 2, 0]}
//
// with ner_tags ids into the label_names list the dataset card states
// (["O", "B-PERSON", "I-PERSON", ...], and in its YAML header as a
// ClassLabel, so the Hub loads them as names). Tags are the CoNLL export's:
// same tokenizer, sentences, layer and overlap policy, and the tokens of
// a document stream through: only the sentence in hand is kept.

func init() {
	registerExporter(formatInfo{
		name:    "hf",
		title:   "Hugging Face token classification JSONL (conll2003's shape: id, tokens, ner_tags), one row per sentence; one layer",
		ext:     ".jsonl",
		unit:    UnitToken,
		tokens:  true,
		layered: true,
		lost: append([]string{"the exact text (whitespace between tokens), titles, status and meta; a row id is the document id and the sentence number"},
			taggedLayerLost...),
		newWriter: func(st *exportState, stg *stage) (docWriter, error) {
			f, err := openData(stg)
			if err != nil {
				return nil, err
			}
			w := &hfWriter{st: st, f: f, ids: map[string]int{}, js: newJSONScratch()}
			w.tagID("O")
			// Project labels of the layer first, so ids follow the label bar.
			for _, l := range st.labels {
				if l.Layer == st.opt.Layer {
					w.tagID("B-" + l.Name)
					w.tagID("I-" + l.Name)
				}
			}
			return w, nil
		},
	})
}

type hfWriter struct {
	st    *exportState
	f     *fileWriter
	js    *jsonScratch
	names []string
	ids   map[string]int
}

// tagID returns a tag's id, adding B- and I- of a new label together.
func (w *hfWriter) tagID(tag string) int {
	if id, ok := w.ids[tag]; ok {
		return id
	}
	if len(tag) > 2 && (tag[:2] == "B-" || tag[:2] == "I-") {
		for _, p := range []string{"B-", "I-"} {
			t := p + tag[2:]
			if _, ok := w.ids[t]; !ok {
				w.ids[t] = len(w.names)
				w.names = append(w.names, t)
			}
		}
		return w.ids[tag]
	}
	w.ids[tag] = len(w.names)
	w.names = append(w.names, tag)
	return w.ids[tag]
}

func (w *hfWriter) write(b *annot.Bundle, ix *annot.Index) error {
	// One row per sentence ({"id", "tokens", "ner_tags"}), written as its
	// tokens come: only the tags of the sentence in hand are kept.
	f, j := w.f, w.js
	j.buf.Reset()
	if err := j.enc.Encode(b.Doc.ID + "-"); err != nil {
		return err
	}
	idPrefix := string(j.buf.Bytes()[:j.buf.Len()-2]) // "<doc id>- without its closing quote
	var tags []int
	n := 0
	flush := func() error {
		if n == 0 && len(tags) == 0 {
			return nil
		}
		f.WriteString(`],"ner_tags":[`)
		for k, id := range tags {
			if k > 0 {
				f.WriteByte(',')
			}
			j.int(f, id)
		}
		_, err := f.WriteString("]}\n")
		tags = tags[:0]
		return err
	}
	err := w.st.streamIOB(b, ix, func(t iobToken, newSentence bool) error {
		if newSentence {
			if n > 0 {
				if err := flush(); err != nil {
					return err
				}
			}
			f.WriteString(`{"id":`)
			f.WriteString(idPrefix)
			j.int(f, n)
			f.WriteString(`","tokens":[`)
			n++
		} else {
			f.WriteByte(',')
		}
		tags = append(tags, w.tagID(t.Tag))
		return writeJSONString(f, t.Text)
	})
	if err != nil || n == 0 {
		return err
	}
	return flush()
}

func (w *hfWriter) close() error {
	w.st.sum.LabelNames = w.names
	return w.f.Close()
}
