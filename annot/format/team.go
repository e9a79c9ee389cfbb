package format

import (
	"fmt"
	"io"
	"strings"
)

// TeamCard is what a dataset card says about a project coded by several
// coders: who coded how much, how much was adjudicated, and how well the
// coders agree.
type TeamCard struct {
	Coders []CoderWork
	// Adjudicated counts the documents with an adjudicated version (spans
	// by the annotator "gold"); Settled those of them marked adjudicated
	// (no disagreement left: spanbench adjudicate --mark, M in the window).
	Adjudicated, Settled int
	// Pairs is the span agreement of every pair of coders, over the
	// documents both coded.
	Pairs []PairAgreement
}

// CoderWork is one coder's share of a project.
type CoderWork struct {
	Name     string
	Assigned int // documents assigned to the coder
	Coded    int // documents holding spans by the coder
	Spans    int
}

// PairAgreement is the span agreement of two coders over Documents
// documents both coded (assigned to both, or holding spans by both): spans
// matched exactly (same start, end, layer and label) or by overlap (same
// layer and label, at least one character shared, one to one), with
// F1 = 2·matched / (spans of A + spans of B).
type PairAgreement struct {
	A, B                  string
	Documents             int
	Matched, OnlyA, OnlyB int // exact match
	F1Exact, F1Overlap    float64
}

// writeTeam writes the card's section on coders and agreement.
func writeTeam(w io.Writer, t *TeamCard) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	names := make([]string, len(t.Coders))
	for i, c := range t.Coders {
		names[i] = c.Name
	}
	p("\n## Coders and agreement\n\n")
	p("Coded by %d coders (%s); %d documents with an adjudicated version (by `gold`), %d of them marked adjudicated (no disagreement left).\n\n",
		len(t.Coders), mdCell(strings.Join(names, ", ")), t.Adjudicated, t.Settled)
	p("| Coder | Documents assigned | Documents coded | Spans |\n|---|---:|---:|---:|\n")
	for _, c := range t.Coders {
		p("| %s | %d | %d | %d |\n", mdCell(c.Name), c.Assigned, c.Coded, c.Spans)
	}
	if len(t.Pairs) == 0 {
		p("\nNo two coders coded the same document: no agreement to report.\n")
		return
	}
	p("\nSpan agreement over the documents both coders coded, all layers, in the whole project (not only this export's selection). " +
		"Exact: same start, end, layer and label; overlap: same layer and label sharing at least one character, paired one to one. " +
		"F1 = 2·matched / (spans of A + spans of B).\n\n")
	p("| Coder A | Coder B | Documents | Matched (exact) | Only A | Only B | F1 exact | F1 overlap |\n|---|---|---:|---:|---:|---:|---:|---:|\n")
	for _, pr := range t.Pairs {
		p("| %s | %s | %d | %d | %d | %d | %.3f | %.3f |\n", mdCell(pr.A), mdCell(pr.B), pr.Documents, pr.Matched, pr.OnlyA, pr.OnlyB, pr.F1Exact, pr.F1Overlap)
	}
}
