package app

import "spanbench/annot/suggest"

// rejection is a suggestion rejected in this window, as undo needs it.
type rejection struct {
	annotator, docID string
	sg               suggest.Suggestion
}

// history puts the window's rejections of suggestions, which the project
// keeps apart from its edit log (store.RejectSuggestion), in order with the
// log's actions, so Ctrl+Z takes back whichever came last and Ctrl+Shift+Z
// redoes it. A nil step stands for an action of the edit log, which the
// store undoes and redoes itself. It holds this window's session only:
// after a restart, undo reaches the edit log's actions alone.
type history struct {
	done, undone []*rejection
}

// maxHistory bounds the steps kept: past them, undo reaches the edit log's
// actions only, as it does when the steps run out.
const maxHistory = 4096

// logged records an action of the edit log; like any new action it ends
// what could be redone.
func (h *history) logged() { h.add(nil) }

// rejected records a rejection.
func (h *history) rejected(r *rejection) { h.add(r) }

func (h *history) add(r *rejection) {
	if len(h.done) >= maxHistory {
		h.done = append(h.done[:0], h.done[len(h.done)-maxHistory/2:]...)
	}
	h.done = append(h.done, r)
	h.undone = h.undone[:0]
}

func (h *history) reset() { h.done, h.undone = nil, nil }

// undo takes back the newest step: run gets it (nil: the edit log's newest
// action) and, when it succeeds, the step can be redone.
func (h *history) undo(run func(*rejection) error) error { return move(&h.done, &h.undone, run) }

// redo makes the step undone last again.
func (h *history) redo(run func(*rejection) error) error { return move(&h.undone, &h.done, run) }

func move(from, to *[]*rejection, run func(*rejection) error) error {
	var r *rejection
	n := len(*from)
	if n > 0 {
		r = (*from)[n-1]
	}
	if err := run(r); err != nil {
		return err
	}
	if n > 0 {
		*from = (*from)[:n-1]
	}
	*to = append(*to, r)
	return nil
}
