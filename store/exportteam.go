package store

import (
	"context"
	"sort"

	"spanbench/annot/agree"
	"spanbench/annot/format"
)

// Gold is the annotator of a document's adjudicated version.
const Gold = "gold"

// TeamCard returns what a dataset card says about the project's coders
// (format.TeamCard): nil unless at least two coders (gold aside) have
// spans or assignments. Agreement is span F1 (annot/agree's ExactMatch and
// OverlapMatch, labels compared with their layer) pooled over the
// documents each pair coded. It reads spans' places and labels only, not
// texts.
func (s *Store) TeamCard(ctx context.Context) (*format.TeamCard, error) {
	assigned, err := s.Assignments(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT doc_id, annotator, start, "end", layer, label FROM spans WHERE annotator <> '' ORDER BY doc_id`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	// spans[doc][coder]
	spans := map[string]map[string][]agree.Span{}
	for rows.Next() {
		var doc, who, layer, label string
		var sp agree.Span
		if err := rows.Scan(&doc, &who, &sp.Start, &sp.End, &layer, &label); err != nil {
			return nil, translate(err)
		}
		sp.Label = layer + "/" + label
		if spans[doc] == nil {
			spans[doc] = map[string][]agree.Span{}
		}
		spans[doc][who] = append(spans[doc][who], sp)
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}
	work := map[string]*format.CoderWork{}
	coder := func(name string) *format.CoderWork {
		if work[name] == nil {
			work[name] = &format.CoderWork{Name: name}
		}
		return work[name]
	}
	t := &format.TeamCard{}
	// coded[doc] is the set of coders of a document: assigned or with spans.
	coded := map[string]map[string]bool{}
	mark := func(doc, who string) {
		if coded[doc] == nil {
			coded[doc] = map[string]bool{}
		}
		coded[doc][who] = true
	}
	for doc, cs := range assigned {
		for _, c := range cs {
			if c != Gold {
				coder(c).Assigned++
				mark(doc, c)
			}
		}
	}
	for doc, by := range spans {
		for who, ss := range by {
			if who == Gold {
				t.Adjudicated++
				continue
			}
			c := coder(who)
			c.Coded++
			c.Spans += len(ss)
			mark(doc, who)
		}
	}
	if len(work) < 2 {
		return nil, nil
	}
	for _, c := range work {
		t.Coders = append(t.Coders, *c)
	}
	sort.Slice(t.Coders, func(i, j int) bool { return t.Coders[i].Name < t.Coders[j].Name })
	docs := make([]string, 0, len(coded))
	for d := range coded {
		docs = append(docs, d)
	}
	sort.Strings(docs)
	for i, a := range t.Coders {
		for _, b := range t.Coders[i+1:] {
			pr := format.PairAgreement{A: a.Name, B: b.Name}
			var overlap, na, nb int
			for _, d := range docs {
				if !coded[d][a.Name] || !coded[d][b.Name] {
					continue
				}
				pr.Documents++
				sa, sb := spans[d][a.Name], spans[d][b.Name]
				ex := agree.ExactMatch(sa, sb)
				pr.Matched += ex.Matched
				pr.OnlyA += ex.OnlyA
				pr.OnlyB += ex.OnlyB
				overlap += agree.OverlapMatch(sa, sb).Matched
				na, nb = na+len(sa), nb+len(sb)
			}
			if pr.Documents == 0 {
				continue
			}
			pr.F1Exact, pr.F1Overlap = 1, 1
			if na+nb > 0 {
				pr.F1Exact = 2 * float64(pr.Matched) / float64(na+nb)
				pr.F1Overlap = 2 * float64(overlap) / float64(na+nb)
			}
			t.Pairs = append(t.Pairs, pr)
		}
	}
	return t, nil
}
