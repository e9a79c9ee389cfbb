package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"os"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"spanbench/annot"
)

// ImportOptions tune an import.
type ImportOptions struct {
	// DryRun validates everything and reports what would be imported, then
	// rolls back: the preview of File › Import.
	DryRun bool
	// Progress, when set, is called after each document with the number
	// read so far.
	Progress func(done int)
	// Summary describes the import in the edit log ("import a.jsonl").
	Summary string
	// Labels are added to the project when missing, even if no span uses
	// them (a brat annotation.conf declares its types).
	Labels []annot.Label
	// Onto adds the spans and relations of a document already in the
	// project (the same text) to it, by the rules of an edit, instead of
	// skipping it: a span it has already (same extent, layer and label) is
	// not doubled, attributes a span's layer does not take are dropped
	// (annot.PruneAttrs), and a document still to do goes in progress
	// (annot.StatusAfterEdit), as when a coder adds them in the window.
	Onto bool
}

// Skipped is a document an import left out, and why.
type Skipped struct {
	Source string
	Title  string
	Reason string
}

// ImportReport says what an import did (or, for a dry run, would do).
type ImportReport struct {
	Documents   int           // documents imported
	Onto        int           // documents already in the project that spans were added to (Onto)
	Spans       int           // spans imported
	Relations   int           // relations imported
	Skipped     []Skipped     // documents left out (already in the project)
	AddedLabels []annot.Label // labels the import added to the project
	Warnings    []string      // what readers skipped or changed, "source: what"
	ActionID    int64         // the import's entry in the edit log
	DocIDs      []string      // ids of the imported documents, in order
}

// Import adds the bundles of src to the project in one transaction: it
// reads all of src first, then takes the write lock only to write. On any
// error nothing is imported, and the error names the bundle's source (file
// and line). While it reads src it checks the project (checkBeforeImport):
// nothing is added to a damaged file. A document whose text is already in
// the project (same SHA-256) is skipped and reported. Labels the bundles
// use that the project lacks are added, in the bundle's layer, and
// reported. A document id that is a UUID is kept (an existing document
// with that id and another text is an error); any other id is replaced by
// a derived UUID and kept in meta["source_id"], and span and relation ids
// the same way. Two documents with one id and different texts are an
// error.
func (s *Store) Import(ctx context.Context, annotator string, src iter.Seq2[annot.Bundle, error], opt ImportOptions) (ImportReport, error) {
	var rep ImportReport
	if strings.TrimSpace(annotator) == "" {
		return rep, annot.Invalidf("annotator", "annotator name is empty")
	}
	summary := opt.Summary
	if summary == "" {
		summary = "import"
	}
	errDry := fmt.Errorf("dry run")
	// Read and parse everything before taking the write lock: a slow or
	// stuck source (a large file, a network folder) then holds up no other
	// writer. The bundles are in memory until the import commits.
	//
	// Meanwhile the project is checked (checkBeforeImport), so nothing is
	// added to a damaged file; for an import of any size the check is done
	// by the time the files are read.
	checkCtx, stopCheck := context.WithCancel(ctx)
	defer stopCheck()
	checked := make(chan error, 1)
	go func() { checked <- s.checkBeforeImport(checkCtx) }()
	var bundles []annot.Bundle
	for b, err := range src {
		if err != nil {
			stopCheck()
			<-checked
			return rep, err
		}
		bundles = append(bundles, b)
	}
	if err := <-checked; err != nil {
		return rep, err
	}
	// A large import touches pages all over the span and relation trees
	// (their keys are random UUIDs): give its connection a large page cache
	// for the transaction, and the pool's usual one back after.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return rep, translate(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, -importCacheKiB)); err != nil {
		return rep, translate(err)
	}
	defer conn.ExecContext(context.Background(), fmt.Sprintf(`PRAGMA cache_size = %d`, -cacheKiB))
	// An import onto one document is an action on it (the log's doc_id), so
	// a window with it open reads it again (Outside) and Undo shows it.
	ontoOne := func(tx *sql.Tx) (string, error) {
		if !opt.Onto {
			return "", nil
		}
		return ontoDocument(ctx, tx, bundles)
	}
	id, err := s.actOnDoc(ctx, conn, annotator, "import", ontoOne, summary, func(w *writer) error {
		im, err := newImportWriter(w)
		if err != nil {
			return err
		}
		im.onto = opt.Onto
		if err := im.ensureLabels(opt.Labels, &rep); err != nil {
			return err
		}
		n := 0
		for _, b := range bundles {
			for _, w := range b.Warnings {
				if b.Source != "" {
					w = b.Source + ": " + w
				}
				rep.Warnings = append(rep.Warnings, w)
			}
			if err := im.add(&b, &rep); err != nil {
				if b.Source != "" {
					return fmt.Errorf("%s: %w", b.Source, err)
				}
				return fmt.Errorf("document %d (%q): %w", n+1, b.Doc.Title, err)
			}
			n++
			if opt.Progress != nil {
				opt.Progress(n)
			}
		}
		if opt.DryRun {
			return errDry
		}
		return nil
	})
	if err == errDry {
		return rep, nil
	}
	if err != nil {
		return ImportReport{}, err
	}
	rep.ActionID = id
	if rep.Documents > 0 {
		s.startIndexer()
	}
	return rep, nil
}

