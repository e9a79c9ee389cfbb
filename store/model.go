package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"spanbench/annot"
	"spanbench/annot/learn"
	"spanbench/annot/suggest"
)

// A project lacking migration 7 (no models table) can still be read: it
// has no learned model, and LearnedEntities says so.
func init() { readOptional[7] = true }

// EntityModel is the name of the entity model TrainModel trains.
const EntityModel = "entities"

// ModelInfo describes a stored model.
type ModelInfo struct {
	Name string
	// Format is the encoding's version (learn.FormatVersion when trained
	// by this build).
	Format int
	// DataVersion is the edit log's last action when it was trained: the
	// state of the annotations it learned from.
	DataVersion int64
	// Docs is the number of coded documents it learned from.
	Docs    int
	Bytes   int
	Trained time.Time
}

// TrainReport is what TrainModel did.
type TrainReport struct {
	ModelInfo
	// UpToDate: nothing was edited since the stored model was trained, so
	// it was kept. Queued: a training was running; it trains once more
	// when it ends, with the newest annotations.
	UpToDate, Queued bool
	// Entities and Labels are what it learned from; Took is the training
	// time (not the reading and writing).
	Entities int
	Labels   []string
	Took     time.Duration
}

// trainers coalesces TrainModel calls per project file: one training at a
// time, and a call during one asks for one more round instead of waiting.
var trainers = struct {
	sync.Mutex
	m map[string]*trainer
}{m: map[string]*trainer{}}

type trainer struct {
	started        time.Time // when TrainInBackground last started one
	running, again bool
}

// TrainModel trains the entity model (EntityModel) on the project's coded
// documents and stores it in the project file, unless nothing was edited
// since the stored one was trained. A document is coded when it has an
// entity span someone made or accepted (not one spanbench suggest --apply
// saved unreviewed); all its entity spans are the truth, the rest of its
// text teaches what is not an entity. The project gazetteer is a feature.
//
// It is meant to run in the background after edits: it reads in a
// snapshot that holds up no writer, trains without the database, and
// writes the model in one short transaction. A call while another is
// training returns at once (Queued) and makes that one train again when it
// ends. Training takes about 0.4 s per 100 coded news articles on two
// cores (BENCHMARKS.md).
func (s *Store) TrainModel(ctx context.Context) (TrainReport, error) {
	trainers.Lock()
	t := trainers.m[s.path]
	if t == nil {
		t = &trainer{}
		trainers.m[s.path] = t
	}
	if t.running {
		t.again = true
		trainers.Unlock()
		return TrainReport{Queued: true}, nil
	}
	t.running = true
	trainers.Unlock()
	for {
		rep, err := s.trainOnce(ctx)
		trainers.Lock()
		if !t.again || err != nil || ctx.Err() != nil {
			t.running, t.again = false, false
			trainers.Unlock()
			return rep, err
		}
		t.again = false
		trainers.Unlock()
	}
}

// TrainInBackground retrains the entity model in a goroutine, unless one
// was started for this project file less than every ago: the window calls
// it as the coder works, so the model follows the coding without training
// after each keystroke. Errors are dropped (a read-only project, one
// closed meanwhile): the model stays as it was, and suggestions without it.
func (s *Store) TrainInBackground(every time.Duration) {
	trainers.Lock()
	t := trainers.m[s.path]
	if t == nil {
		t = &trainer{}
		trainers.m[s.path] = t
	}
	now := time.Now()
	if !t.started.IsZero() && now.Sub(t.started) < every {
		trainers.Unlock()
		return
	}
	t.started = now
	trainers.Unlock()
	go s.TrainModel(context.Background()) //nolint:errcheck // see above
}

func (s *Store) trainOnce(ctx context.Context) (TrainReport, error) {
	var rep TrainReport
	version, err := s.dataVersion(ctx)
	if err != nil {
		return rep, err
	}
	if info, blob, err := s.loadModel(ctx, EntityModel); err == nil && info.DataVersion == version && info.Format == learn.FormatVersion {
		if m, err := learn.Decode(blob); err == nil {
			rep.ModelInfo, rep.UpToDate, rep.Labels = info, true, m.Labels()
			return rep, nil
		}
	} else if err != nil && !errors.Is(err, annot.ErrNotFound) {
		return rep, err
	}
	docs, version, err := s.codedDocuments(ctx)
	if err != nil {
		return rep, err
	}
	entries, err := s.Gazetteer(ctx)
	if err != nil {
		return rep, err
	}
	gaz := gazetteerNames(entries)
	for _, d := range docs {
		for _, sp := range d.Spans {
			if sp.Layer == annot.LayerEntity {
				rep.Entities++
			}
		}
	}
	start := time.Now()
	m := learn.Train(docs, learn.Options{Gazetteer: gaz})
	rep.Took = time.Since(start)
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	blob := m.Encode()
	rep.ModelInfo = ModelInfo{Name: EntityModel, Format: learn.FormatVersion, DataVersion: version, Docs: len(docs), Bytes: len(blob)}
	rep.Labels = m.Labels()
	rep.Trained, err = s.saveModel(ctx, EntityModel, learn.FormatVersion, version, len(docs), blob)
	return rep, err
}

