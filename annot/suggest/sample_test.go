package suggest

import (
	"context"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/assets"
)

// TestSampleArticle is the evidence: on the sample article the quote
// suggester finds the five quoted passages and the six reported ones (read
// off assets/state-dept-afghanistan.txt by hand: "says that", "said that",
// "described … as “…”", ", highlighting that", "reveals that", "highlighted
// … that", "announced", "According to"); Patel (Vedant Patel, Mr. Patel,
// he) speaks the second to sixth, including the one cued by "he added",
// and the think-tank report (ISW, "the report") the seventh to ninth.
func TestSampleArticle(t *testing.T) {
	text := assets.SampleText()
	b := annot.Bundle{Doc: annot.Document{ID: "sample", Text: text}}
	ix := annot.NewIndex(text)
	sgs, err := Run(context.Background(), b, ix, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// speaker is the source mention the SPEAKER relation points at, who
	// the name a SAME_AS from it reaches ("" when it is the name).
	type want struct{ quote, cue, speaker, who string }
	wants := []want{
		{"Washington is working with its allies", "says", "U.S. Department of State", ""},
		{"the U.S. is working with its allies", "said", "Vedant Patel", ""},
		{"We are cooperating with partners and allies", "said", "Patel", "Vedant Patel"},
		{"We are taking a whole-of-government approach", "added", "he", "Patel"},
		{"the Islamic State-Khorasan Province (IS-KP), a regional affiliate of ISIS, as a “transnational terrorist network", "described", "Patel", "Vedant Patel"},
		{"it has both the ambition and capability", "highlighting", "Vedant Patel", ""},
		{"the regime is unable to effectively counter these groups", "reveals", "Institute for the Study of War", ""},
		{"IS-KP has managed to infiltrate", "highlighted", "The Washington-based think tank", "Institute for the Study of War"},
		{"Taliban security forces have repeatedly arrested", "reads", "the report", "Institute for the Study of War"},
		{"a reward of up to $10 million", "announced", "U.S. Department of State", ""},
		{"IS-KP primarily funds its operations", "According to", "the department", "U.S. Department of State"},
	}
	quotes := WithLabel(sgs, annot.LabelQuote)
	if len(quotes) != len(wants) {
		for _, q := range quotes {
			t.Log(q, ix.Slice(q.Start, q.End))
		}
		t.Fatalf("%d quotes, want %d", len(quotes), len(wants))
	}
	for i, w := range wants {
		q := quotes[i]
		spans := map[string]annot.Span{}
		for _, sp := range q.Spans {
			spans[sp.ID] = sp
		}
		main := q.Spans[0]
		got := ix.Slice(main.Start, main.End)
		if !strings.HasPrefix(got, w.quote) {
			t.Errorf("quote %d = %q, want %q…", i+1, got, w.quote)
		}
		if strings.ContainsAny(got[len(got)-1:], ",.”") {
			t.Errorf("quote %d ends with punctuation: %q", i+1, got)
		}
		for _, a := range []string{AttrSuggested, AttrConfidence, AttrReason, annot.AttrKind} {
			if main.Attrs[a] == "" {
				t.Errorf("quote %d lacks attrs.%s", i+1, a)
			}
		}
		var speaker, cue, who, src string
		for _, r := range q.Relations {
			if r.Label == annot.RelSameAs {
				continue
			}
			if r.From != main.ID {
				t.Errorf("quote %d: relation %s does not start at the quote", i+1, r.Label)
			}
			sp := spans[r.To]
			switch r.Label {
			case annot.RelSpeaker:
				speaker, src = ix.Slice(sp.Start, sp.End), r.To
				if sp.Layer != annot.LayerEntity {
					t.Errorf("quote %d: speaker in layer %s", i+1, sp.Layer)
				}
			case annot.RelCue:
				cue = ix.Slice(sp.Start, sp.End)
			}
		}
		for _, r := range q.Relations {
			if r.Label == annot.RelSameAs {
				if r.From != src {
					t.Errorf("quote %d: SAME_AS does not start at the speaker", i+1)
				}
				sp := spans[r.To]
				who = ix.Slice(sp.Start, sp.End)
			}
		}
		if speaker != w.speaker || cue != w.cue || who != w.who {
			t.Errorf("quote %d: speaker %q (%q) cue %q, want %q (%q) and %q (%s)", i+1, speaker, who, cue, w.speaker, w.who, w.cue, q.Reason)
		}
	}
	// Quotes 3-6 are one person: "he" in "he added" refers to the "Patel"
	// of "Patel said", the SPEAKER of the quote before.
	same := ""
	for _, r := range quotes[3].Relations {
		if r.Label == annot.RelSameAs {
			same = r.To
		}
	}
	if quotes[2].Relations[0].To != same {
		t.Errorf("'he added' resolves to another span than 'Patel said'")
	}
	for i, k := range []string{"mixed", "indirect", "direct", "direct", "mixed", "indirect"} {
		if got := quotes[i].Spans[0].Attrs[annot.AttrKind]; got != k {
			t.Errorf("quote %d is %s, want %s", i+1, got, k)
		}
	}
}
