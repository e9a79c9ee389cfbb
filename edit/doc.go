// Package edit is the editing session: the open project, the open
// document, the one selection and the assistant's suggestions, and the
// user's intents as methods. It imports annot and store, never Fyne; the
// window (app), the command line (cli) and, next, adjudication and a
// learned suggester drive the same session, so the same intents leave the
// same stored state whichever door they come through.
//
// Each intent builds one store.Change with the rules that live in annot
// (annot.Relabel and annot.Relink, annot.AddFragment, annot.PruneAttrs,
// annot.StatusAfterEdit, annot.OnlyLink), applies it as one action (one
// transaction, one Undo) and updates the session's document from the
// store.Result, which names everything the action changed.
//
// # API
//
// Opening:
//
//	s := edit.New(st, annotator, assistant)  // assistant may be nil; st may be nil until SetStore
//	s.Open(ctx, docID)                        // or s.Show(doc, keep) with a Doc read elsewhere (Read, NewDoc)
//	s.Doc()                                   // the open document (nil: none)
//
// The selection (one owner: a span or a suggestion, never both):
//
//	s.Select(spanID), s.SelectSuggestion(key), s.Selected(), s.SelectedSuggestion()
//	s.NextSpan(back, caret, onSelected), s.NextSuggestion(back, caret), s.Step(ids, docID, delta)
//
// Intents (each one action; errors are annot's typed errors, or one of
// the Err values below for what the user must do first):
//
//	ApplyLabel(ctx, l, start, end)   Relabel(ctx, id, l)     Delete(ctx, id)
//	AddFragment(ctx, start, end)     SetSpeaker(ctx, from, to)
//	Relate(ctx, label, from, to)     Unlink(ctx, relationID)
//	SetAttr(ctx, id, key, value)     SetNote(ctx, id, note)  SetStatus(ctx, st)
//	Accept(ctx, sgs...)              Reject(ctx, sg)
//	Undo(ctx)                        Redo(ctx)
//	Apply(ctx, summary, change)      // a change of the caller's own, with the status rule
//
// Every intent returns an Outcome: the action's summary, the store.Result
// (the whole delta: spans and relations put, ids deleted, cascades
// included), the ids of the spans whose drawing changed (Touched), so a view
// redraws only those, and for Undo/Redo the store.Action (its DocID is the
// document to show). A rejection is an action of the edit log too, so Undo
// takes it back, after a restart as well.
//
// A busy project: with Later set (the window sets its background jobs),
// a write is first tried without waiting for the write lock
// (store.NoWait); when another process holds the lock the intent returns
// at once with Outcome.Waiting, the write waits on Later's goroutine, and
// OnApplied reports it once stored, on the caller's goroutine. Intents
// made meanwhile get ErrWaiting (never reordered). Without Later (the
// command line) a write waits where it is called. The window's other
// writes (the label set, the guidelines, adjudication) go through
// Write(ctx, write, done), the same way and in the same order.
//
// Outside the window: AcceptSuggestions(ctx, st, annotator, bundle, sgs...)
// is spanbench suggest --apply's accept, with the same rules.
//
// Suggestions: SuggestJob returns the work of one background run of the
// Assistant (run it off the UI goroutine), TakeSuggestions installs what
// it found unless the document changed meanwhile; Suggestions, Findings,
// FindSuggestion and SelectedSuggestion read them.
//
// A Session is not safe for concurrent use: the window calls it from its
// UI goroutine; the writes that would wait on the file lock go to Later.
package edit
