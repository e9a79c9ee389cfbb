package edit

import (
	"context"
	"errors"
	"fmt"

	"spanbench/annot"
	"spanbench/annot/suggest"
	"spanbench/store"
)

// What an intent needs first; the window turns each into a hint.
var (
	ErrNoDocument = errors.New("no document is open")
	ErrLoading    = errors.New("this document's spans are still being read")
	ErrNoText     = errors.New("no text is selected")
	ErrNoSpan     = errors.New("no span is selected")
	ErrInSpan     = errors.New("that text is already in the span")
	ErrExists     = errors.New("that relation is already there")
	ErrNoAssist   = errors.New("no suggestions are in use")
	ErrWaiting    = errors.New("waiting for the project: another program is writing to it")
)

// Session is one annotator's editing session on one project.
type Session struct {
	st        *store.Store
	annotator string
	assistant Assistant

	doc *Doc
	// sel is the one selection: a span id or a suggestion key, never both.
	sel struct{ span, sugg string }
	// The open document's suggestions (by position) and findings, and the
	// run that is working them out.
	sugg  []suggest.Suggestion
	lints []suggest.Finding
	gen   int
	stop  context.CancelFunc

	// Later, when set, runs an action the project cannot take at once
	// (another process holds its write lock): work runs off the caller's
	// goroutine and waits for the lock; show, which the caller runs back on
	// its own goroutine (the window: through fyne.Do), takes the result in
	// and calls OnApplied. Without Later an intent waits for the lock.
	Later func(work func() (show func()))
	// OnApplied reports an action that Later applied.
	OnApplied func(Outcome, error)
	waiting   bool
}

// busyRetries is how many times a waiting action tries again after the
// store's busy timeout ran out (about a minute in all).
const busyRetries = 11

// New starts a session on st as annotator; assistant (nil: none) makes
// the suggestions.
func New(st *store.Store, annotator string, assistant Assistant) *Session {
	return &Session{st: st, annotator: annotator, assistant: assistant}
}

// SetStore makes st the open project (nil: none), closing the open
// document.
func (s *Session) SetStore(st *store.Store) {
	s.Close()
	s.st = st
}

// Store is the open project.
func (s *Session) Store() *store.Store { return s.st }

// Annotator is whom the session's edits are recorded as.
func (s *Session) Annotator() string { return s.annotator }

// SetAnnotator changes whom later edits are recorded as.
func (s *Session) SetAnnotator(name string) { s.annotator = name }

// Assistant is the suggester in use, nil for none.
func (s *Session) Assistant() Assistant { return s.assistant }

// Doc is the open document, nil when none is.
func (s *Session) Doc() *Doc { return s.doc }

// Read reads document id from the store, as Show takes it.
func (s *Session) Read(ctx context.Context, id string) (*Doc, error) {
	b, err := s.st.Bundle(ctx, id)
	if err != nil {
		return nil, err
	}
	return NewDoc(b, nil), nil
}

// Open reads document id and shows it.
func (s *Session) Open(ctx context.Context, id string) error {
	d, err := s.Read(ctx, id)
	if err != nil {
		return err
	}
	s.Show(d, "")
	return nil
}

// Show makes d the open document, keeping span keep selected when it is
// in d. Another document than the open one drops the suggestions.
func (s *Session) Show(d *Doc, keep string) {
	same := s.doc != nil && d != nil && s.doc.Info.ID == d.Info.ID
	s.doc = d
	sugg := s.sel.sugg
	s.sel.span, s.sel.sugg = "", ""
	if !same {
		s.clearSuggestions()
	} else {
		s.sel.sugg = sugg
	}
	if d != nil {
		if _, _, ok := d.Find(keep); ok {
			s.Select(keep)
		}
	}
}

// Close forgets the open document and the suggestions.
func (s *Session) Close() {
	s.clearSuggestions()
	s.doc, s.sel.span, s.sel.sugg = nil, "", ""
}

// Reload reads the open document again (after an undo, or another
// process's change), keeping the selection where it still exists.
func (s *Session) Reload(ctx context.Context) error {
	if s.doc == nil {
		return nil
	}
	b, err := s.st.Bundle(ctx, s.doc.Info.ID)
	if err != nil {
		return err
	}
	s.Show(NewDoc(b, s.doc.Ix), s.sel.span)
	return nil
}

