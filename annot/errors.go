// Package annot is Spanbench's domain: documents, spans, relations, labels,
// offsets and validation. It is pure Go and imports neither Fyne nor
// database/sql, so every rule here is table-tested without a window or a file.
package annot

import (
	"errors"
	"fmt"
)

// Kind classifies an Error so callers can react without parsing messages.
type Kind int

// The error kinds a user action can fail with.
const (
	KindInvalid  Kind = iota + 1 // the input breaks a rule; fix the input
	KindNotFound                 // a referenced document, span, label or relation does not exist
	KindConflict                 // the project's current state forbids it (duplicate, busy, stale)
)

func (k Kind) String() string {
	switch k {
	case KindInvalid:
		return "invalid"
	case KindNotFound:
		return "not found"
	case KindConflict:
		return "conflict"
	}
	return "error"
}

// Sentinel errors for errors.Is; every *Error matches the sentinel of its Kind.
var (
	ErrInvalid  = &Error{Kind: KindInvalid, Msg: "invalid"}
	ErrNotFound = &Error{Kind: KindNotFound, Msg: "not found"}
	ErrConflict = &Error{Kind: KindConflict, Msg: "conflict"}
)

// Error is a typed domain error. Field names the offending field in the
// path notation users see in messages ("spans[3].end"); Msg says what is
// wrong in words a coder can act on.
type Error struct {
	Kind  Kind
	Field string
	Msg   string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Msg
	}
	return e.Msg
}

// Is makes errors.Is(err, ErrNotFound) true for every not-found *Error.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind && (t == ErrInvalid || t == ErrNotFound || t == ErrConflict || t == e)
}

// Invalidf returns a KindInvalid error about field.
func Invalidf(field, format string, args ...any) error {
	return &Error{Kind: KindInvalid, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// NotFoundf returns a KindNotFound error about field.
func NotFoundf(field, format string, args ...any) error {
	return &Error{Kind: KindNotFound, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Conflictf returns a KindConflict error about field.
func Conflictf(field, format string, args ...any) error {
	return &Error{Kind: KindConflict, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// InField prefixes the Field of a domain error with prefix ("spans[2]" +
// "end" = "spans[2].end"); other errors are wrapped with the prefix.
func InField(prefix string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		f := prefix
		if e.Field != "" {
			if e.Field[0] == '[' {
				f += e.Field
			} else {
				f += "." + e.Field
			}
		}
		return &Error{Kind: e.Kind, Field: f, Msg: e.Msg}
	}
	return fmt.Errorf("%s: %w", prefix, err)
}

// KindOf returns the Kind of a domain error, or 0 for any other error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}
