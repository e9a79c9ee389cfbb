package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"sort"
	"sync"

	"spanbench/annot"
	"spanbench/annot/adjudicate"
	"spanbench/annot/agree"
	"spanbench/annot/format"
)

// Gold is the annotator of a document's adjudicated version.
const Gold = adjudicate.Gold

// settledDocs adds to set the documents marked adjudicated.
func (s *Store) settledDocs(ctx context.Context, set map[string]bool) error {
	rows, err := s.rdb.QueryContext(ctx, `SELECT id FROM documents WHERE json_extract(meta, '$.'||?) = 'yes'`, MetaAdjudicated)
	if err != nil {
		return translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return translate(err)
		}
		set[id] = true
	}
	return translate(rows.Err())
}

// TeamCard returns what a dataset card says about the project's coders
// (format.TeamCard): nil unless at least two coders (gold aside) have
// spans or assignments. Agreement is span F1 (annot/agree's ExactMatch and
// OverlapMatch, labels compared with their layer) pooled over the
// documents each pair coded: assigned to both, or holding spans by both.
func (s *Store) TeamCard(ctx context.Context) (*format.TeamCard, error) {
	c, err := s.newTeamCounter(ctx)
	if err != nil || c == nil {
		return nil, err
	}
	if err := s.countTeam(ctx, c); err != nil {
		return nil, err
	}
	return c.finish(), nil
}

// prepareTeam sets up opt's team card for an export of what f selects
// (format.ExportOptions.Team). An export of the whole project counts the
// figures from the documents it writes (ExportOptions.Observe): nothing
// more is read. Another export counts them from the project's spans in
// the background, while it runs.
func (s *Store) prepareTeam(ctx context.Context, f ExportFilter, opt *format.ExportOptions) error {
	c, err := s.newTeamCounter(ctx)
	if err != nil || c == nil {
		return err
	}
	opt.Team = c.t
	if f.Status == nil && len(f.DocIDs) == 0 && !f.filtersSpans() {
		opt.Observe = c.bundle
		opt.TeamWait = func() error { c.finish(); return nil }
		return nil
	}
	done := make(chan error, 1)
	go func() { done <- s.countTeam(ctx, c) }()
	opt.TeamWait = sync.OnceValue(func() error {
		if err := <-done; err != nil {
			return err
		}
		c.finish()
		return nil
	})
	return nil
}

// teamCounter counts a team card's figures one document at a time.
type teamCounter struct {
	t        *format.TeamCard
	index    map[string]int // coder -> place in t.Coders
	assigned map[string][]string
	seen     map[string]bool
	pairs    [][]teamTally
	byCoder  [][]agree.Span
	coded    []bool
	gold     bool
	settled  map[string]bool // documents marked adjudicated (MetaAdjudicated)
}

type teamTally struct{ docs, matched, onlyA, onlyB, overlap, na, nb int }

