package learn_test

import (
	"fmt"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/learn"
)

// doc builds a training document from a text where entities are marked
// [like this|LABEL].
func doc(marked string) learn.Document {
	var sb strings.Builder
	var spans []annot.Span
	cp := 0
	for {
		i := strings.IndexByte(marked, '[')
		if i < 0 {
			break
		}
		sb.WriteString(marked[:i])
		cp += len([]rune(marked[:i]))
		j := strings.IndexByte(marked[i:], ']') + i
		name, label, _ := strings.Cut(marked[i+1:j], "|")
		sb.WriteString(name)
		n := len([]rune(name))
		spans = append(spans, annot.Span{Start: cp, End: cp + n, Layer: annot.LayerEntity, Label: label})
		cp += n
		marked = marked[j+1:]
	}
	sb.WriteString(marked)
	return learn.Document{Index: annot.NewIndex(sb.String()), Spans: spans}
}

func found(ix *annot.Index, es []learn.Entity) []string {
	var out []string
	for _, e := range es {
		out = append(out, ix.Slice(e.Start, e.End)+"|"+e.Label)
	}
	return out
}

// Names written in a script without capitals ("外交部发言人 王毅 said the
// talks in 北京 were constructive", issue 15's example) are learned from
// their context: trained on some names, the model finds others it never
// saw, where capitalisation says nothing.
func TestLearnsNamesInScriptsWithoutCapitals(t *testing.T) {
	people := []string{"王毅", "李强", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴芳", "徐明", "孙丽"}
	cities := []string{"北京", "上海", "广州", "深圳", "成都", "武汉", "南京", "西安", "重庆", "天津", "杭州", "苏州"}
	sentence := func(i int, mark bool) string {
		p, c := people[i%len(people)], cities[(i*5+1)%len(cities)]
		if mark {
			p, c = "["+p+"|PERSON]", "["+c+"|GPE]"
		}
		templates := []string{
			"外交部发言人 %s said the talks in %s were “constructive”.",
			"Spokesman %s told reporters in %s that the visit would go ahead.",
			"The minister, %s, arrived in %s on Tuesday.",
		}
		return fmt.Sprintf(templates[i%len(templates)], p, c)
	}
	var train []learn.Document
	for i := 0; i < 30; i++ { // people and cities 0..7 only (i%12 < 8)
		if i%len(people) < 8 {
			train = append(train, doc(sentence(i, true)+" "+sentence(i+3, true)))
		}
	}
	m := learn.Train(train, learn.Options{})
	right, all := 0, 0
	for i := 8; i < 12; i++ { // names the model never saw
		d := doc(sentence(i, true))
		got := found(d.Index, m.Predict(d.Index, nil))
		want := found(d.Index, []learn.Entity{{Start: d.Spans[0].Start, End: d.Spans[0].End, Label: "PERSON"}, {Start: d.Spans[1].Start, End: d.Spans[1].End, Label: "GPE"}})
		all += len(want)
		for _, w := range want {
			for _, g := range got {
				if g == w {
					right++
				}
			}
		}
		t.Logf("%s: %v", d.Index.Text(), got)
	}
	if right < all*3/4 {
		t.Errorf("found %d of %d unseen names in a script without capitals, want at least three quarters", right, all)
	}
}

// Encode and Decode keep what the model proposes: same spans and labels,
// confidences within the quantisation step.
func TestEncodeRoundTrip(t *testing.T) {
	docs := readConll(t)
	train, held, _ := conllSplit(docs, 1)
	m := learn.Train(train[:100], learn.Options{})
	blob := m.Encode()
	m2, err := learn.Decode(blob)
	if err != nil {
		t.Fatal(err)
	}
	if m2.Docs() != 100 || strings.Join(m2.Labels(), ",") != strings.Join(m.Labels(), ",") {
		t.Fatalf("decoded model has %d docs, labels %v; want 100, %v", m2.Docs(), m2.Labels(), m.Labels())
	}
	t.Logf("%d features, %d bytes encoded", m.Features(), len(blob))
	n := 0
	for _, d := range held {
		a, b := m.Predict(d.Index, nil), m2.Predict(d.Index, nil)
		if len(a) != len(b) {
			t.Fatalf("%q: %v before encoding, %v after", d.Index.Text(), a, b)
		}
		for i := range a {
			if a[i].Start != b[i].Start || a[i].End != b[i].End || a[i].Label != b[i].Label || abs(a[i].Confidence-b[i].Confidence) > 0.02 {
				t.Fatalf("%q: %v before encoding, %v after", d.Index.Text(), a[i], b[i])
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("the model proposed nothing on the held-out documents")
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// A damaged or foreign blob is refused with one line, never half-read.
func TestDecodeDamaged(t *testing.T) {
	m := learn.Train([]learn.Document{doc("Yesterday [Ada Lovelace|PERSON] spoke in [London|GPE].")}, learn.Options{})
	blob := m.Encode()
	if _, err := learn.Decode(blob); err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"empty":     nil,
		"foreign":   []byte("PK\x03\x04 a zip file"),
		"truncated": blob[:len(blob)/2],
		"newer":     append([]byte("SBLM\x09"), blob[5:]...),
	}
	for name, b := range cases {
		_, err := learn.Decode(b)
		if err == nil {
			t.Errorf("%s: decoded", name)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "learned model: ") {
			t.Errorf("%s: error %q is not one line starting with \"learned model: \"", name, msg)
		}
	}
}

// Documents without entities teach nothing to propose.
func TestNoEntitiesNoProposals(t *testing.T) {
	m := learn.Train([]learn.Document{doc("Ada Lovelace spoke in London.")}, learn.Options{})
	ix := annot.NewIndex("Ada Lovelace spoke in London.")
	if es := m.Predict(ix, nil); len(es) != 0 {
		t.Errorf("a model trained on no entities proposed %v", es)
	}
	if _, err := learn.Decode(m.Encode()); err != nil {
		t.Error(err)
	}
}

// A gazetteer hit is a feature: trained where gazetteer names are
// entities, the model proposes a gazetteer name in a sentence it has not
// seen, with no other clue (lower-case, no context seen in training).
func TestGazetteerFeature(t *testing.T) {
	names := []string{"acme", "globex", "initech", "hooli", "vandelay", "wonka", "umbrella"}
	gaz := learn.NewGazetteer(map[string]string{"acme": "ORG", "globex": "ORG", "initech": "ORG", "hooli": "ORG", "vandelay": "ORG", "wonka": "ORG", "umbrella": "ORG"})
	var train []learn.Document
	for i, s := range []string{
		"shares of [%s|ORG] rose while bread prices fell .",
		"a deal with [%s|ORG] was signed by the board .",
		"the bank lent money to [%s|ORG] last week .",
		"bread and money were on the table .",
		"the board met last week .",
		"prices of bread rose .",
	} {
		for j := 0; j < 6; j++ { // all names but umbrella
			text := s
			if strings.Contains(s, "%s") {
				text = fmt.Sprintf(s, names[(i+j)%6])
			}
			train = append(train, doc(text))
		}
	}
	m := learn.Train(train, learn.Options{Gazetteer: gaz})
	ix := annot.NewIndex("nobody expected umbrella to win .")
	got := found(ix, m.Predict(ix, gaz))
	if len(got) != 1 || got[0] != "umbrella|ORG" {
		t.Errorf("with the gazetteer: %v, want [umbrella|ORG]", got)
	}
	if got := found(ix, m.Predict(ix, nil)); len(got) != 0 {
		t.Errorf("without the gazetteer: %v, want nothing (the name was never seen)", got)
	}
}
