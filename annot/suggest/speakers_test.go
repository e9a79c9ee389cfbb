package suggest

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"spanbench/annot"
)

// attributions returns "source/LABEL [cue]" for each suggested quote, the
// source being the SPEAKER end, and "source/LABEL=name [cue]" when a
// SAME_AS links the source to the name it refers to.
func attributions(t *testing.T, b annot.Bundle, opt Options) []string {
	t.Helper()
	ix, sgs, spans := runOne(t, b, SourceQuotes, opt)
	var out []string
	for _, sg := range sgs {
		var speaker, same, cue, src string
		for _, r := range sg.Relations {
			sp := spans[r.To]
			switch r.Label {
			case annot.RelSpeaker:
				speaker = ix.Slice(sp.Start, sp.End) + "/" + sp.Label
				src = r.To
			case annot.RelCue:
				cue = ix.Slice(sp.Start, sp.End)
			}
		}
		for _, r := range sg.Relations {
			if r.Label == annot.RelSameAs && r.From == src {
				sp := spans[r.To]
				same = "=" + ix.Slice(sp.Start, sp.End)
			}
		}
		out = append(out, strings.TrimSpace(speaker+same+" ["+cue+"]"))
	}
	return out
}

func TestSpeakers(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"X said after", "“We will win,” Ana Ruiz said.", []string{"Ana Ruiz/PERSON [said]"}},
		{"said X after", "“We will win,” said Ana Ruiz, a farmer.", []string{"Ana Ruiz/PERSON [said]"}},
		{"X said before", "Ana Ruiz said: “We will win.”", []string{"Ana Ruiz/PERSON [said]"}},
		{"title left out", "“We will win,” Prime Minister Aiko Tanaka told reporters.", []string{"Aiko Tanaka/PERSON [told]"}},
		{"Dr. and the interruption", "“It is bad,” Dr. Helen Okafor said, “and it will get worse.”", []string{"Helen Okafor/PERSON [said]"}},
		{"appositive", "Vedant Patel, the deputy spokesperson for the U.S. Department of State, said: “We are ready.”",
			[]string{"Vedant Patel/PERSON [said]"}},
		{"name in the appositive", "The mayor, Sofia Andersson, wrote: “We won.”", []string{"Sofia Andersson/PERSON [wrote]"}},
		{"age and appositive", "Hassan Ali, 52, a bus driver, told reporters: “Nobody warned us.”", []string{"Hassan Ali/PERSON [told]"}},
		{"organisation", "“Two men were arrested,” the World Health Organization said.", []string{"World Health Organization/ORG [said]"}},
		{"according to after", "“The tunnel is late,” according to an internal memo from the rail authority.",
			[]string{"an internal memo from the rail authority/ORG [according to]"}},
		{"according to before", "According to Police Scotland, “two men were arrested.”", []string{"Police Scotland/ORG [According to]"}},
		{"he resolves to the last person", "Rafael Quintero spoke first. “This is responsible,” he said.", []string{"he/PERSON=Rafael Quintero [said]"}},
		{"she skips a man", "Mr. Tom Hale and Ines Marquez met. “No,” she said.", []string{"she/PERSON=Ines Marquez [said]"}},
		{"they resolves to an organisation", "The Transport Workers’ Union rejected it. “A two percent raise is nothing,” they said.",
			[]string{"they/ORG=Transport Workers’ Union [said]"}},
		{"the report by X", "A report by the Coastal Research Council found problems. “Homes will flood by 2040,” the report warns.",
			[]string{"the report/ORG=Coastal Research Council [warns]"}},
		{"part of the statement reads", "“We regret the distress we caused,” part of the statement reads.", []string{"the statement/ORG [reads]"}},
		{"the office resolves", "Unemployment fell, according to the National Statistics Office. “Tourism drove it,” the office said.",
			[]string{"the office/ORG=National Statistics Office [said]"}},
		{"described as", "Senator Dana Whitfield described the plan as “a gift to polluters” and left.", []string{"Dana Whitfield/PERSON [described]"}},
		{"continues the previous quote", "“Nobody asked us,” said Tomás Ferreira. “They came with maps.”",
			[]string{"Tomás Ferreira/PERSON [said]", "Tomás Ferreira/PERSON []"}},
		{"colon without cue", "Her deputy, Erik Holm, struck a cautious note: “We still need the money.”", []string{"Erik Holm/PERSON []"}},
		{"nested speaker inside the quote", "“The inspector looked at me and said, ‘This building should never have opened,’ and I believed him,” said Amal Haddad.",
			[]string{"Amal Haddad/PERSON [said]", "The inspector/PERSON [said]"}},
		{"a noun is no cue", "“We will rebuild the bridge this year,” the state report said.", []string{"the state report/ORG [said]"}},
		{"no cue, no one", "“Nothing here can be attributed to anyone at all.”", []string{"[]"}},
		// Issue 15's failure classes.
		{"titled name with an affiliation", "“We were misled,” panel Chairman Rep. Jason Chaffetz (R-Utah) said.",
			[]string{"Jason Chaffetz/PERSON [said]"}},
		{"affiliation before the cue", "“This is not over,” Rep. Gwen Moore (D-Wis.) said.", []string{"Gwen Moore/PERSON [said]"}},
		{"title words before the name", "“We will strike,” said union leader Anna de Vries.", []string{"Anna de Vries/PERSON [said]"}},
		{"a place modifies the description", "“The plan is a mistake,” the Washington-based think tank said.",
			[]string{"the Washington-based think tank/ORG [said]"}},
		{"a name without capitals", "外交部发言人 王毅 said the talks in 北京 were “constructive”.", []string{"王毅/PERSON [said]"}},
		{"an indefinite description refers to no one named", "Karl Hubner kept to himself. “He was kind,” a friend said.",
			[]string{"a friend/PERSON [said]"}},
		{"a description by age", "Maria Lopez lost her job in May. “I have nothing left,” the 34-year-old mother of three said.",
			[]string{"the 34-year-old mother of three/PERSON=Maria Lopez [said]"}},
		{"a possessive description", "David Axelrod spoke on Sunday. “There was no plan,” Obama’s former campaign strategist said.",
			[]string{"Obama’s former campaign strategist/PERSON=David Axelrod [said]"}},
		{"a surname refers to the full name", "Marta Lindqvist runs the roads. “We will reopen,” Lindqvist said.",
			[]string{"Lindqvist/PERSON=Marta Lindqvist [said]"}},
		{"she skips a man by his given name", "Senator Maria Hollis met Governor Tom Brandt. “Nobody listens,” she said.",
			[]string{"she/PERSON=Maria Hollis [said]"}},
		{"the subject before the object", "Judge Amy Jackson questioned the prosecutor, Lena Ortiz. “Your argument has no limit,” she said.",
			[]string{"she/PERSON=Amy Jackson [said]"}},
		{"it is the company, not its chief", "Meridian Health will close two clinics. Chief executive Sarah Quinn called it painful. In a filing, it said the clinics had “lost money for years”.",
			[]string{"it/ORG=Meridian Health [said]"}},
		{"they are the officials", "Regulators fined Apex Bank on Thursday. They said the bank had “failed to report” transfers.",
			[]string{"They/ORG=Regulators [said]"}},
		{"a cue word after said is its object", "Norvik Energy cut its forecast. It said demand for gas had “weakened sharply” in Europe.",
			[]string{"It/ORG=Norvik Energy [said]"}},
		{"a state after a titled name", "“It helps,” said Rep. Tom Cole of Oklahoma. “A deal is possible,” Cole said.",
			[]string{"Tom Cole/PERSON [said]", "Cole/PERSON=Tom Cole [said]"}},
		{"he refers through his and a surname", "Donald Trump met Paul Ryan. On Thursday, Trump eased his tone. Asked who leads, he named Paul Ryan. “I would say Paul,” he said.",
			[]string{"he/PERSON=Donald Trump [said]"}},
		{"said first in its sentence", "The home was renovated. Said Dorothy Poynter, who grew up nearby, “We were all so proud of him.”",
			[]string{"Dorothy Poynter/PERSON [Said]"}},
		{"a surname after a name with a suffix", "Pastor Charles Elliott III spoke first. “There is no greater man,” Elliott said.",
			[]string{"Elliott/PERSON=Charles Elliott III [said]"}},
		{"who issued the statement", "Trump and Ryan issued a statement describing the meeting as a “very positive step” toward unity.",
			[]string{"Ryan/PERSON [describing]"}},
		{"the appositive name of a spokesman", "A spokesman for the Pentagon, John Kirby, said the drills were “purely defensive”.",
			[]string{"John Kirby/PERSON [said]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := attributions(t, annot.Bundle{Doc: annot.Document{Text: tt.text}}, Options{})
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestSpeakerUsesExistingSpans: a speaker the document already labels is
// linked, not created again (a pronoun naming it gets a span of its own and a
// SAME_AS to it); a quote the document has gets only its links.
func TestSpeakerUsesExistingSpans(t *testing.T) {
	text := "“We will win,” Ana Ruiz said. “We are ready,” she added."
	b := annot.Bundle{Doc: annot.Document{ID: "d", Text: text}, Spans: []annot.Span{
		{ID: "ana", Start: 15, End: 23, Layer: annot.LayerEntity, Label: "PERSON"},
		{ID: "q2", Start: 31, End: 43, Layer: annot.LayerQuote, Label: "QUOTE"},
	}}
	ix := annot.NewIndex(text)
	sgs, err := Run(context.Background(), b, ix, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sgs) != 2 {
		t.Fatalf("%d suggestions: %v", len(sgs), sgs)
	}
	for i, sg := range sgs {
		she := ""
		for _, sp := range sg.Spans {
			if sp.Layer == annot.LayerEntity && ix.Slice(sp.Start, sp.End) == "she" {
				she = sp.ID
				continue
			}
			if sp.Layer == annot.LayerEntity || sp.ID == "q2" || sp.Start == 31 && sp.Layer == annot.LayerQuote {
				t.Errorf("%s: creates %s %q again", sg, sp.Label, ix.Slice(sp.Start, sp.End))
			}
		}
		for _, r := range sg.Relations {
			switch {
			case r.Label == annot.RelSpeaker && i == 0 && r.To != "ana":
				t.Errorf("%s: SPEAKER to %s, want the existing span", sg, r.To)
			case r.Label == annot.RelSpeaker && i == 1 && (she == "" || r.To != she):
				t.Errorf("%s: SPEAKER to %s, want the span of “she”", sg, r.To)
			case r.Label == annot.RelSameAs && (r.From != she || r.To != "ana"):
				t.Errorf("%s: SAME_AS %s > %s, want “she” > the existing span", sg, r.From, r.To)
			}
		}
	}
	second := sgs[1]
	if second.Layer != annot.LayerRelation || second.Label != annot.RelSpeaker || second.Relations[0].From != "q2" {
		t.Errorf("speaker for the existing quote: %+v", second)
	}
	// Once linked, the existing quote gets nothing more.
	b.Relations = append(b.Relations, annot.Relation{ID: "r", Label: annot.RelSpeaker, From: "q2", To: "ana"})
	if sgs, _ := Run(context.Background(), b, ix, Options{}); len(sgs) != 1 {
		t.Errorf("after linking: %v", sgs)
	}
}

func TestKeysAreStableAndIDsShared(t *testing.T) {
	text := "“We will win,” Ana Ruiz said. “We are ready,” she added."
	b := annot.Bundle{Doc: annot.Document{ID: "d", Text: text}}
	a1, _ := Run(context.Background(), b, nil, Options{})
	a2, _ := Run(context.Background(), b, nil, Options{})
	if !reflect.DeepEqual(a1, a2) {
		t.Errorf("two runs differ")
	}
	if a1[0].Key != "quote/QUOTE/1-12" {
		t.Errorf("key = %q", a1[0].Key)
	}
	// The first quote's speaker and the name "she" refers to are the one
	// new "Ana Ruiz" span.
	same := ""
	for _, r := range a1[1].Relations {
		if r.Label == annot.RelSameAs {
			same = r.To
		}
	}
	if a1[0].Relations[0].To != same {
		t.Errorf("speaker spans differ: %v / %v", a1[0].Relations, a1[1].Relations)
	}
	// Rejected keys are not proposed.
	a3, _ := Run(context.Background(), b, nil, Options{Rejected: map[string]bool{a1[0].Key: true}})
	if len(a3) != 1 || a3[0].Key != a1[1].Key {
		t.Errorf("with a rejection: %v", a3)
	}
}

func TestLexicon(t *testing.T) {
	tests := []struct {
		verb string
		want []string
	}{
		{"say", []string{"say", "says", "said", "saying"}},
		{"add", []string{"add", "adds", "added", "adding"}},
		{"deny", []string{"deny", "denies", "denied", "denying"}},
		{"stress", []string{"stress", "stresses", "stressed", "stressing"}},
		{"admit", []string{"admit", "admits", "admitted", "admitting"}},
		{"describe", []string{"describe", "describes", "described", "describing"}},
		{"warn", []string{"warn", "warns", "warned", "warning"}},
	}
	for _, tt := range tests {
		if got := inflect(tt.verb); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("inflect(%s) = %v, want %v", tt.verb, got, tt.want)
		}
	}
	lx := NewLexicon([]string{"Point  Out", "opine"})
	if !lx.Has("pointed") || !lx.Has("opined") || lx.Has("said") {
		t.Errorf("custom lexicon: %v", lx.Entries())
	}
	// A project lexicon changes what counts as a cue.
	text := "“It is fine and it will stay fine,” Ana Ruiz opined."
	if got := attributions(t, annot.Bundle{Doc: annot.Document{Text: text}}, Options{}); got[0] != "[]" {
		t.Errorf("default lexicon: %v", got)
	}
	if got := attributions(t, annot.Bundle{Doc: annot.Document{Text: text}}, Options{Lexicon: lx}); got[0] != "Ana Ruiz/PERSON [opined]" {
		t.Errorf("with opine: %v", got)
	}
}

// TestNameFinder: names from Options.Names (a learned model, the project's
// entities) are antecedents like capitalised ones: without it, "he" after a
// name in Han characters stays unresolved; with it, it refers to 王毅.
func TestNameFinder(t *testing.T) {
	text := "王毅 met the envoy on Monday. “We agree on the principles,” he said."
	doc := annot.Bundle{Doc: annot.Document{Text: text}}
	if got := attributions(t, doc, Options{}); !reflect.DeepEqual(got, []string{"he/PERSON [said]"}) {
		t.Errorf("without names: %q", got)
	}
	names := func(ix *annot.Index) []Name {
		return []Name{{Start: 0, End: 2, Label: "PERSON"}, {Start: -1, End: 5, Label: "PERSON"}} // the second is out of range
	}
	if got := attributions(t, doc, Options{Names: names}); !reflect.DeepEqual(got, []string{"he/PERSON=王毅 [said]"}) {
		t.Errorf("with names: %q", got)
	}
	// A gazetteer name does the same.
	gaz := []GazetteerEntry{{Text: "王毅", Label: "PERSON"}}
	if got := attributions(t, doc, Options{Gazetteer: gaz}); !reflect.DeepEqual(got, []string{"he/PERSON=王毅 [said]"}) {
		t.Errorf("with a gazetteer: %q", got)
	}
}

// TestPronounChainInsideAnUnclosedQuote: scraped text loses a closing mark,
// so the rest of the paragraph lies inside one unclosed quote; a "he" there
// still refers back through the his and the surname around it (the Reuters
// Radcliffe story's layout, issue 15's "layouts of real pages").
func TestPronounChainInsideAnUnclosedQuote(t *testing.T) {
	text := `Daniel Radcliffe turns 18 on Monday. "I won't be extravagant. "Books and CDs." At 18, Radcliffe can gamble in a casino. ` +
		`Details of how he'll mark his birthday are under wraps. His agent had no comment. "I'll have a party," he said.`
	got := attributions(t, annot.Bundle{Doc: annot.Document{Text: text}}, Options{})
	if len(got) == 0 || got[len(got)-1] != "he/PERSON=Daniel Radcliffe [said]" {
		t.Errorf("got %q, want the last quote's source he/PERSON=Daniel Radcliffe [said]", got)
	}
}
