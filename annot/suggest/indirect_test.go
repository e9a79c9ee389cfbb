package suggest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"spanbench/annot"
)

// reported returns the reported-speech suggestions for text, each as
// "kind: content | cue | source".
func reported(t *testing.T, text string) []string {
	t.Helper()
	b := annot.Bundle{Doc: annot.Document{ID: "d", Text: text}}
	ix := annot.NewIndex(text)
	sgs, err := Run(context.Background(), b, ix, Options{Suggesters: []string{SourceQuotes}})
	if err != nil {
		t.Fatal(err)
	}
	// Spans of every suggestion: a later one may link to a span an earlier
	// one brings (the name a pronoun refers to).
	spans := map[string]annot.Span{}
	for _, sg := range sgs {
		for _, sp := range sg.Spans {
			spans[sp.ID] = sp
		}
	}
	var out []string
	for _, sg := range sgs {
		main := sg.Spans[0]
		kind := main.Attrs[annot.AttrKind]
		if sg.Label != annot.LabelQuote || !isIndirect(kind) {
			continue
		}
		var cue, src, srcID, who string
		for _, r := range sg.Relations {
			sp, ok := spans[r.To]
			if !ok {
				continue
			}
			switch r.Label {
			case annot.RelCue:
				cue = ix.SpanText(sp)
			case annot.RelSpeaker:
				src, srcID = ix.SpanText(sp), r.To
			}
		}
		for _, r := range sg.Relations {
			if sp, ok := spans[r.To]; ok && r.Label == annot.RelSameAs && r.From == srcID {
				who = " = " + ix.SpanText(sp)
			}
		}
		out = append(out, fmt.Sprintf("%s: %s | %s | %s%s", kind, ix.SpanText(main), cue, src, who))
	}
	return out
}

