// Package synth writes synthetic, news-like documents with valid
// annotations, so that anyone can reproduce Spanbench's benchmarks and
// stress tests without a real corpus. Documents have a headline, a
// dateline and paragraphs of reported speech with curly quotes, names with
// accents and non-Latin scripts, now and then an emoji; their spans cover
// every layer (quotes, some discontinuous, with their SPEAKER and CUE
// relations; claims with CLAIMANT; entities; cues). The same seed always
// gives the same documents, ids included.
package synth

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"strings"
	"time"
	"unicode/utf8"

	"spanbench/annot"
)

// Options shape the generated documents.
type Options struct {
	Seed uint64
	// SpansPerDoc is the number of spans in each document (relations come
	// on top). 0 gives plain articles without annotations.
	SpansPerDoc int
	// TextBytes is the approximate size of each text in UTF-8 bytes; 0
	// means 5,000 (10,000 articles are then about 50 MB). A document grows
	// past it when SpansPerDoc needs more sentences to carry its spans.
	TextBytes int
}

func (o Options) textBytes() int {
	if o.TextBytes <= 0 {
		return 5000
	}
	return o.TextBytes
}

// Bundles streams n documents. Document i is the same whatever n is.
func Bundles(n int, o Options) iter.Seq2[annot.Bundle, error] {
	return func(yield func(annot.Bundle, error) bool) {
		for i := 0; i < n; i++ {
			if !yield(Doc(i, o), nil) {
				return
			}
		}
	}
}

// Doc returns document i of the set o describes.
func Doc(i int, o Options) annot.Bundle {
	g := &gen{
		r:    rand.New(rand.NewPCG(o.Seed, uint64(i)*0x9E3779B97F4A7C15+1)),
		ns:   fmt.Sprintf("synth/%d/%d", o.Seed, i),
		want: o.SpansPerDoc,
	}
	return g.doc(i, o.textBytes())
}

type gen struct {
	r    *rand.Rand
	ns   string
	want int

	b     strings.Builder
	cp    int // code points written so far
	spans []annot.Span
	rels  []annot.Relation
}

func (g *gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

// write appends s to the text and returns its code point range.
func (g *gen) write(s string) (int, int) {
	start := g.cp
	g.b.WriteString(s)
	g.cp += utf8.RuneCountInString(s)
	return start, g.cp
}

func (g *gen) id(kind string, n int) string {
	return annot.DerivedID(g.ns, fmt.Sprintf("%s%d", kind, n))
}

// span records a span over [start, end) and returns its id.
func (g *gen) span(layer annot.Layer, label string, start, end int, attrs map[string]string) string {
	id := g.id("s", len(g.spans))
	g.spans = append(g.spans, annot.Span{ID: id, Start: start, End: end, Layer: layer, Label: label, Attrs: attrs,
		Annotator: g.pick(annotators)})
	return id
}

func (g *gen) rel(label, from, to string) {
	g.rels = append(g.rels, annot.Relation{ID: g.id("r", len(g.rels)), Label: label, From: from, To: to})
}

// entity writes an entity's name and tags it.
func (g *gen) entity(label, name string) string {
	s, e := g.write(name)
	if g.want == 0 {
		return ""
	}
	return g.span(annot.LayerEntity, label, s, e, nil)
}

func (g *gen) person() (string, string) {
	name := g.pick(firstNames) + " " + g.pick(lastNames)
	return name, g.entity(annot.LabelPerson, name)
}

func (g *gen) doc(i, size int) annot.Bundle {
	topic := g.pick(topics)
	place := g.pick(places)
	title := fmt.Sprintf("%s: %s %s", place, g.pick(headlineSubjects), strings.Replace(g.pick(headlineVerbs), "%s", topic, 1))
	g.write(title + "\n\n")
	date := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.r.IntN(2000))
	g.write(fmt.Sprintf("%s, %s (Spanbench Wire %d) — ", strings.ToUpper(place), date.Format("January 2"), i))
	for g.b.Len() < size+4 || len(g.spans) < g.want {
		n := 2 + g.r.IntN(3)
		for k := 0; k < n; k++ {
			g.sentence(topic)
			g.write(" ")
		}
		g.write("\n\n")
	}
	text := strings.TrimRight(g.b.String(), " \n") + "\n"
	spans, rels := g.spans, g.rels
	if len(spans) > g.want {
		spans = spans[:g.want]
		kept := map[string]bool{}
		for _, s := range spans {
			kept[s.ID] = true
		}
		var keptRels []annot.Relation
		for _, r := range rels {
			if kept[r.From] && kept[r.To] {
				keptRels = append(keptRels, r)
			}
		}
		rels = keptRels
	}
	status := annot.Statuses[g.r.IntN(3)]
	return annot.Bundle{
		Doc: annot.Document{
			ID:     annot.DerivedID(g.ns, "doc"),
			Title:  title,
			Text:   text,
			Status: status,
			Meta:   map[string]string{"source": "synth", "date": date.Format("2006-01-02"), "url": fmt.Sprintf("https://wire.example/%d/%d", date.Year(), i)},
		},
		Spans:     spans,
		Relations: rels,
	}
}