// Select selects span id ("" for none); a selected suggestion is no
// longer.
func (s *Session) Select(id string) { s.sel.span, s.sel.sugg = id, "" }

// SelectSuggestion selects the suggestion with key ("" for none).
func (s *Session) SelectSuggestion(key string) { s.sel.span, s.sel.sugg = "", key }

// SelectedID is the id of the selected span, "" for none.
func (s *Session) SelectedID() string { return s.sel.span }

// SelectedKey is the key of the selected suggestion, "" for none. It may
// name a suggestion not yet worked out again (after undoing its
// rejection): SelectedSuggestion tells.
func (s *Session) SelectedKey() string { return s.sel.sugg }

// Selected returns the selected span.
func (s *Session) Selected() (annot.Span, bool) {
	if s.doc == nil || s.sel.span == "" {
		return annot.Span{}, false
	}
	sp, _, ok := s.doc.Find(s.sel.span)
	return sp, ok
}

// Waiting reports whether an action waits for the project (Later).
func (s *Session) Waiting() bool { return s.waiting }

// Outcome is what an intent did.
type Outcome struct {
	Summary string // the edit log's line; "" when nothing was stored (yet)
	// Waiting is set when the action waits for the project's write lock:
	// OnApplied reports it once stored.
	Waiting bool
	Result  store.Result // what the store saved
	// Touched are the spans whose drawing changed, deleted ones included.
	Touched []string
	// Dropped counts the links a relabel removed without a replacement.
	Dropped int
	// Info is the header of the document the action changed, after it:
	// not the open one when another was opened while the action waited.
	Info annot.DocInfo
	// Action is the undo or redo action (Undo, Redo); nil for the others.
	Action *store.Action
	// Rejected are the keys of the suggestions a Reject rejected.
	Rejected []string
}

// Saved reports whether the intent stored an action.
func (o Outcome) Saved() bool { return o.Summary != "" }

// Apply applies c to the open document as one action described by
// summary, with the status rule (annot.StatusAfterEdit), and updates the
// document from what the store returns. The intents below build c; a
// caller with a change of its own (an Assistant's accept) calls it too.
func (s *Session) Apply(ctx context.Context, summary string, c store.Change) (Outcome, error) {
	return s.submit(ctx, summary, c, nil)
}

// submit is Apply with what the intent does once the action is stored
// (select the new span), which runs after a wait for the lock too.
func (s *Session) submit(ctx context.Context, summary string, c store.Change, after func(*Outcome)) (Outcome, error) {
	d := s.doc
	if d == nil {
		return Outcome{}, ErrNoDocument
	}
	if d.Loading {
		return Outcome{}, ErrLoading
	}
	touches := len(c.Create)+len(c.Update)+len(c.Delete)+len(c.Link)+len(c.Unlink) > 0
	c.Status = annot.StatusAfterEdit(d.Info.Status, c.Status, touches)
	var res store.Result
	st, annotator, docID := s.st, s.annotator, d.Info.ID
	return s.run(ctx, func(ctx context.Context) (err error) {
		res, err = st.Apply(ctx, annotator, docID, summary, c)
		return err
	}, func(err error) (Outcome, error) { return s.finish(d, summary, res, err, after) })
}

// run does one write to the store for an intent (Write), its result
// taken in by done; when the write waits for the project the intent
// returns Outcome.Waiting and OnApplied gets what done returns.
func (s *Session) run(ctx context.Context, write func(ctx context.Context) error, done func(error) (Outcome, error)) (Outcome, error) {
	if s.waiting {
		return Outcome{}, ErrWaiting
	}
	var out Outcome
	var err error
	later := false
	if s.Write(ctx, write, func(werr error) {
		out, err = done(werr)
		if later && s.OnApplied != nil {
			s.OnApplied(out, err)
		}
	}) {
		later = true
		return Outcome{Waiting: true}, nil
	}
	return out, err
}