// TestReportedSpeech covers the patterns of reported speech in news (the
// expected content, cue and source read off each sentence by hand).
func TestReportedSpeech(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"said that", "Dana Whitcomb said on Thursday that the chamber would vote before the recess.",
			[]string{"indirect: the chamber would vote before the recess | said | Dana Whitcomb"}},
		{"said without that", "Moore said the bill would raise prices in every state.",
			[]string{"indirect: the bill would raise prices in every state | said | Moore"}},
		{"clause first", "Shelters in three counties were already half full, a Red Cross spokeswoman said.",
			[]string{"indirect: Shelters in three counties were already half full | said | a Red Cross spokeswoman"}},
		{"clause first, said X", "The contract passed with 58 percent, said union leader Anna de Vries.",
			[]string{"indirect: The contract passed with 58 percent | said | Anna de Vries"}},
		{"told reporters", "Kemal Aydın told reporters rescue teams were still searching two villages.",
			[]string{"indirect: rescue teams were still searching two villages | told | Kemal Aydın"}},
		{"according to first", "According to the Labor Department, employers added 142,000 jobs in October.",
			[]string{"indirect: employers added 142,000 jobs in October | According to | Labor Department"}},
		{"according to last", "Wages rose 3.1 percent from a year earlier, according to demographers at the state university.",
			[]string{"indirect: Wages rose 3.1 percent from a year earlier | according to | demographers at the state university"}},
		{"has learned", "The Ledger has learned that the authority paid a consulting firm $2.3 million.",
			[]string{"indirect: the authority paid a consulting firm $2.3 million | learned | Ledger"}},
		{"officials say", "Officials say more than 4,000 civilians remain in the town.",
			[]string{"indirect: more than 4,000 civilians remain in the town | say | Officials"}},
		{"accused of", "Rep. Gwen Moore (D-Wis.) accused the committee of burying the report.",
			[]string{"indirect: the committee of burying the report | accused | Gwen Moore"}},
		{"denied", "Everwell Care denied any wrongdoing.", []string{"indirect: any wrongdoing | denied | Everwell Care"}},
		{"in a statement", "In a statement, the airline said the engine failure had been caused by a cracked fan blade.",
			[]string{"indirect: the engine failure had been caused by a cracked fan blade | said | the airline"}},
		{"reported question", "One lawmaker asked why the state had waited so long to publish the costs.",
			[]string{"indirect: why the state had waited so long to publish the costs | asked | One lawmaker"}},
		{"mixed", "Moore said the explanation was “insulting to anyone who can read a calendar.”",
			[]string{"mixed: the explanation was “insulting to anyone who can read a calendar | said | Moore"}},
		{"second attribution", "Her colleague Tom Vance said the stadium would bring 3,000 jobs, and he accused opponents of living in the past.",
			[]string{"indirect: the stadium would bring 3,000 jobs | said | Tom Vance", "indirect: opponents of living in the past | accused | he = Tom Vance"}},
		{"adding that", "Ríos said the team was still in it, adding that his ankle felt fine.",
			[]string{"indirect: the team was still in it | said | Ríos", "indirect: his ankle felt fine | adding | Ríos"}},
		{"appositive name", "The victim’s brother, Darnell Price, said the family wanted the men charged with murder.",
			[]string{"indirect: the family wanted the men charged with murder | said | Darnell Price"}},
		{"state as a noun", "The seat is safe for Democrats, a former state party chairman said.",
			[]string{"indirect: The seat is safe for Democrats | said | a former state party chairman"}},
		{"possessive in the subject", "In a joint statement, the pilots’ union and the flight attendants’ union said the crew had followed every procedure.",
			[]string{"indirect: the crew had followed every procedure | said | the pilots’ union and the flight attendants’ union"}},
		{"saying after a verb that is no cue", "Opedal rejected that argument, saying Europe would need Norwegian gas for decades.",
			[]string{"indirect: Europe would need Norwegian gas for decades | saying | Opedal"}},
		{"appositive after a possessive", "Achterberg’s lawyer, Paul Renner, said his client would appeal.",
			[]string{"indirect: his client would appeal | said | Paul Renner"}},
		{"reduced relative clause", "Teachers I spoke with said they had stopped planning more than a month ahead.",
			[]string{"indirect: they had stopped planning more than a month ahead | said | Teachers"}},
		{"possessive subject, told a news conference", "The league’s commissioner told a news conference talks with the union were continuing.",
			[]string{"indirect: talks with the union were continuing | told | The league’s commissioner"}},
		{"told them in a meeting", "Fields told them in a team meeting nobody would be punished for choosing the other side.",
			[]string{"indirect: nobody would be punished for choosing the other side | told | Fields"}},
		{"in court filings", "Her attorney argued in court filings that the eviction notice was never properly served.",
			[]string{"indirect: the eviction notice was never properly served | argued | Her attorney"}},
		{"told a programme", "Laura Okafor told CBS’s “Face the Nation” on Sunday that the city would inspect every building.",
			[]string{"indirect: the city would inspect every building | told | Laura Okafor"}},
		{"according to records", "According to court records, the building had failed two inspections since 2021.",
			[]string{"indirect: the building had failed two inspections since 2021 | According to | court records"}},
		// Not reported speech: a direct quote's cue, a verb that needs a
		// that-clause, a title, a quote with its setting.
		{"direct quote cue", "“We lost this round,” Anna de Vries said after the vote.", nil},
		{"found a body", "Police found the body of a man near the river on Sunday.", nil},
		{"quote and setting", "He said “We are ready” before boarding the plane.", nil},
		{"noun report", "A recent report by the council shows rents rising.", nil},
		{"added jobs", "The company added 500 jobs in March.", nil},
		{"wrote a book", "She wrote a book about the war in Bosnia.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := reported(t, tt.text)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestMixedQuoteNotProposedApart: the quoted phrase of a mixed quote is part
// of the reported clause, not a quote of its own.
func TestMixedQuoteNotProposedApart(t *testing.T) {
	text := "Moore said the explanation was “insulting to anyone who can read a calendar.”"
	b := annot.Bundle{Doc: annot.Document{ID: "d", Text: text}}
	sgs, err := Run(context.Background(), b, nil, Options{Suggesters: []string{SourceQuotes}})
	if err != nil {
		t.Fatal(err)
	}
	qs := WithLabel(sgs, annot.LabelQuote)
	if len(qs) != 1 || !strings.HasPrefix(text[qs[0].Start:], "the explanation was") || qs[0].Spans[0].Attrs[annot.AttrKind] != "mixed" {
		t.Errorf("quote suggestions %v, want one: the mixed clause", qs)
	}
}

// TestLayouts: speakers from a vox-pop dash byline and from the paragraph
// before a quote that ends with a colon; mixed straight and curly marks.
func TestLayouts(t *testing.T) {
	tests := []struct{ name, text, quote, speaker string }{
		{"dash byline", "We asked renters what brought them out.\n\n“My rent went up 40 percent in two years.” ― Pamela Padilla, 41, home health aide",
			"My rent went up 40 percent in two years", "Pamela Padilla"},
		{"em dash byline, short quote", "“Free samples.” — Kwame Asante, 19, student", "Free samples", "Kwame Asante"},
		{"colon paragraph", "The pollster was blunt.\n\nCaddell continued:\n\n“They think the country is a focus group in Brooklyn. It is not.”",
			"They think the country is a focus group in Brooklyn. It is not", "Caddell"},
		{"straight open, curly close", "\"It was chaos from the first minute,” said Lorraine Whitt.", "It was chaos from the first minute", "Lorraine Whitt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := annot.Bundle{Doc: annot.Document{ID: "d", Text: tt.text}}
			ix := annot.NewIndex(tt.text)
			sgs, err := Run(context.Background(), b, ix, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, sg := range WithLabel(sgs, annot.LabelQuote) {
				if ix.SpanText(sg.Spans[0]) != tt.quote {
					continue
				}
				for _, sp := range sg.Spans[1:] {
					if sp.Layer == annot.LayerEntity && ix.SpanText(sp) == tt.speaker {
						return
					}
				}
				t.Fatalf("quote %q: %s, want speaker %q", tt.quote, sg, tt.speaker)
			}
			t.Fatalf("no quote %q in %v", tt.quote, sgs)
		})
	}
}

func TestSourceType(t *testing.T) {
	for s, want := range map[string]string{
		"he": SourcePronoun, "They": SourcePronoun, "Gwen Moore": SourceNamed, "The Ledger": SourceNamed,
		"The World Health Organization": SourceNamed, "Anna de Vries": SourceNamed, "王毅": SourceNamed,
		"a senior official": SourceDescription, "Officials": SourceDescription, "Police": SourceDescription,
		"Obama’s former campaign strategist": SourceDescription, "Two Western diplomats": SourceDescription,
		"the Washington-based think tank": SourceDescription, "Traders": SourceDescription,
	} {
		if got := SourceType(s); got != want {
			t.Errorf("SourceType(%q) = %s, want %s", s, got, want)
		}
	}
}

// TestEvaluateAttribution checks the counts on a hand-made pair: a gold
// direct quote with a pronoun source, found and resolved; a gold indirect
// quote missed; a spurious suggestion.
func TestEvaluateAttribution(t *testing.T) {
	text := "Ana Ruiz spoke. “We are ready,” she said. Ruiz said the bridge would reopen in May. The sky is blue today."
	ix := annot.NewIndex(text)
	find := func(s string) (int, int) {
		i := strings.Index(text, s)
		st, _ := ix.FromByte(i)
		en, _ := ix.FromByte(i + len(s))
		return st, en
	}
	sp := func(id, s string, layer annot.Layer, kind string) annot.Span {
		a, b := find(s)
		x := annot.Span{ID: id, Start: a, End: b, Layer: layer, Label: "X"}
		if kind != "" {
			x.Attrs = map[string]string{annot.AttrKind: kind, AttrClass: "c1"}
		}
		return x
	}
	doc := annot.Document{ID: "d", Title: "t", Text: text}
	gold := annot.Bundle{Doc: doc,
		Spans: []annot.Span{sp("ana", "Ana Ruiz", annot.LayerEntity, ""), sp("she", "she", annot.LayerEntity, ""),
			sp("q1", "We are ready", annot.LayerQuote, "direct"), sp("q2", "the bridge would reopen in May", annot.LayerQuote, "indirect")},
		Relations: []annot.Relation{{ID: "r1", Label: annot.RelSpeaker, From: "q1", To: "she"}, {ID: "r2", Label: annot.RelSameAs, From: "she", To: "ana"},
			{ID: "r3", Label: annot.RelSpeaker, From: "q2", To: "ana"}}}
	pred := annot.Bundle{Doc: doc,
		Spans: []annot.Span{sp("p-she", "she", annot.LayerEntity, ""), sp("p-ana", "Ana Ruiz", annot.LayerEntity, ""),
			sp("p1", "We are ready", annot.LayerQuote, "direct"), sp("p2", "The sky is blue today", annot.LayerQuote, "indirect")},
		Relations: []annot.Relation{{ID: "s1", Label: annot.RelSpeaker, From: "p1", To: "p-she"}, {ID: "s2", Label: annot.RelSameAs, From: "p-she", To: "p-ana"}}}
	r := &AttribReport{}
	EvaluateAttribution(gold, pred, r)
	f := r.All.Figures()
	for name, got := range map[string]Figure{"direct found": f.DirectFound, "quote P": f.QuotePrecision, "speaker pronoun": f.SpeakerPronoun,
		"indirect found": f.IndirectFound, "indirect P": f.IndirectPrecision} {
		want := map[string][2]int{"direct found": {1, 1}, "quote P": {1, 1}, "speaker pronoun": {1, 1}, "indirect found": {0, 1}, "indirect P": {0, 1}}[name]
		if got.Right != want[0] || got.Total != want[1] {
			t.Errorf("%s = %d/%d, want %d/%d", name, got.Right, got.Total, want[0], want[1])
		}
	}
	if c := r.Classes["c1"]; c == nil || c.DirectGold != 1 || c.IndirectGold != 1 {
		t.Errorf("class c1: %+v", c)
	}
	// The pronoun alone, not resolved, is no right speaker.
	pred.Relations = pred.Relations[:1]
	r = &AttribReport{}
	EvaluateAttribution(gold, pred, r)
	if f := r.All.Figures().SpeakerPronoun; f.Right != 0 || f.Total != 1 {
		t.Errorf("unresolved pronoun counted right: %+v", f)
	}
}
