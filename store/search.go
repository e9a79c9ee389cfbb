package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// The full-text index (doc_fts, FTS4) is filled after an import commits,
// not inside it: tokenising 50 MB of articles would take most of the
// import's time and hold the write lock throughout. Texts waiting for the
// index are listed in fts_pending. A background task indexes them, in
// short transactions, after each import and when a project with waiting
// texts is opened; a search indexes whatever still waits before it runs,
// so its results are always complete. Should another process hold the
// write lock meanwhile, the search matches the waiting texts with LIKE.

// indexer runs IndexPending in the background, one run at a time.
type indexer struct {
	mu      sync.Mutex
	running bool
	again   bool // asked to start while running: run once more
	closed  bool
	cancel  context.CancelFunc
	done    chan struct{}
}

// indexBatchBytes bounds one indexing transaction, so that other writers
// wait at most a fraction of a second for it.
const (
	indexBatchBytes = 2 << 20
	indexBatchDocs  = 500
)

// IndexPending adds the texts waiting for the full-text index to it, in
// transactions of at most a few megabytes, and returns how many it added.
// Searches call it; the window need not.
func (s *Store) IndexPending(ctx context.Context) (int, error) {
	return s.indexPending(ctx, s.db)
}

func (s *Store) indexPending(ctx context.Context, db beginner) (int, error) {
	total := 0
	for {
		n, err := s.indexBatch(ctx, db)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

func (s *Store) indexBatch(ctx context.Context, db beginner) (int, error) {
	// Reading first keeps the common case, nothing waiting, a plain read.
	var waiting bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM fts_pending)`).Scan(&waiting); err != nil || !waiting {
		return 0, translate(err)
	}
	n := 0
	err := inTxOn(ctx, db, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT p.seq, length(CAST(t.text AS BLOB)) FROM fts_pending p JOIN doc_texts t ON t.seq = p.seq ORDER BY p.seq LIMIT ?`, indexBatchDocs)
		if err != nil {
			return err
		}
		var seqs []any
		size := 0
		for rows.Next() && size < indexBatchBytes {
			var seq int64
			var bytes int
			if err := rows.Scan(&seq, &bytes); err != nil {
				rows.Close()
				return err
			}
			seqs = append(seqs, seq)
			size += bytes
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(seqs) == 0 {
			return nil
		}
		in := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(seqs)), ", ") + ")"
		// Out of pending first: the index's content view then shows the
		// texts as the index is about to hold them.
		if _, err := tx.ExecContext(ctx, `DELETE FROM fts_pending WHERE seq IN `+in, seqs...); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO doc_fts (docid, text) SELECT seq, text FROM doc_texts WHERE seq IN `+in, seqs...); err != nil {
			return err
		}
		n = len(seqs)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// PendingIndex returns how many texts wait for the full-text index.
func (s *Store) PendingIndex(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM fts_pending`).Scan(&n)
	return n, translate(err)
}

// startIndexer starts the background indexing task unless it runs already
// or nothing waits.
func (s *Store) startIndexer() {
	ix := &s.indexer
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return
	}
	if ix.running {
		ix.again = true
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	ix.running, ix.cancel, ix.done = true, cancel, make(chan struct{})
	go func() {
		defer close(ix.done)
		for attempt := 0; ; attempt++ {
			_, err := s.IndexPending(ctx)
			ix.mu.Lock()
			again := ix.again && err == nil && ctx.Err() == nil
			ix.again = false
			// Busy: another process writes for a long while; try again later,
			// a search will index what is left anyway.
			retry := errors.Is(err, ErrBusy) && attempt < 5
			if !again && !retry {
				ix.running = false
				ix.mu.Unlock()
				return
			}
			ix.mu.Unlock()
			if again {
				continue
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
		}
	}()
}

// stopIndexer stops the background task and waits for it; its current
// batch rolls back.
func (s *Store) stopIndexer() {
	ix := &s.indexer
	ix.mu.Lock()
	ix.closed = true
	running, cancel, done := ix.running, ix.cancel, ix.done
	ix.mu.Unlock()
	if running {
		cancel()
		<-done
	}
}

// WaitIndexed waits until the background indexing task, if any, is done.
// Benchmarks and tests use it; the window need not.
func (s *Store) WaitIndexed() {
	ix := &s.indexer
	ix.mu.Lock()
	running, done := ix.running, ix.done
	ix.mu.Unlock()
	if running {
		<-done
	}
}

// ensureIndexed indexes waiting texts before a search. It reports whether
// texts still wait (the project was busy), so the search must match them
// another way.
// A search does not wait for another writer: its connection gives up on
// the write lock at once, and the search matches waiting texts with LIKE.
func (s *Store) ensureIndexed(ctx context.Context) bool {
	var waiting bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM fts_pending)`).Scan(&waiting); err != nil || !waiting {
		return err != nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return true
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 0`); err != nil {
		return true
	}
	defer conn.ExecContext(context.Background(), fmt.Sprintf(`PRAGMA busy_timeout = %d`, busyTimeout/time.Millisecond))
	if _, err := s.indexPending(ctx, conn); err != nil {
		return true
	}
	return false
}