// Write does one write to the store the way the intents do, for a
// caller's write that is not an edit of the open document (the label
// set, the guidelines, an adjudication decision), so it is ordered with
// the intents: write makes it (it may run on another goroutine, so it
// touches no state of the session) and done, called exactly once on the
// caller's goroutine, takes its result in. With Later set the write is
// tried at once without waiting for the write lock (store.NoWait); when
// the project is busy it goes to Later, which waits, Write returns true
// and done runs once the write is stored (or failed). Without Later the
// write waits on the caller's goroutine. While another write waits, done
// gets ErrWaiting at once and nothing is written.
func (s *Session) Write(ctx context.Context, write func(ctx context.Context) error, done func(error)) (waiting bool) {
	if s.waiting {
		done(ErrWaiting)
		return false
	}
	if s.Later == nil {
		done(write(ctx))
		return false
	}
	err := write(store.NoWait(ctx))
	if !errors.Is(err, store.ErrBusy) {
		done(err)
		return false
	}
	s.waiting = true
	s.Later(func() func() {
		for try := 0; try <= busyRetries; try++ {
			if err = write(ctx); !errors.Is(err, store.ErrBusy) {
				break
			}
		}
		return func() {
			s.waiting = false
			done(err)
		}
	})
	return true
}

// finish takes in what the store saved for document d.
func (s *Session) finish(d *Doc, summary string, res store.Result, err error, after func(*Outcome)) (Outcome, error) {
	if err != nil {
		return Outcome{}, err
	}
	touched := d.apply(res)
	if s.doc != d { // another document was opened while the action waited
		if s.doc == nil || s.doc.Info.ID != d.Info.ID {
			return Outcome{Summary: summary, Result: res, Info: d.Info}, nil
		}
		// The same one again, read before or after the action landed:
		// taking the result in twice changes nothing.
		d = s.doc
		touched = d.apply(res)
	}
	out := Outcome{Summary: summary, Result: res, Touched: touched, Info: d.Info}
	if s.sel.span != "" {
		if _, _, ok := d.Find(s.sel.span); !ok {
			s.sel.span = ""
		}
	}
	if after != nil {
		after(&out)
	}
	return out, nil
}

func (s *Session) docSpan(id string) (*Doc, annot.Span, error) {
	if s.doc == nil {
		return nil, annot.Span{}, ErrNoDocument
	}
	sp, _, ok := s.doc.Find(id)
	if !ok {
		return nil, annot.Span{}, ErrNoSpan
	}
	return s.doc, sp, nil
}

// ApplyLabel is a label key: with a span selected and no other text
// selected ([start, end) empty or the span's extent), it relabels the
// span; otherwise it makes [start, end), trimmed of white space, a new
// span and selects it. Text already carrying the label as one span
// selects that span instead of doubling it.
func (s *Session) ApplyLabel(ctx context.Context, l annot.Label, start, end int) (Outcome, error) {
	d := s.doc
	if d == nil {
		return Outcome{}, ErrNoDocument
	}
	if sp, ok := s.Selected(); ok && (start == end || (start == sp.Start && end == sp.End)) {
		return s.Relabel(ctx, sp.ID, l)
	}
	start, end = d.Ix.TrimSpace(start, end)
	if start >= end {
		return Outcome{}, ErrNoText
	}
	if i := annot.SameSpanAt(d.spans, start, end, l); i >= 0 {
		s.Select(d.spans[i].ID)
		return Outcome{}, nil
	}
	sp := annot.Span{Start: start, End: end, Layer: l.Layer, Label: l.Name}
	return s.submit(ctx, fmt.Sprintf("add %s %q", l.Name, annot.OneLineCut(d.Ix.Slice(start, end), 40)), store.Change{Create: []annot.Span{sp}},
		func(out *Outcome) {
			if len(out.Result.Spans) > 0 {
				s.Select(out.Result.Spans[0].ID)
			}
		})
}

// Relabel gives span id label l, moving it to l's layer: its links are
// converted or removed (annot.Relink) and the attributes the new layer
// does not take dropped (annot.Relabel), in the same action.
func (s *Session) Relabel(ctx context.Context, id string, l annot.Label) (Outcome, error) {
	d, sp, err := s.docSpan(id)
	if err != nil {
		return Outcome{}, err
	}
	if sp.Label == l.Name && sp.Layer == l.Layer {
		return Outcome{}, nil
	}
	unlink, link := annot.Relink(d.rels, d.LayerOf, sp, l.Layer)
	nsp := annot.Relabel(sp, l)
	nsp.Annotator = s.annotator
	dropped := len(unlink) - len(link)
	return s.submit(ctx, fmt.Sprintf("relabel %s to %s", sp.Label, l.Name), store.Change{Unlink: unlink, Update: []annot.Span{nsp}, Link: link},
		func(out *Outcome) { out.Dropped = dropped })
}

