package format

import (
	"fmt"
	"sort"
	"strings"

	"spanbench/annot"
)

// Unit names the offset unit a format writes or reads. Spanbench itself
// counts code points; every conversion goes through annot.Index.
type Unit string

// The offset units formats use.
const (
	// UnitCodePoint counts Unicode code points: Python's text[start:end],
	// spaCy, Prodigy, brat, Label Studio (since 1.x), R and pandas.
	UnitCodePoint Unit = "codepoint"
	// UnitUTF16 counts UTF-16 code units: JavaScript's String.length,
	// doccano's annotation screen in its default mode.
	UnitUTF16 Unit = "utf16"
	// UnitGrapheme counts grapheme clusters: doccano with "Count grapheme
	// clusters as one character" on.
	UnitGrapheme Unit = "grapheme"
	// UnitToken counts tokens (Index.TokensCut: the tokenizer's, cut at
	// every span boundary): CoNLL and Hugging Face
	// carry no character offsets at all.
	UnitToken Unit = "token"
)

// ParseUnit checks s names a character offset unit ("" is code points).
func ParseUnit(s string) (Unit, error) {
	switch Unit(strings.ToLower(strings.TrimSpace(s))) {
	case "", UnitCodePoint, "codepoints", "cp":
		return UnitCodePoint, nil
	case UnitUTF16, "utf-16":
		return UnitUTF16, nil
	case UnitGrapheme, "graphemes":
		return UnitGrapheme, nil
	}
	return "", annot.Invalidf("offsets", "unknown offset unit %q (want codepoint, utf16 or grapheme)", s)
}

// Describe says in words what the unit counts, for cards and help.
func (u Unit) Describe() string {
	switch u {
	case UnitCodePoint:
		return "Unicode code points (Python's text[start:end]; end exclusive)"
	case UnitUTF16:
		return "UTF-16 code units (JavaScript's String.length; end exclusive)"
	case UnitGrapheme:
		return "grapheme clusters (user-perceived characters, UAX #29; end exclusive)"
	case UnitToken:
		return "tokens (one token per line or list item; no character offsets)"
	}
	return string(u)
}

// fromCP converts a code point offset into the unit.
func (u Unit) fromCP(ix *annot.Index, cp int) int {
	switch u {
	case UnitUTF16:
		return ix.UTF16(cp)
	case UnitGrapheme:
		return ix.Grapheme(cp)
	}
	return cp
}

// toCP converts an offset in the unit to code points; it fails when the
// offset is outside the text or inside a character of the unit.
func (u Unit) toCP(ix *annot.Index, v int) (int, error) {
	switch u {
	case UnitUTF16:
		return ix.FromUTF16(v)
	case UnitGrapheme:
		if v < 0 || v > ix.GraphemeLen() {
			return 0, annot.Invalidf("", "grapheme offset %d is outside the text (0..%d)", v, ix.GraphemeLen())
		}
		return ix.FromGrapheme(v), nil
	}
	if !ix.InRange(v) {
		return 0, annot.Invalidf("", "offset %d is outside the text (0..%d code points)", v, ix.Len())
	}
	return v, nil
}

// spanToCP converts a [start, end) pair in unit u to code points, naming
// the fields in errors.
func spanToCP(ix *annot.Index, u Unit, start, end int, sf, ef string) (int, int, error) {
	s, err := u.toCP(ix, start)
	if err != nil {
		return 0, 0, annot.InField(sf, err)
	}
	e, err := u.toCP(ix, end)
	if err != nil {
		return 0, 0, annot.InField(ef, err)
	}
	return s, e, nil
}

// layerOf gives the layer of a label read from a format that carries no
// layer (doccano, CoNLL, Label Studio without its config): the default
// labels QUOTE, CLAIM and CUE name their layers, any other label is an
// entity, the layer formats imply unless stated.
func layerOf(label string) annot.Layer {
	switch strings.ToUpper(label) {
	case annot.LabelQuote:
		return annot.LayerQuote
	case annot.LabelClaim:
		return annot.LayerClaim
	case annot.LabelCue:
		return annot.LayerCue
	}
	return annot.LayerEntity
}

// lineErr prefixes an error with "name:line: ".
func lineErr(name string, line int, err error) error {
	if line > 0 {
		return fmt.Errorf("%s:%d: %w", name, line, err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// checkRelations refuses relations a project cannot hold (see
// annot.ValidateRelation). Readers call it so the error names the file and
// line.
func checkRelations(b *annot.Bundle) error {
	if len(b.Relations) == 0 {
		return nil
	}
	spans := make(map[string]annot.Span, len(b.Spans))
	for _, sp := range b.Spans {
		if sp.ID != "" {
			spans[sp.ID] = sp
		}
	}
	for i, r := range b.Relations {
		if err := annot.ValidateRelation(r, spans); err != nil {
			return annot.InField(fmt.Sprintf("relations[%d]", i), err)
		}
	}
	return nil
}

// countList writes counts by kind as "2 E lines, 3 N lines", sorted, for
// the warnings of what a reader skipped.
func countList(counts map[string]int) string {
	parts := make([]string, 0, len(counts))
	for k, n := range counts {
		parts = append(parts, fmt.Sprintf("%d %s", n, k))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}