// sentence writes one sentence of a kind picked at random.
func (g *gen) sentence(topic string) {
	switch k := g.r.IntN(10); {
	case k < 3:
		g.directQuote(topic)
	case k < 4:
		g.splitQuote(topic)
	case k < 5:
		g.indirectQuote(topic)
	case k < 7:
		g.claim(topic)
	default:
		g.narrative(topic)
	}
}

// directQuote: “…,” said NAME, ROLE at ORG. Quote spans leave out the
// closing comma and full stop, as the edges lint wants.
func (g *gen) directQuote(topic string) {
	g.write("“")
	qs, qe := g.write(g.quoteText(topic))
	g.write(",” ")
	cs, ce := g.write(g.pick(cues))
	g.write(" ")
	_, pid := g.person()
	g.write(", " + g.pick(roles) + " at ")
	g.entity(annot.LabelOrg, g.pick(orgs))
	g.write(".")
	g.quoteSpans([]annot.Fragment{{Start: qs, End: qe}}, "direct", cs, ce, pid)
}

// splitQuote: “…,” NAME said, “….” — one quote in two fragments.
func (g *gen) splitQuote(topic string) {
	g.write("“")
	as, ae := g.write(g.quoteText(topic))
	g.write(",” ")
	_, pid := g.person()
	g.write(" ")
	cs, ce := g.write(g.pick(cues))
	g.write(", “")
	bs, be := g.write(g.pick(quoteTails))
	g.write(".”")
	g.quoteSpans([]annot.Fragment{{Start: as, End: ae}, {Start: bs, End: be}}, "direct", cs, ce, pid)
}

// indirectQuote: NAME said that ….
func (g *gen) indirectQuote(topic string) {
	_, pid := g.person()
	g.write(" ")
	cs, ce := g.write(g.pick(cues))
	g.write(" that ")
	qs, qe := g.write(g.pick(claimSubjects) + " " + strings.Replace(g.pick(claimPredicates), "%s", topic, 1))
	g.write(".")
	g.quoteSpans([]annot.Fragment{{Start: qs, End: qe}}, "indirect", cs, ce, pid)
}

func (g *gen) quoteSpans(frags []annot.Fragment, kind string, cs, ce int, speaker string) {
	if g.want == 0 {
		return
	}
	start, end := frags[0].Start, frags[len(frags)-1].End
	q := g.span(annot.LayerQuote, annot.LabelQuote, start, end, map[string]string{annot.AttrKind: kind})
	if len(frags) > 1 {
		g.spans[len(g.spans)-1].Fragments = frags
	}
	cue := g.span(annot.LayerCue, annot.LabelCue, cs, ce, nil)
	g.rel(annot.RelSpeaker, q, speaker)
	g.rel(annot.RelCue, q, cue)
}

// claim: ORG claims that ….
func (g *gen) claim(topic string) {
	var who string
	if g.r.IntN(2) == 0 {
		who = g.entity(annot.LabelOrg, g.pick(orgs))
	} else {
		_, who = g.person()
	}
	g.write(" " + g.pick(claimVerbs) + " that ")
	s, e := g.write(g.pick(claimSubjects) + " " + strings.Replace(g.pick(claimPredicates), "%s", topic, 1))
	g.write(".")
	if g.want == 0 {
		return
	}
	c := g.span(annot.LayerClaim, annot.LabelClaim, s, e, map[string]string{annot.AttrCheckworthy: g.pick(checkworthy)})
	g.rel(annot.RelClaimant, c, who)
}

// narrative: plain reporting with places, organisations and events.
func (g *gen) narrative(topic string) {
	switch g.r.IntN(3) {
	case 0:
		g.write("Officials in ")
		g.entity(annot.LabelGPE, g.pick(places))
		g.write(" met on " + g.pick(days) + " with delegates from ")
		g.entity(annot.LabelOrg, g.pick(orgs))
		g.write(" to discuss " + topic + ".")
	case 1:
		g.write("The talks, held near ")
		g.entity(annot.LabelLoc, g.pick(locations))
		g.write(", followed ")
		g.entity("EVENT", g.pick(events))
		g.write(", " + g.pick(asides) + ".")
	default:
		g.write(g.pick(fillers))
		g.write(" Several ")
		g.entity("NORP", g.pick(groups))
		g.write(" observers said " + topic + " would be reviewed again in " + g.pick(months) + ".")
	}
}