// Delete removes span id and its links.
func (s *Session) Delete(ctx context.Context, id string) (Outcome, error) {
	d, sp, err := s.docSpan(id)
	if err != nil {
		return Outcome{}, err
	}
	return s.Apply(ctx, fmt.Sprintf("delete %s %q", sp.Label, annot.OneLineCut(d.Ix.Slice(sp.Start, sp.End), 40)), store.Change{Delete: []string{id}})
}

// AddFragment adds [start, end), trimmed of white space, to the selected
// span (annot.AddFragment); text already in the span adds nothing
// (ErrInSpan).
func (s *Session) AddFragment(ctx context.Context, start, end int) (Outcome, error) {
	sp, ok := s.Selected()
	if !ok {
		return Outcome{}, ErrNoSpan
	}
	start, end = s.doc.Ix.TrimSpace(start, end)
	if start >= end {
		return Outcome{}, ErrNoText
	}
	if annot.InPieces(sp, start, end) {
		return Outcome{}, ErrInSpan
	}
	nsp := annot.AddFragment(sp, start, end)
	nsp.Annotator = s.annotator
	return s.Apply(ctx, "add fragment to "+sp.Label, store.Change{Update: []annot.Span{nsp}})
}

// SetSpeaker makes span to ("" for nobody) the only SPEAKER of quote
// from, or the only CLAIMANT of claim from (annot.OnlyLink). Nothing to
// change stores nothing.
func (s *Session) SetSpeaker(ctx context.Context, from, to string) (Outcome, error) {
	d, sp, err := s.docSpan(from)
	if err != nil {
		return Outcome{}, err
	}
	label := annot.LinkLabel(sp.Layer)
	if label == "" {
		return Outcome{}, annot.Invalidf("from", "a %s has no speaker", sp.Layer)
	}
	unlink, link := annot.OnlyLink(d.rels, from, label, to)
	if len(unlink) == 0 && link == nil {
		return Outcome{}, nil
	}
	c := store.Change{Unlink: unlink}
	summary := "unlink " + label
	if link != nil {
		c.Link = []annot.Relation{*link}
		e, _, _ := d.Find(to)
		summary = fmt.Sprintf("link %s %s %q", sp.Label, label, annot.OneLineCut(d.Ix.Slice(e.Start, e.End), 40))
	}
	return s.Apply(ctx, summary, c)
}

// Relate adds relation label from span from to span to; the store checks
// the label's layer rule.
func (s *Session) Relate(ctx context.Context, label, from, to string) (Outcome, error) {
	d, sp, err := s.docSpan(from)
	if err != nil {
		return Outcome{}, err
	}
	t, _, ok := d.Find(to)
	if !ok {
		return Outcome{}, ErrNoSpan
	}
	for _, r := range d.Links(from, label) {
		if r.To == to {
			return Outcome{}, ErrExists
		}
	}
	summary := fmt.Sprintf("relate %s %s %s “%s”", sp.Label, label, t.Label, annot.OneLineCut(d.Ix.Slice(t.Start, t.End), 40))
	return s.Apply(ctx, summary, store.Change{Link: []annot.Relation{{Label: label, From: from, To: to}}})
}

// Unlink removes relation id.
func (s *Session) Unlink(ctx context.Context, id string) (Outcome, error) {
	if s.doc == nil {
		return Outcome{}, ErrNoDocument
	}
	label := "relation"
	for _, r := range s.doc.rels {
		if r.ID == id {
			label = r.Label
		}
	}
	return s.Apply(ctx, "remove "+label, store.Change{Unlink: []string{id}})
}

// attrNames are the edit log's names of the attributes with a meaning.
var attrNames = map[string]string{annot.AttrKind: "quote kind", annot.AttrCheckworthy: "check-worthy"}

