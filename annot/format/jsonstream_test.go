package format

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/synth"
)

// marshalNoHTML is encoding/json's encoding of v as the exporters write it.
func marshalNoHTML(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// TestWriteJSONPiecesMatchesEncodingJSON cuts random strings of awkward
// bytes (multi-byte and astral characters, U+2028, quotes, controls, stray
// continuation and lead bytes) into pieces of every small size: the pieces
// together must be encoding/json's encoding of the whole string.
func TestWriteJSONPiecesMatchesEncodingJSON(t *testing.T) {
	atoms := []string{"a", " ", "\"", "\\", "\n", "\x01", "<&>", "é", "’", "\u2028", "\u2029", "😀", "\xe2", "\x80", "\xa8",
		"\xf0\x9f", "\xff", "\xe2\x80", "\xf0\x9f\x98\x80\x80\x80\x80"}
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 3000; trial++ {
		var sb strings.Builder
		for n := r.IntN(40); n > 0; n-- {
			sb.WriteString(atoms[r.IntN(len(atoms))])
		}
		s := sb.String()
		want := marshalNoHTML(t, s)
		for piece := 4; piece < 14; piece++ {
			var got bytes.Buffer
			if err := writeJSONPieces(&got, s, piece); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("%q in pieces of %d:\n got %s\nwant %s", s, piece, got.Bytes(), want)
			}
		}
	}
}

// TestEncodeJSONTextMatchesEncodeJSON: the text streamed in its place gives
// encodeJSON's bytes, also when another field holds the placeholder.
func TestEncodeJSONTextMatchesEncodeJSON(t *testing.T) {
	type doc struct {
		ID    string            `json:"id"`
		Data  map[string]string `json:"data"`
		Title string            `json:"title"`
	}
	text := strings.Repeat("He said “yes” <b>\u2028\n", 5000) + "\xff"
	for _, title := range []string{"plain", textMark, "x" + textMark + "y"} {
		build := func(t string) any {
			return doc{ID: "d1", Data: map[string]string{"text": t, "doc_id": "d1"}, Title: title}
		}
		var want, got bytes.Buffer
		if err := encodeJSON(&want, build(text)); err != nil {
			t.Fatal(err)
		}
		if err := encodeJSONText(&got, text, build); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("title %q: streamed encoding differs from encodeJSON", title)
		}
	}
}

// TestWriteJSONLLongTextMatchesEncodingJSON: a text longer than a piece is
// streamed between the line's head and tail; the line must still be
// encoding/json's.
func TestWriteJSONLLongTextMatchesEncodingJSON(t *testing.T) {
	nasty := "He said “yes” <b>&\u2028\n\t\"\\ 😀 e\u0301 \xff\xe2\x80"
	bundles := []annot.Bundle{
		synth.Doc(1, synth.Options{Seed: 3, SpansPerDoc: 300, TextBytes: 3 * jsonPiece}),
		{Doc: annot.Document{ID: "n", Title: "t", Text: strings.Repeat(nasty, 2*jsonPiece/len(nasty)+1)},
			Spans: []annot.Span{{ID: "s", Start: 5, End: 3000, Layer: annot.LayerQuote, Label: "QUOTE"}}},
	}
	for i, b := range bundles {
		var got bytes.Buffer
		if err := WriteJSONL(&got, b); err != nil {
			t.Fatal(err)
		}
		if want := referenceJSONL(b); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("bundle %d: streamed line differs from encoding/json's", i)
		}
	}
}
