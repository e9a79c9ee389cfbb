package suggest

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"spanbench/annot"
)

// quoteTexts runs the quote suggester and returns each quote's pieces
// joined by " | ", with its kind.
func quoteTexts(t *testing.T, text string) []string {
	t.Helper()
	ix := annot.NewIndex(text)
	sgs, err := Run(context.Background(), annot.Bundle{Doc: annot.Document{Text: text}}, ix, Options{Suggesters: []string{SourceQuotes}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, sg := range sgs {
		if sg.Label != annot.LabelQuote {
			continue
		}
		var ps []string
		for _, p := range sg.Spans[0].Pieces() {
			ps = append(ps, ix.Slice(p.Start, p.End))
		}
		out = append(out, strings.Join(ps, " | ")+" ("+sg.Spans[0].Attrs[annot.AttrKind]+")")
	}
	return out
}

func TestQuotePairing(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"curly", "“We will win,” she said.", []string{"We will win (direct)"}},
		{"straight", `"We will win," she said.`, []string{"We will win (direct)"}},
		{"apostrophes are not marks", "“Don’t ask about Afghanistan’s borders,” he said. The allies’ plans didn’t change.",
			[]string{"Don’t ask about Afghanistan’s borders (direct)"}},
		{"the ’60s", "‘I have been here since the ’60s,’ she said.", []string{"I have been here since the ’60s (direct)"}},
		{"plural possessive inside single quotes", "‘The Joneses’ house went first,’ she said.",
			[]string{"The Joneses’ house went first (direct)"}},
		{"nested", "“He told me, ‘Leave now,’ and I left,” she said.",
			[]string{"He told me, ‘Leave now,’ and I left (direct)", "Leave now (direct)"}},
		{"guillemets with spaces", "« Nous ne reculerons pas », a-t-elle dit, she said.", []string{"Nous ne reculerons pas (direct)"}},
		{"guillemets reversed", "»Wir bleiben«, sagte sie, she said.", []string{"Wir bleiben (direct)"}},
		{"german marks", "Er sagte: „Die Strecke ist offen.“ He said so.", []string{"Die Strecke ist offen (direct)"}},
		{"corner brackets", "She said 「準備はできている」 and left.", []string{"準備はできている (direct)"}},
		{"white corner brackets", "She said 『また明日』 and left.", []string{"また明日 (direct)"}},
		{"continued paragraph", "“The first part. And more,” he said. “Second quote starts.\n\n“It goes on here,” he added.",
			[]string{"The first part. And more (direct)", "Second quote starts | It goes on here (direct)"}},
		{"unclosed at paragraph end", "He said: “This never closes and it is long enough\n\nNext paragraph.",
			[]string{"This never closes and it is long enough (direct)"}},
		{"interrupted", "“We are ready,” he said, “and we will not wait.”",
			[]string{"We are ready | and we will not wait (direct)"}},
		{"not interrupted by a new sentence", "“We are ready,” he said. “We will not wait.”",
			[]string{"We are ready (direct)", "We will not wait (direct)"}},
		// A quoted fragment in reported speech: the reported clause is the
		// mixed quote (docs/suggest.md), ending before the closing mark.
		{"mixed", "Patel described the group as a “transnational terrorist network,” highlighting the risk.",
			[]string{"the group as a “transnational terrorist network (mixed)"}},
		{"question mark kept", "“Who pays for this?” asked Yusuf Demir.", []string{"Who pays for this? (direct)"}},
		{"so-called is no quote", "The so-called “peace tax” divided the town.", nil},
		{"a programme after a possessive is no quote", "Omar Haddad told CBS’s “Face the Nation” that taxes would rise.",
			[]string{"taxes would rise (indirect)"}},
		{"title is no quote", "They watched the documentary “Empty Harbours” on Friday.", nil},
		{"scare quote without cue is too weak", "Its “green” bonds fell.", nil},
		// The inch mark pairs with nothing; the sentence is reported speech.
		{"inch mark", `A 12" pipe burst, the plumber said.`, []string{`A 12" pipe burst (indirect)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := quoteTexts(t, tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestTrimEdges(t *testing.T) {
	tests := []struct{ in, want string }{
		{" We will win, ", "We will win"},
		{"Who pays?", "Who pays?"},
		{"the U.S.", "the U.S."},
		{"end.", "end"},
		{"Mr.", "Mr."},
		{"(IS-KP)", "IS-KP"},
		{"Department (IS-KP)", "Department (IS-KP)"},
		{"“quoted”", "quoted"},
		{"the allies’", "the allies’"},
		{"wait…", "wait…"},
	}
	for _, tt := range tests {
		ix := annot.NewIndex(tt.in)
		tx := newText(ix)
		s, e := trimEdges(tx, 0, ix.Len())
		if got := ix.Slice(s, e); got != tt.want {
			t.Errorf("trim(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestInvisibleSpace: a byte order mark or a zero-width space counts as space
// (annot.IsSpace), as it does for the tokenizer: a BOM opening the document
// does not stop its first quote being paired.
func TestInvisibleSpace(t *testing.T) {
	for _, text := range []string{
		"\ufeff\"We are done with this plan,\" Vedant Patel said.",
		"\ufeff“We are done with this plan,” Vedant Patel said.",
		"Later,\u200b“We are done with this plan,” Vedant Patel said.",
	} {
		ix := annot.NewIndex(text)
		sgs, err := Run(context.Background(), annot.Bundle{Doc: annot.Document{Text: text}}, ix, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, sg := range sgs {
			got = append(got, sg.Label+" "+ix.Slice(sg.Start, sg.End))
		}
		if want := []string{"QUOTE We are done with this plan"}; !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %q, want %q", text, got, want)
		}
	}
}

func TestTrimEdgesInvisibleSpace(t *testing.T) {
	in := "\ufeff We will win\u200b"
	ix := annot.NewIndex(in)
	s, e := trimEdges(newText(ix), 0, ix.Len())
	if got := ix.Slice(s, e); got != "We will win" {
		t.Errorf("trim(%q) = %q, want %q", in, got, "We will win")
	}
}

// TestSentenceBounds: the suggesters' sentences are annot's (Index.Sentences):
// no end after "Mr." or "U.S.", an end after a closing mark and at a line
// break, nothing before lo or past hi.
func TestSentenceBounds(t *testing.T) {
	in := "Mr. Patel said the U.S. Army left. “Why?” he asked.\nDr. Ng"
	tx := newText(annot.NewIndex(in))
	at := func(sub string) int { return len([]rune(in[:strings.Index(in, sub)])) }
	n := len(tx.r)
	for _, tt := range []struct {
		name         string
		lo, pos, hi  int
		before, from string // text [sentenceStart, pos) and [pos, sentenceEnd)
	}{
		{"inside", 0, at("Army"), n, "Mr. Patel said the U.S. ", "Army left."},
		{"space after", 0, at(" “Why"), n, "Mr. Patel said the U.S. Army left.", " “Why?”"},
		{"closing mark", 0, at(" he asked"), n, "“Why?”", " he asked."},
		{"bounded", at("Patel"), at("Army"), at("Army") + 2, "Patel said the U.S. ", "Ar"},
		{"line break", 0, at("Ng"), n, "Dr. ", "Ng"},
	} {
		s, e := tx.sentenceStart(tt.lo, tt.pos), tx.sentenceEnd(tt.pos, tt.hi)
		if b, f := string(tx.r[s:tt.pos]), string(tx.r[tt.pos:e]); b != tt.before || f != tt.from {
			t.Errorf("%s: %q | %q, want %q | %q", tt.name, b, f, tt.before, tt.from)
		}
	}
}
