package store

import (
	"context"
	"database/sql"
	"sync"
)

// watch is what a Store needs to tell its own commits from those of other
// connections to the same file (another process: a CLI import, a second
// window).
type watch struct {
	mu   sync.Mutex
	conn *sql.Conn      // the connection whose data_version is read
	mine map[int64]bool // actions this Store logged, newer than the last Outside asked
}

// DataVersion returns SQLite's PRAGMA data_version of a connection kept for
// it: a number that changes when any other connection, this Store's own
// writes included, commits to the file. It reads no page, so a window can
// ask it twice a second; when it changes, Outside says what happened.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	s.watch.mu.Lock()
	defer s.watch.mu.Unlock()
	if s.watch.conn == nil {
		c, err := s.rdb.Conn(ctx)
		if err != nil {
			return 0, translate(err)
		}
		s.watch.conn = c
	}
	var v int64
	if err := s.watch.conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
		return 0, translate(err)
	}
	return v, nil
}

// LastAction returns the id of the newest action in the log (0: none), the
// starting point for Outside.
func (s *Store) LastAction(ctx context.Context) (int64, error) {
	var id int64
	err := s.rdb.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM actions`).Scan(&id)
	return id, translate(err)
}

// Outside is what other connections committed after a given action.
type Outside struct {
	Last     int64    // the newest action in the log, everyone's
	Actions  []Action // the actions of others, oldest first
	Imported int      // documents their imports added
}

// Outside returns the actions logged after action after by connections
// other than this Store's. It reads the log by id, so it costs what it
// returns, whatever the log's length.
func (s *Store) Outside(ctx context.Context, after int64) (Outside, error) {
	out := Outside{Last: after}
	tx, err := s.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return out, translate(err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, kind, annotator, coalesce(doc_id, ''), summary FROM actions WHERE id > ? ORDER BY id`, after)
	if err != nil {
		return out, translate(err)
	}
	var all []Action
	for rows.Next() {
		var a Action
		if err := rows.Scan(&a.ID, &a.Op, &a.Annotator, &a.DocID, &a.Summary); err != nil {
			rows.Close()
			return out, translate(err)
		}
		all = append(all, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, translate(err)
	}
	s.watch.mu.Lock()
	for _, a := range all {
		out.Last = a.ID
		if !s.watch.mine[a.ID] {
			out.Actions = append(out.Actions, a)
		}
	}
	for id := range s.watch.mine {
		if id <= out.Last {
			delete(s.watch.mine, id)
		}
	}
	s.watch.mu.Unlock()
	for _, a := range out.Actions {
		if a.Op != "import" {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM edits WHERE action_id = ? AND entity = 'document' AND before IS NULL`, a.ID).Scan(&n); err != nil {
			return out, translate(err)
		}
		out.Imported += n
	}
	return out, nil
}

// logged records an action this Store is writing; forget takes it back
// when its transaction does not commit (its id may then be reused by
// another connection).
func (s *Store) logged(id int64) {
	s.watch.mu.Lock()
	if s.watch.mine == nil {
		s.watch.mine = map[int64]bool{}
	}
	s.watch.mine[id] = true
	s.watch.mu.Unlock()
}

func (s *Store) forget(id int64) {
	s.watch.mu.Lock()
	delete(s.watch.mine, id)
	s.watch.mu.Unlock()
}

func (s *Store) closeWatch() {
	s.watch.mu.Lock()
	if s.watch.conn != nil {
		s.watch.conn.Close()
		s.watch.conn = nil
	}
	s.watch.mu.Unlock()
}
