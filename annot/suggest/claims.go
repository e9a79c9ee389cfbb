package suggest

import (
	"strings"

	"spanbench/annot"
)

// claims suggests reported assertions outside quotes: "X says that …",
// "a report reveals that …", "According to X, …" and "…, according to
// X." The CLAIM span is the reported clause, its CLAIMANT the subject, at a
// lower confidence than quotes since reported speech is looser.
func (r *run) claims(at *attributor) ([]Suggestion, error) {
	t := r.t
	var out []Suggestion
	for pi, p := range at.paras {
		if pi%64 == 0 {
			if err := r.check(); err != nil {
				return nil, err
			}
		}
		for s := p.Start; s < p.End; {
			e := t.sentenceEnd(s, p.End)
			if e <= s {
				break
			}
			if sg, ok := r.claimIn(at, s, e); ok {
				out = append(out, sg)
			}
			s = e
			for s < p.End && annot.IsSpace(t.r[s]) {
				s++
			}
		}
	}
	return out, nil
}

// claimIn looks for one reported claim in the sentence [s, e).
func (r *run) claimIn(at *attributor, s, e int) (Suggestion, bool) {
	t := r.t
	a, b := t.tokRange(s, e)
	if b-a < 5 || at.topQuoteAt(s) >= 0 && at.topQuoteAt(e-1) == at.topQuoteAt(s) {
		return Suggestion{}, false
	}
	type found struct {
		cs, ce       int // claim tokens [cs, ce)
		cue0, cueLen int
		subj         mention
	}
	var f *found
	if t.lower(a) == "according" && a+1 < b && t.lower(a+1) == "to" {
		// According to X, CLAIM.
		if na, nb, ok := at.forwardNP(a+2, b); ok && nb < b && t.word(nb) == "," {
			if m, ok := at.mentionIn(na, nb); ok {
				f = &found{cs: nb + 1, ce: b, cue0: a, cueLen: 2, subj: m}
			}
		}
	}
	for k := a; f == nil && k < b; k++ {
		if at.topQuoteAt(t.toks[k].Start) >= 0 {
			continue
		}
		n := at.cueAt(k, a)
		if n == 0 {
			continue
		}
		if t.lower(k) == "according" {
			// CLAIM, according to X.
			if k-1 > a && t.word(k-1) == "," {
				if na, nb, ok := at.forwardNP(k+n, b); ok {
					if m, ok := at.mentionIn(na, nb); ok {
						f = &found{cs: a, ce: k - 1, cue0: k, cueLen: n, subj: m}
					}
				}
			}
			continue
		}
		// X says (in the report) that CLAIM.
		that := -1
		for j := k + n; j < b && j < k+n+6; j++ {
			w := t.lower(j)
			if w == "that" {
				that = j
				break
			}
			if w == "," || w == ";" || w == ":" || at.cueAt(j, a) > 0 {
				break
			}
		}
		if that < 0 || that+3 >= b {
			continue
		}
		sa, sb, ok := at.subjectBefore(k, a)
		if !ok {
			continue
		}
		m, ok := at.mentionIn(sa, sb)
		if !ok {
			continue
		}
		f = &found{cs: that + 1, ce: b, cue0: k, cueLen: n, subj: m}
	}
	if f == nil || f.ce-f.cs < 3 {
		return Suggestion{}, false
	}
	cs, ce := trimEdges(t, t.toks[f.cs].Start, t.toks[f.ce-1].End)
	if ce-cs < 10 {
		return Suggestion{}, false
	}
	at2 := attribution{speaker: &f.subj, conf: 0.5}
	cue := strings.ToLower(t.ix.Slice(t.toks[f.cue0].Start, t.toks[f.cue0+f.cueLen-1].End))
	at2.how = "cue '" + cue + "'"
	at.resolveIn(-1, &at2)
	g := r.newGroup(SourceClaims, at2.conf, "reported: "+at2.how)
	cid, ckey := g.span(annot.LayerClaim, annot.LabelClaim, []annot.Fragment{{Start: cs, End: ce}}, nil)
	if r.spoken[cid] {
		return Suggestion{}, false
	}
	g.speakerLinks(annot.RelClaimant, cid, ckey, at2)
	return g.done(ckey, cs, ce)
}