// newTeamCounter finds the project's coders (assigned, or annotators of
// spans; gold aside) and returns a counter with them, or nil when there
// are fewer than two.
func (s *Store) newTeamCounter(ctx context.Context) (*teamCounter, error) {
	assigned, err := s.Assignments(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for _, cs := range assigned {
		for _, c := range cs {
			names[c] = true
		}
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT DISTINCT annotator FROM spans WHERE annotator NOT IN ('', ?)`, Gold)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, translate(err)
		}
		names[n] = true
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}
	delete(names, Gold)
	if len(names) < 2 {
		return nil, nil
	}
	c := &teamCounter{t: &format.TeamCard{}, index: map[string]int{}, assigned: assigned, seen: map[string]bool{}, settled: map[string]bool{}}
	if err := s.settledDocs(ctx, c.settled); err != nil {
		return nil, err
	}
	for n := range names {
		c.t.Coders = append(c.t.Coders, format.CoderWork{Name: n})
	}
	sort.Slice(c.t.Coders, func(i, j int) bool { return c.t.Coders[i].Name < c.t.Coders[j].Name })
	n := len(c.t.Coders)
	for i, w := range c.t.Coders {
		c.index[w.Name] = i
	}
	for _, cs := range assigned {
		for _, name := range cs {
			if i, ok := c.index[name]; ok {
				c.t.Coders[i].Assigned++
			}
		}
	}
	c.pairs = make([][]teamTally, n)
	for i := range c.pairs {
		c.pairs[i] = make([]teamTally, n)
	}
	c.byCoder = make([][]agree.Span, n)
	c.coded = make([]bool, n)
	return c, nil
}

// add adds one span by coder (-1: gold) to the document being counted.
func (c *teamCounter) add(coder int, sp agree.Span) {
	if coder < 0 {
		c.gold = true
		return
	}
	c.byCoder[coder] = append(c.byCoder[coder], sp)
}

// end counts the document whose spans were added, and starts the next.
func (c *teamCounter) end(doc string) {
	c.seen[doc] = true
	if c.gold {
		c.t.Adjudicated++
		if c.settled[doc] {
			c.t.Settled++
		}
	}
	for _, name := range c.assigned[doc] {
		if i, ok := c.index[name]; ok {
			c.coded[i] = true
		}
	}
	for i, ss := range c.byCoder {
		if len(ss) > 0 {
			c.coded[i] = true
			c.t.Coders[i].Coded++
			c.t.Coders[i].Spans += len(ss)
		}
	}
	n := len(c.byCoder)
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			if !c.coded[a] || !c.coded[b] {
				continue
			}
			p := &c.pairs[a][b]
			ex := agree.ExactMatch(c.byCoder[a], c.byCoder[b])
			p.docs++
			p.matched += ex.Matched
			p.onlyA += ex.OnlyA
			p.onlyB += ex.OnlyB
			p.overlap += agree.OverlapMatch(c.byCoder[a], c.byCoder[b]).Matched
			p.na += len(c.byCoder[a])
			p.nb += len(c.byCoder[b])
		}
	}
	for i := range c.byCoder {
		c.byCoder[i], c.coded[i] = c.byCoder[i][:0], false
	}
	c.gold = false
}

// bundle counts one exported document (ExportOptions.Observe).
func (c *teamCounter) bundle(b *annot.Bundle) {
	for _, sp := range b.Spans {
		if sp.Annotator == "" {
			continue
		}
		i := -1
		if sp.Annotator != Gold {
			var ok bool
			if i, ok = c.index[sp.Annotator]; !ok {
				continue // a coder who started after the export began
			}
		}
		c.add(i, agree.Span{Start: sp.Start, End: sp.End, Label: string(sp.Layer) + "/" + sp.Label})
	}
	c.end(b.Doc.ID)
}

// finish counts the assigned documents not seen (no spans yet) and
// returns the card with its pairs.
func (c *teamCounter) finish() *format.TeamCard {
	for doc := range c.assigned {
		if !c.seen[doc] {
			c.end(doc)
		}
	}
	t := c.t
	t.Pairs = nil
	for a := range c.pairs {
		for b := a + 1; b < len(c.pairs); b++ {
			p := c.pairs[a][b]
			if p.docs == 0 {
				continue
			}
			pr := format.PairAgreement{A: t.Coders[a].Name, B: t.Coders[b].Name, Documents: p.docs,
				Matched: p.matched, OnlyA: p.onlyA, OnlyB: p.onlyB, F1Exact: 1, F1Overlap: 1}
			if p.na+p.nb > 0 {
				pr.F1Exact = 2 * float64(p.matched) / float64(p.na+p.nb)
				pr.F1Overlap = 2 * float64(p.overlap) / float64(p.na+p.nb)
			}
			t.Pairs = append(t.Pairs, pr)
		}
	}
	return t
}

// countTeam counts every document of the project from its spans' places,
// coders and labels (never texts), read in table order into a compact
// table and sorted by document in Go: reading them sorted by document
// was 2 to 4 times slower (SQLite walks the spans_doc index and looks up
// every row, or sorts whole rows).
func (s *Store) countTeam(ctx context.Context, c *teamCounter) error {
	type spanRow struct {
		doc, label, start, end int32
		coder                  int16 // -1: gold
	}
	var table []spanRow
	var docs, labels []string
	docIdx, labelIdx := map[string]int32{}, map[string]int32{}
	rows, err := s.rdb.QueryContext(ctx, `SELECT doc_id, annotator, start, "end", layer || '/' || label FROM spans WHERE annotator <> ''`)
	if err != nil {
		return translate(err)
	}
	defer rows.Close()
	var d, who, label sql.RawBytes
	var start, end int64
	for rows.Next() {
		if err := rows.Scan(&d, &who, &start, &end, &label); err != nil {
			return translate(err)
		}
		r := spanRow{start: int32(start), end: int32(end), coder: -1}
		if string(who) != Gold {
			i, ok := c.index[string(who)]
			if !ok {
				continue // a coder who started after the coders were read
			}
			r.coder = int16(i)
		}
		var ok bool
		if r.doc, ok = docIdx[string(d)]; !ok {
			r.doc = int32(len(docs))
			docs = append(docs, string(d))
			docIdx[docs[r.doc]] = r.doc
		}
		if r.label, ok = labelIdx[string(label)]; !ok {
			r.label = int32(len(labels))
			labels = append(labels, string(label))
			labelIdx[labels[r.label]] = r.label
		}
		table = append(table, r)
	}
	if err := rows.Err(); err != nil {
		return translate(err)
	}
	rows.Close()
	slices.SortFunc(table, func(a, b spanRow) int { return cmp.Compare(a.doc, b.doc) })
	for i := 0; i < len(table); {
		j := i
		for ; j < len(table) && table[j].doc == table[i].doc; j++ {
			c.add(int(table[j].coder), agree.Span{Start: int(table[j].start), End: int(table[j].end), Label: labels[table[j].label]})
		}
		c.end(docs[table[i].doc])
		i = j
	}
	return nil
}