// dataVersion is the edit log's last action: every edit, undo and import
// adds one.
func (s *Store) dataVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM actions`).Scan(&v)
	return v, translate(err)
}

// codedDocuments reads, in one snapshot, the documents TrainModel learns
// from with their entity spans, and the data version they are at.
func (s *Store) codedDocuments(ctx context.Context) ([]learn.Document, int64, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	var version int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM actions`).Scan(&version); err != nil {
		return nil, 0, translate(err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT d.id, t.text FROM documents d JOIN doc_texts t ON t.seq = d.seq
		WHERE d.n_entity > 0 AND EXISTS (SELECT 1 FROM spans s WHERE s.doc_id = d.id AND s.layer = 'entity' AND s.annotator <> ?)
		ORDER BY d.seq`, SuggestAnnotator)
	if err != nil {
		return nil, 0, translate(err)
	}
	type idText struct{ id, text string }
	var list []idText
	for rows.Next() {
		var d idText
		if err := rows.Scan(&d.id, &d.text); err != nil {
			rows.Close()
			return nil, 0, translate(err)
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, translate(err)
	}
	docs := make([]learn.Document, 0, len(list))
	for _, d := range list {
		spans, err := s.querySpans(ctx, tx, `WHERE doc_id = ? AND layer = 'entity' ORDER BY doc_id, start`, d.id)
		if err != nil {
			return nil, 0, err
		}
		docs = append(docs, learn.Document{Index: annot.NewIndex(d.text), Spans: spans})
	}
	return docs, version, nil
}

// gazetteerNames compiles the project gazetteer for the model.
func gazetteerNames(entries []suggest.GazetteerEntry) *learn.Gazetteer {
	if len(entries) == 0 {
		return nil
	}
	names := make(map[string]string, len(entries))
	for _, e := range entries {
		names[e.Text] = e.Label
	}
	return learn.NewGazetteer(names)
}

// hasModels reports whether the project has the models table (migration
// 7; a read-only project may predate it).
func (s *Store) hasModels(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'models'`).Scan(&n)
	return n > 0, translate(err)
}

// loadModel reads a stored model; a missing one is annot.ErrNotFound.
func (s *Store) loadModel(ctx context.Context, name string) (ModelInfo, []byte, error) {
	info := ModelInfo{Name: name}
	if ok, err := s.hasModels(ctx); err != nil || !ok {
		if err == nil {
			err = annot.NotFoundf("model", "the project has no %s model", name)
		}
		return info, nil, err
	}
	var blob []byte
	var trained string
	err := s.db.QueryRowContext(ctx, `SELECT format, data_version, docs, model, trained FROM models WHERE name = ?`, name).
		Scan(&info.Format, &info.DataVersion, &info.Docs, &blob, &trained)
	if err == sql.ErrNoRows {
		return info, nil, annot.NotFoundf("model", "the project has no %s model", name)
	}
	if err != nil {
		return info, nil, translate(err)
	}
	info.Bytes, info.Trained = len(blob), parseStamp(trained)
	return info, blob, nil
}

// SaveModel stores an encoded model under name with the data version it
// was trained at, replacing one of that name. TrainModel saves the entity
// model this way; other models (a cue or source model) may share the
// table.
func (s *Store) SaveModel(ctx context.Context, name string, format int, dataVersion int64, docs int, blob []byte) error {
	_, err := s.saveModel(ctx, name, format, dataVersion, docs, blob)
	return err
}

func (s *Store) saveModel(ctx context.Context, name string, format int, dataVersion int64, docs int, blob []byte) (time.Time, error) {
	if name == "" || len(blob) == 0 {
		return time.Time{}, annot.Invalidf("model", "a model needs a name and content")
	}
	stamp := s.stamp()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO models (name, format, data_version, docs, model, trained) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET format = excluded.format, data_version = excluded.data_version,
			docs = excluded.docs, model = excluded.model, trained = excluded.trained`,
			name, format, dataVersion, docs, blob, stamp)
		return err
	})
	return parseStamp(stamp), err
}

// LoadModel returns a stored model and what it was trained on; a project
// without one gives annot.ErrNotFound.
func (s *Store) LoadModel(ctx context.Context, name string) (ModelInfo, []byte, error) {
	return s.loadModel(ctx, name)
}

// LearnedEntities returns the stored entity model as suggest.Options'
// Names hook, with the project gazetteer as of now, or nil when the
// project has no model yet (nothing coded, or never trained). A model
// this build cannot read is an error that says to train again.
func (s *Store) LearnedEntities(ctx context.Context) (suggest.NameFinder, error) {
	entries, err := s.Gazetteer(ctx)
	if err != nil {
		return nil, err
	}
	return s.learnedEntities(ctx, entries)
}

// learnedEntities is LearnedEntities with the gazetteer already read
// (ProjectSuggestOptions has it).
func (s *Store) learnedEntities(ctx context.Context, entries []suggest.GazetteerEntry) (suggest.NameFinder, error) {
	info, blob, err := s.loadModel(ctx, EntityModel)
	if errors.Is(err, annot.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	m, err := learn.Decode(blob)
	if err != nil {
		return nil, fmt.Errorf("%w; run spanbench learn to train it again", err)
	}
	if len(m.Labels()) == 0 {
		return nil, nil
	}
	gaz := gazetteerNames(entries)
	reason := fmt.Sprintf("learned from %d documents", info.Docs)
	if info.Docs == 1 {
		reason = "learned from 1 document"
	}
	return func(ix *annot.Index) []suggest.Name {
		es := m.Predict(ix, gaz)
		out := make([]suggest.Name, len(es))
		for i, e := range es {
			out[i] = suggest.Name{Start: e.Start, End: e.End, Label: e.Label, Confidence: e.Confidence, Reason: reason}
		}
		return out
	}, nil
}