// SetAttr sets attribute key of span id to value ("" removes it).
func (s *Session) SetAttr(ctx context.Context, id, key, value string) (Outcome, error) {
	_, sp, err := s.docSpan(id)
	if err != nil {
		return Outcome{}, err
	}
	if sp.Attrs[key] == value {
		return Outcome{}, nil
	}
	name := attrNames[key]
	if name == "" {
		name = key
	}
	shown := value
	if shown == "" {
		shown = "none"
	}
	nsp := annot.WithAttr(sp, key, value)
	nsp.Annotator = s.annotator
	return s.Apply(ctx, "set "+name+" "+shown, store.Change{Update: []annot.Span{nsp}})
}

// SetNote replaces the note of span id; the same note stores nothing.
func (s *Session) SetNote(ctx context.Context, id, note string) (Outcome, error) {
	_, sp, err := s.docSpan(id)
	if err != nil {
		return Outcome{}, err
	}
	if sp.Note == note {
		return Outcome{}, nil
	}
	sp.Note, sp.Annotator = note, s.annotator
	return s.Apply(ctx, "edit note of "+sp.Label, store.Change{Update: []annot.Span{sp}})
}

// SetStatus changes the open document's status; its status already
// stores nothing.
func (s *Session) SetStatus(ctx context.Context, st annot.Status) (Outcome, error) {
	if s.doc == nil {
		return Outcome{}, ErrNoDocument
	}
	if s.doc.Info.Status == st {
		return Outcome{}, nil
	}
	return s.Apply(ctx, "mark "+string(st), store.Change{Status: st})
}

// Undo reverts the annotator's last action, in whichever document it was
// (a rejection of a suggestion too); the open document is read again when
// it is that one, the suggestion whose rejection was taken back selected.
// Outcome.Action is the undo action; its DocID, when not the open
// document, is for the caller to open.
func (s *Session) Undo(ctx context.Context) (Outcome, error) { return s.undoRedo(ctx, true) }

// Redo re-applies the action the annotator undid last.
func (s *Session) Redo(ctx context.Context) (Outcome, error) { return s.undoRedo(ctx, false) }

func (s *Session) undoRedo(ctx context.Context, undo bool) (Outcome, error) {
	if s.st == nil {
		return Outcome{}, ErrNoDocument
	}
	var a store.Action
	st, annotator := s.st, s.annotator
	return s.run(ctx, func(ctx context.Context) (err error) {
		if undo {
			a, err = st.Undo(ctx, annotator)
		} else {
			a, err = st.Redo(ctx, annotator)
		}
		return err
	}, func(err error) (Outcome, error) {
		if err != nil {
			return Outcome{}, err
		}
		out := Outcome{Summary: a.Summary, Action: &a}
		if s.doc == nil || (a.DocID != "" && a.DocID != s.doc.Info.ID) {
			return out, nil // the caller opens a.DocID
		}
		if len(a.Rejections) > 0 && a.DocID != "" {
			if undo {
				s.SelectSuggestion(a.Rejections[0]) // it comes back with the next suggestions
			} else {
				s.dropSuggestions(a.Rejections...)
			}
		}
		return out, s.Reload(context.Background())
	})
}

// NextSpan selects the next span (or with back the previous one) in the
// span order, wrapping: after the selected span when onSelected says the
// caret is still on it, else from caret.
func (s *Session) NextSpan(back bool, caret int, onSelected bool) (annot.Span, bool) {
	if s.doc == nil || len(s.doc.spans) == 0 {
		return annot.Span{}, false
	}
	spans := s.doc.spans
	i := -1
	if _, j, ok := s.doc.Find(s.sel.span); ok && onSelected {
		i = j + 1
		if back {
			i = j - 1
		}
	} else if back {
		for i = len(spans) - 1; i >= 0 && spans[i].Start >= caret; i-- {
		}
	} else {
		for i = 0; i < len(spans) && spans[i].Start < caret; i++ {
		}
	}
	n := len(spans)
	sp := spans[((i%n)+n)%n]
	s.Select(sp.ID)
	return sp, true
}

// Step returns the document delta places from the open one in ids (a
// list's order): the first with none open; ok is false past either end.
func (s *Session) Step(ids []string, delta int) (string, bool) {
	if len(ids) == 0 {
		return "", false
	}
	if s.doc == nil {
		return ids[0], true
	}
	i := -1
	for j, id := range ids {
		if id == s.doc.Info.ID {
			i = j
		}
	}
	i += delta
	if i < 0 || i >= len(ids) {
		return "", false
	}
	return ids[i], true
}