func (g *gen) quoteText(topic string) string {
	s := g.pick(quoteOpeners) + " " + strings.Replace(g.pick(quoteMiddles), "%s", topic, 1)
	if g.r.IntN(25) == 0 {
		s += " " + g.pick(emoji)
	}
	return s
}

var (
	annotators = []string{"ana", "bob", "chidi", "dana"}
	firstNames = []string{"Vedant", "Maria", "José", "Zoë", "Łukasz", "Aiko", "Chidi", "Fatima", "Søren", "Nguyễn Thị", "Ahmed", "Olga",
		"Priya", "Liam", "Amélie", "Kwame", "Yusuf", "Ingrid", "Mateo", "Hana"}
	lastNames = []string{"Patel", "García", "Müller", "Ångström", "Kowalski", "Tanaka", "Okafor", "Haddad", "Kierkegaard", "Lan", "Hassan",
		"Ivanova", "Raman", "O’Brien", "Dubois", "Mensah", "Demir", "Johansson", "Fernández", "Nováková"}
	roles = []string{"a spokesperson", "the deputy minister", "a senior analyst", "the director", "an adviser", "the chief economist",
		"a researcher", "the press secretary"}
	orgs = []string{"the State Department", "the United Nations", "the World Health Organization", "Reuters", "the European Commission",
		"the Ministry of Finance", "Médecins Sans Frontières", "the Central Bank", "the Red Crescent", "the city council", "NATO",
		"the African Union"}
	places = []string{"Washington", "Kabul", "Brussels", "Geneva", "Lagos", "Tokyo", "São Paulo", "Kyiv", "Cairo", "Jakarta", "Zürich",
		"Montréal", "Reykjavík", "Ankara", "Nairobi", "Seoul", "東京", "القاهرة"}
	locations = []string{"the Danube", "the Khyber Pass", "Lake Victoria", "the Andes", "the Gulf of Aden", "the Mekong delta", "the Alps"}
	events    = []string{"the G20 summit", "last year’s floods", "the 2022 elections", "the Olympic Games", "the climate conference",
		"the trade fair"}
	groups           = []string{"European", "Afghan", "Brazilian", "Nigerian", "Japanese", "Muslim", "Catholic", "Kurdish"}
	days             = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
	months           = []string{"March", "June", "September", "December"}
	topics           = []string{"the aid package", "the ceasefire", "the budget", "the vaccine rollout", "the new tariffs", "the water treaty", "the election law", "the refugee plan"}
	headlineSubjects = []string{"Allies", "Officials", "Ministers", "Lawmakers", "Negotiators", "Regulators"}
	headlineVerbs    = []string{"Work to Save %s", "Clash Over %s", "Agree on %s", "Delay %s", "Review %s", "Reject Criticism of %s"}
	cues             = []string{"said", "told reporters", "added", "warned", "insisted", "explained", "noted", "stressed"}
	quoteOpeners     = []string{"We are", "Nobody is", "Our partners are", "The government is", "I am", "They are", "Everyone here is"}
	quoteMiddles     = []string{"committed to %s", "deeply worried about %s", "not going to abandon %s", "working day and night on %s",
		"confident that %s will hold", "ready to discuss %s with anyone", "tired of delays to %s"}
	quoteTails = []string{"and we will not stop now", "but the details still matter", "and that is what counts", "even if it takes months",
		"whatever the critics say", "and the numbers prove it"}
	claimVerbs      = []string{"claims", "says", "argued", "maintains", "asserted", "reported"}
	claimSubjects   = []string{"unemployment", "inflation", "the deficit", "crime", "the death toll", "turnout", "spending"}
	claimPredicates = []string{"fell by 12 percent after %s", "doubled since %s began", "is the lowest in 40 years because of %s",
		"would rise without %s", "reached €4.2 billion under %s", "has not changed since %s"}
	checkworthy = []string{"yes", "no", "unsure"}
	asides      = []string{"which drew thousands of visitors", "a diplomat said privately", "according to local media",
		"though details were scarce", "officials confirmed"}
	fillers = []string{"The meeting lasted three hours.", "No agreement was reached on the final text.", "Markets barely moved.",
		"Protesters gathered outside the building.", "A joint statement is expected later this week.", "Talks will resume on Monday."}
	emoji = []string{"👍", "🙏🏽", "🇺🇳", "👩‍👩‍👧"}
)