// ontoDocument returns the document an import onto the project adds every
// bundle to: the one document all their texts are in; "" when some text is
// new or they go onto several documents.
func ontoDocument(ctx context.Context, tx *sql.Tx, bundles []annot.Bundle) (string, error) {
	one := ""
	for _, b := range bundles {
		var id string
		err := tx.QueryRowContext(ctx, `SELECT id FROM documents WHERE sha256 = ? LIMIT 1`, annot.HashText(b.Doc.Text)).Scan(&id)
		if err == sql.ErrNoRows || (err == nil && one != "" && id != one) {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		one = id
	}
	return one, nil
}

// importQuickCheckBytes is the largest project file an import runs
// PRAGMA quick_check on before it writes. quick_check reads the whole file:
// 0.8–1.2 s for 10,000 documents (195 MB), 9–10 s for 100,000 (1.9 GB;
// BENCHMARKS.md); up to 256 MB it costs an import at most a second or so,
// spent while the files are read. Larger projects get the cheap checks only.
const importQuickCheckBytes = 256 << 20

// checkBeforeImport refuses to import into a project that is damaged: its
// header (an SQLite file, not truncated), its schema (Spanbench's tables
// and application id, no migration newer than this build) and, up to
// importQuickCheckBytes, SQLite's quick_check of every page. Open checks
// the header and schema too, but a window keeps a project open for hours.
func (s *Store) checkBeforeImport(ctx context.Context) error {
	if _, err := checkFile(s.path); err != nil {
		return fmt.Errorf("%s: %w", s.path, err)
	}
	// A handle of its own, closed after: a pooled connection that ran
	// quick_check kept the project's WAL from being removed at Close.
	db, _, err := inspect(ctx, s.path, "0")
	if db != nil {
		defer db.Close()
	}
	if err != nil {
		return explainOpenError(s.path, err)
	}
	if st, err := os.Stat(s.path); err != nil || st.Size() > importQuickCheckBytes {
		return nil
	}
	problems, err := quickCheck(ctx, db)
	if err != nil {
		return translate(err)
	}
	if len(problems) > 0 {
		return damaged(s.path, strings.Join(problems, "; "))
	}
	return nil
}

// importWriter writes an import's bundles inside the import's write
// transaction (not the window's import dialog, app's importer).
type importWriter struct {
	w       *writer
	labels  annot.LabelSet
	known   []annot.Label // the project's labels and those added, for colours
	nextPos int
	hashes  map[string]bool
	onto    bool
	ids     map[string]seenID // the documents' ids as the files give them
	stmts   map[string]*sql.Stmt
	stamp   string
}

func newImportWriter(w *writer) (*importWriter, error) {
	rows, err := w.s.labelRows(w.ctx, w.tx)
	if err != nil {
		return nil, err
	}
	known := rowsToLabels(rows)
	im := &importWriter{w: w, labels: annot.NewLabelSet(known), known: known, hashes: map[string]bool{}, ids: map[string]seenID{},
		stmts: map[string]*sql.Stmt{}, stamp: w.now.Format(stampLayout)}
	for _, r := range rows {
		if r.Position >= im.nextPos {
			im.nextPos = r.Position + 1
		}
	}
	return im, nil
}

func (im *importWriter) stmt(q string) (*sql.Stmt, error) {
	if st, ok := im.stmts[q]; ok {
		return st, nil
	}
	st, err := im.w.tx.PrepareContext(im.w.ctx, q)
	if err != nil {
		return nil, err
	}
	im.stmts[q] = st
	return st, nil
}

func (im *importWriter) queryRow(q string, args ...any) *sql.Row {
	st, err := im.stmt(q)
	if err != nil {
		// A statement that does not prepare is a bug; let Scan report it.
		return im.w.tx.QueryRowContext(im.w.ctx, q, args...)
	}
	return st.QueryRowContext(im.w.ctx, args...)
}

const (
	spanInsert     = `INSERT INTO spans (id, doc_id, start, "end", fragments, layer, label, attrs, note, annotator, created, updated) VALUES `
	relationInsert = `INSERT INTO relations (id, doc_id, label, from_id, to_id, annotator, created) VALUES `
	// rowsPerInsert is how many rows one INSERT statement carries: fewer
	// statements, fewer trips through cgo and the statement journal.
	rowsPerInsert = 32
)

// insertRows inserts n rows of width columns with multi-row INSERTs of up
// to rowsPerInsert rows; row appends row i's values to args. When a
// statement fails (an id already in the project), its rows are retried one
// by one so the error names the row, through rowErr.
func (im *importWriter) insertRows(head string, width, n int, row func(i int, args []any) []any, rowErr func(i int, err error) error) error {
	args := make([]any, 0, width*rowsPerInsert)
	for lo := 0; lo < n; lo += rowsPerInsert {
		hi := min(lo+rowsPerInsert, n)
		args = args[:0]
		for i := lo; i < hi; i++ {
			args = row(i, args)
		}
		if _, err := im.exec(multiRow(head, width, hi-lo), args...); err != nil {
			for i := lo; i < hi; i++ {
				if _, err := im.exec(multiRow(head, width, 1), row(i, nil)...); err != nil {
					return rowErr(i, err)
				}
			}
			return err
		}
	}
	return nil
}

var multiRowCache sync.Map

// multiRow returns head followed by rows groups of width placeholders.
func multiRow(head string, width, rows int) string {
	key := fmt.Sprint(head, width, rows)
	if q, ok := multiRowCache.Load(key); ok {
		return q.(string)
	}
	group := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	q := head + strings.TrimSuffix(strings.Repeat(group+", ", rows), ", ")
	multiRowCache.Store(key, q)
	return q
}

func (im *importWriter) exec(q string, args ...any) (sql.Result, error) {
	st, err := im.stmt(q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(im.w.ctx, args...)
}

func (im *importWriter) add(b *annot.Bundle, rep *ImportReport) error {
	d := &b.Doc
	if !utf8.ValidString(d.Text) {
		return annot.Invalidf("text", "text is not valid UTF-8")
	}
	if d.Text == "" {
		return annot.Invalidf("text", "text is empty")
	}
	if strings.TrimSpace(strings.TrimPrefix(d.Text, "\ufeff")) == "" {
		return annot.Invalidf("text", "text has only whitespace")
	}
	d.SHA256 = annot.HashText(d.Text)
	if strings.TrimSpace(d.Title) == "" {
		d.Title = annot.TitleFromText(d.Text)
	}
	// Two documents of one import with one id (the README lists duplicate
	// ids as an error): a non-UUID id would otherwise become two derived
	// ids and both be imported. The same id on the same text is a repeat,
	// skipped below.
	if d.ID != "" {
		if prev, ok := im.ids[d.ID]; ok && prev.sha != d.SHA256 {
			return annot.Conflictf("id", "duplicate document id %q: %s has it too, with another text", d.ID, prev.where)
		} else if !ok {
			im.ids[d.ID] = seenID{d.SHA256, cmp.Or(b.Source, fmt.Sprintf("document %q", d.Title))}
		}
	}
	if im.hashes[d.SHA256] {
		rep.Skipped = append(rep.Skipped, Skipped{b.Source, d.Title, "same text as an earlier document of this import"})
		return nil
	}
	var existing string
	err := im.queryRow(`SELECT id FROM documents WHERE sha256 = ? LIMIT 1`, d.SHA256).Scan(&existing)
	if err == nil && im.onto {
		im.hashes[d.SHA256] = true
		return im.addOnto(existing, b, rep)
	}
	if err == nil {
		rep.Skipped = append(rep.Skipped, Skipped{b.Source, d.Title, "already in the project as document " + existing})
		return nil
	} else if err != sql.ErrNoRows {
		return err
	}
	im.hashes[d.SHA256] = true
	assignIDs(b)
	if err := b.Validate(nil); err != nil {
		return err
	}
	if err := im.addLabels(b, rep); err != nil {
		return err
	}
	err = im.queryRow(`SELECT id FROM documents WHERE id = ?`, d.ID).Scan(&existing)
	if err == nil {
		return annot.Conflictf("id", "document id %s is already in the project with a different text", d.ID)
	} else if err != sql.ErrNoRows {
		return err
	}
	created, updated := im.stamp, im.stamp
	if !d.Created.IsZero() {
		created = d.Created.UTC().Format(stampLayout)
	}
	if !d.Updated.IsZero() {
		updated = d.Updated.UTC().Format(stampLayout)
	}
	res, err := im.exec(`INSERT INTO documents (id, title, status, meta, sha256, length, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.Title, d.Status, mapJSON(d.Meta), d.SHA256, utf8.RuneCountInString(d.Text), created, updated)
	if err != nil {
		return err
	}
	seq, err := res.LastInsertId()
	if err != nil {
		return err
	}
	if _, err := im.exec(`INSERT INTO doc_texts (seq, text) VALUES (?, ?)`, seq, d.Text); err != nil {
		return err
	}
	for i := range b.Spans {
		sp := &b.Spans[i]
		if sp.Created.IsZero() {
			sp.Created = im.w.now
		}
		if sp.Updated.IsZero() {
			sp.Updated = sp.Created
		}
	}
	if err := im.insertRows(spanInsert, 12, len(b.Spans), func(i int, args []any) []any { return append(args, spanArgs(&b.Spans[i])...) },
		func(i int, err error) error {
			return annot.InField(fmt.Sprintf("spans[%d]", i), idClash(err, "span", b.Spans[i].ID))
		}); err != nil {
		return err
	}
	for i := range b.Relations {
		if b.Relations[i].Created.IsZero() {
			b.Relations[i].Created = im.w.now
		}
	}
	if err := im.insertRows(relationInsert, 7, len(b.Relations), func(i int, args []any) []any {
		r := &b.Relations[i]
		return append(args, r.ID, r.DocID, r.Label, r.From, r.To, r.Annotator, r.Created.UTC().Format(stampLayout))
	}, func(i int, err error) error {
		return annot.InField(fmt.Sprintf("relations[%d]", i), idClash(err, "relation", b.Relations[i].ID))
	}); err != nil {
		return err
	}
	h := &docState{ID: d.ID, Title: d.Title, Status: d.Status, Meta: d.Meta, SHA256: d.SHA256, Updated: im.w.now}
	if err := im.w.log("document", d.ID, nil, h); err != nil {
		return err
	}
	rep.Documents++
	rep.Spans += len(b.Spans)
	rep.Relations += len(b.Relations)
	rep.DocIDs = append(rep.DocIDs, d.ID)
	return nil
}

// seenID is where an import met a document id first, and the text's hash.
type seenID struct{ sha, where string }

func idClash(err error, what, id string) error {
	if annot.KindOf(translate(err)) == annot.KindConflict {
		return annot.Conflictf("id", "%s id %s is already used in the project", what, id)
	}
	return err
}

// assignIDs gives the document, its spans and relations UUIDs: UUIDs are
// kept, missing ids are new, other ids (brat's T1) are derived from the
// document id so re-importing the same file gives the same ids.
func assignIDs(b *annot.Bundle) {
	d := &b.Doc
	if d.ID == "" {
		d.ID = annot.NewID()
	} else if !annot.IsUUID(d.ID) {
		if d.Meta == nil {
			d.Meta = map[string]string{}
		}
		if _, ok := d.Meta["source_id"]; !ok {
			d.Meta["source_id"] = d.ID
		}
		d.ID = annot.DerivedID("doc", d.SHA256+"/"+d.ID)
	}
	ids := map[string]string{}
	mapID := func(old, kind string) string {
		if annot.IsUUID(old) {
			return old
		}
		if old == "" {
			return annot.NewID()
		}
		if n, ok := ids[kind+old]; ok {
			return n
		}
		n := annot.DerivedID(d.ID+"/"+kind, old)
		ids[kind+old] = n
		return n
	}
	for i := range b.Spans {
		if b.Spans[i].ID == "" || !annot.IsUUID(b.Spans[i].ID) {
			old := b.Spans[i].ID
			b.Spans[i].ID = mapID(old, "span")
			if old != "" {
				ids["ref"+old] = b.Spans[i].ID
			}
		}
		b.Spans[i].DocID = d.ID
	}
	for i := range b.Relations {
		r := &b.Relations[i]
		r.ID = mapID(r.ID, "rel")
		if n, ok := ids["ref"+r.From]; ok {
			r.From = n
		}
		if n, ok := ids["ref"+r.To]; ok {
			r.To = n
		}
		r.DocID = d.ID
	}
}

// addLabels adds the span labels a bundle uses that the project lacks,
// and checks its relations. Relation labels are the project's schema of
// links, with rules on the layers they join: one the project lacks is an
// error unless the import declares it (ImportOptions.Labels, as brat's
// annotation.conf does), so a typo never becomes a new kind of link.
func (im *importWriter) addLabels(b *annot.Bundle, rep *ImportReport) error {
	var need []annot.Label
	for _, sp := range b.Spans {
		need = append(need, annot.Label{Layer: sp.Layer, Name: sp.Label})
	}
	layers := make(map[string]annot.Layer, len(b.Spans))
	for _, sp := range b.Spans {
		layers[sp.ID] = sp.Layer
	}
	for i, r := range b.Relations {
		f := fmt.Sprintf("relations[%d]", i)
		if err := im.labels.Check(annot.LayerRelation, r.Label); err != nil {
			var e *annot.Error
			if errors.As(err, &e) {
				return annot.NotFoundf(f+".label", "relation %s; add it to the project's labels first", e.Msg)
			}
			return annot.InField(f, err)
		}
		if err := annot.CheckRelationLayers(r.Label, layers[r.From], layers[r.To]); err != nil {
			return annot.InField(f, err)
		}
	}
	return im.ensureLabels(need, rep)
}

// ensureLabels adds those of labels the project lacks, in name order; a
// label's colour is kept when given, else taken from the palette.
func (im *importWriter) ensureLabels(labels []annot.Label, rep *ImportReport) error {
	var need []annot.Label
	for _, l := range labels {
		if !im.labels.Has(l.Layer, l.Name) {
			need = append(need, l)
			im.labels[l.Layer] = mapWith(im.labels[l.Layer], l.Name)
		}
	}
	sort.SliceStable(need, func(i, j int) bool { return need[i].Name < need[j].Name })
	for _, l := range need {
		if _, err := annot.ParseLabelLayer(string(l.Layer)); err != nil {
			return annot.InField("label "+l.Name, err)
		}
		if err := annot.CheckLabelName(l.Name); err != nil {
			return annot.InField("label", err)
		}
		l.ID, l.Key = 0, ""
		if l.Layer != annot.LayerRelation {
			l.Key = annot.FreeKey(im.known) // so the label bar shows it with a key
		}
		if l.Color == "" {
			l.Color = annot.NextColor(im.known, l.Layer)
		}
		row := &labelRow{Label: l, Position: im.nextPos}
		im.nextPos++
		if err := im.w.putLabel(nil, row); err != nil {
			return err
		}
		rep.AddedLabels = append(rep.AddedLabels, row.Label)
		im.known = append(im.known, row.Label)
	}
	return nil
}

func mapWith(m map[string]annot.Label, name string) map[string]annot.Label {
	if m == nil {
		m = map[string]annot.Label{}
	}
	m[name] = annot.Label{Name: name}
	return m
}

// addOnto adds b's spans and relations to document id, which has b's
// text, by the rules of an edit (see ImportOptions.Onto).
func (im *importWriter) addOnto(id string, b *annot.Bundle, rep *ImportReport) error {
	ctx, w := im.w.ctx, im.w
	h, err := getHeader(ctx, w.tx, id)
	if err != nil {
		return err
	}
	b.Doc.ID = id
	assignIDs(b)
	b.Doc.ID = id
	if err := b.Validate(nil); err != nil {
		return err
	}
	if err := im.addLabels(b, rep); err != nil {
		return err
	}
	stored, err := w.s.querySpans(ctx, w.tx, `WHERE doc_id = ?`, id)
	if err != nil {
		return err
	}
	annot.SortSpans(stored)
	ix, err := w.s.index(ctx, w.tx, id)
	if err != nil {
		return err
	}
	rels, err := queryRelations(ctx, w.tx, `WHERE doc_id = ?`, id)
	if err != nil {
		return err
	}
	same := map[string]string{} // span id in b -> the stored span it doubles
	added := 0
	for i := range b.Spans {
		sp := b.Spans[i]
		l := annot.Label{Layer: sp.Layer, Name: sp.Label}
		if len(sp.Fragments) < 2 {
			if j := annot.SameSpanAt(stored, sp.Start, sp.End, l); j >= 0 {
				same[sp.ID] = stored[j].ID
				continue
			}
		}
		sp.DocID = id
		sp.Attrs = annot.PruneAttrs(sp.Attrs, sp.Layer)
		if sp.Created.IsZero() {
			sp.Created = w.now
		}
		if sp.Updated.IsZero() {
			sp.Updated = sp.Created
		}
		if err := checkSpan(ix, im.labels, &sp); err != nil {
			return annot.InField(fmt.Sprintf("spans[%d]", i), err)
		}
		if err := w.putSpan(nil, &sp); err != nil {
			return annot.InField(fmt.Sprintf("spans[%d]", i), idClash(err, "span", sp.ID))
		}
		added++
		rep.Spans++
	}
	have := map[[3]string]bool{}
	for _, r := range rels {
		have[[3]string{r.Label, r.From, r.To}] = true
	}
	for i := range b.Relations {
		r := b.Relations[i]
		if s, ok := same[r.From]; ok {
			r.From = s
		}
		if s, ok := same[r.To]; ok {
			r.To = s
		}
		if have[[3]string{r.Label, r.From, r.To}] {
			continue
		}
		have[[3]string{r.Label, r.From, r.To}] = true
		r.DocID = id
		if r.Created.IsZero() {
			r.Created = w.now
		}
		if err := w.putRelation(nil, &r); err != nil {
			return annot.InField(fmt.Sprintf("relations[%d]", i), idClash(err, "relation", r.ID))
		}
		added++
		rep.Relations++
	}
	if st := annot.StatusAfterEdit(h.Status, "", added > 0); st != "" && st != h.Status {
		after := *h
		after.Status, after.Updated = st, w.now
		if err := w.putDoc(h, &after); err != nil {
			return err
		}
	}
	rep.Onto++
	return nil
}
