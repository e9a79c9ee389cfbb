package store

import (
	"database/sql"
	"encoding/json"

	"spanbench/annot"
)

// Row scanners read rows into reusable destinations. database/sql fills
// every Scan destination by pointer; destinations that are locals escape
// to the heap, one allocation per column per row, and columns scanned into
// types other than string and int64 (annot.Layer, int) go through
// reflection and strconv. A document list of 10,000 rows or a 20,000-span
// document is mostly this per-row cost, so each query scans through one
// scanner whose destinations are allocated once.

type scanner interface{ Scan(dest ...any) error }

// Integer columns are scanned into an any: database/sql stores the
// driver's int64 there as it is, where an *int64 destination costs a trip
// through reflection.
func int64Of(v any) int64 {
	n, _ := v.(int64)
	return n
}

// docRow scans docColumns, optionally preceded by a seq and followed by a
// text (an export's document cursor).
type docRow struct {
	d                               annot.DocInfo
	status, meta, created, updated  string
	length, nQuote, nClaim, nEntity any
	nCue, seq                       any
	text                            string
	dest                            []any
}

func newDocRow(withSeq, withText bool) *docRow {
	r := &docRow{}
	if withSeq {
		r.dest = append(r.dest, &r.seq)
	}
	r.dest = append(r.dest, &r.d.ID, &r.d.Title, &r.status, &r.meta, &r.d.SHA256, &r.length,
		&r.nQuote, &r.nClaim, &r.nEntity, &r.nCue, &r.created, &r.updated)
	if withText {
		r.dest = append(r.dest, &r.text)
	}
	return r
}

func (r *docRow) scan(sc scanner) (annot.DocInfo, error) {
	r.d = annot.DocInfo{}
	if err := sc.Scan(r.dest...); err != nil {
		return annot.DocInfo{}, err
	}
	d := r.d
	d.Status, d.Length = annot.Status(r.status), int(int64Of(r.length))
	d.Counts = annot.LayerCounts{Quote: int(int64Of(r.nQuote)), Claim: int(int64Of(r.nClaim)), Entity: int(int64Of(r.nEntity)), Cue: int(int64Of(r.nCue))}
	var err error
	if d.Meta, err = parseMap(r.meta, "meta of document "+d.ID); err != nil {
		return annot.DocInfo{}, err
	}
	d.Created, d.Updated = parseStamp(r.created), parseStamp(r.updated)
	return d, nil
}

func scanDocInfo(sc scanner) (annot.DocInfo, error) { return newDocRow(false, false).scan(sc) }

// spanRow scans spanColumns; an export's span cursor has a seq first and
// no doc_id.
type spanRow struct {
	sp                             annot.Span
	frags                          sql.NullString
	layer, attrs, created, updated string
	start, end, seq                any
	dest                           []any
}

func newSpanRow(withSeq, withDoc bool) *spanRow {
	r := &spanRow{}
	if withSeq {
		r.dest = append(r.dest, &r.seq)
	}
	r.dest = append(r.dest, &r.sp.ID)
	if withDoc {
		r.dest = append(r.dest, &r.sp.DocID)
	}
	r.dest = append(r.dest, &r.start, &r.end, &r.frags, &r.layer, &r.sp.Label, &r.attrs, &r.sp.Note, &r.sp.Annotator, &r.created, &r.updated)
	return r
}

func (r *spanRow) scan(sc scanner) (annot.Span, error) {
	r.sp = annot.Span{}
	if err := sc.Scan(r.dest...); err != nil {
		return annot.Span{}, err
	}
	sp := r.sp
	sp.Start, sp.End, sp.Layer = int(int64Of(r.start)), int(int64Of(r.end)), annot.Layer(r.layer)
	if r.frags.Valid {
		// A discontinuous span read as continuous would be saved so.
		if err := json.Unmarshal([]byte(r.frags.String), &sp.Fragments); err != nil {
			return annot.Span{}, damagedValue("fragments of span "+sp.ID, err)
		}
	}
	var err error
	if sp.Attrs, err = parseMap(r.attrs, "attributes of span "+sp.ID); err != nil {
		return annot.Span{}, err
	}
	sp.Created, sp.Updated = parseStamp(r.created), parseStamp(r.updated)
	return sp, nil
}

func scanSpan(sc scanner) (annot.Span, error) { return newSpanRow(false, true).scan(sc) }

// relRow scans relColumns; an export's relation cursor has a seq first and
// no doc_id.
type relRow struct {
	r       annot.Relation
	created string
	seq     any
	dest    []any
}

func newRelRow(withSeq, withDoc bool) *relRow {
	r := &relRow{}
	if withSeq {
		r.dest = append(r.dest, &r.seq)
	}
	r.dest = append(r.dest, &r.r.ID)
	if withDoc {
		r.dest = append(r.dest, &r.r.DocID)
	}
	r.dest = append(r.dest, &r.r.Label, &r.r.From, &r.r.To, &r.r.Annotator, &r.created)
	return r
}

func (r *relRow) scan(sc scanner) (annot.Relation, error) {
	r.r = annot.Relation{}
	if err := sc.Scan(r.dest...); err != nil {
		return annot.Relation{}, err
	}
	rel := r.r
	rel.Created = parseStamp(r.created)
	return rel, nil
}
