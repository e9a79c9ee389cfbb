package annot

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// LabelLayers lists the layers labels live in: the span layers, in panel
// order, then LayerRelation.
var LabelLayers = []Layer{LayerQuote, LayerClaim, LayerEntity, LayerCue, LayerRelation}

// LabelKeys are the keys a span label may be bound to, in order: the
// digits, then the letters the window's keyboard contract leaves free (A,
// L, S and X are its own: docs/window.md). Letters are kept in upper case;
// the window takes them typed in either.
var LabelKeys = []string{"1", "2", "3", "4", "5", "6", "7", "8", "9",
	"B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "M", "N", "O", "P", "Q", "R", "T", "U", "V", "W", "Y", "Z"}

// FreeKey returns the first of LabelKeys no label in labels has, or ""
// when all are taken.
func FreeKey(labels []Label) string {
	used := make(map[string]bool, len(labels))
	for _, l := range labels {
		used[l.Key] = true
	}
	for _, k := range LabelKeys {
		if !used[k] {
			return k
		}
	}
	return ""
}

// builtinRelations are the relation labels Spanbench gives a meaning, with
// what it uses each for. A project keeps them: they may be recoloured, not
// renamed or deleted.
var builtinRelations = []struct{ name, use string }{
	{RelSpeaker, "linking a quote to who said it"},
	{RelClaimant, "linking a claim to who claims it"},
	{RelCue, "linking a quote to its cue"},
	{RelSameAs, "linking coreferent entities"},
}

// IsBuiltin reports whether l is one of the relation labels Spanbench
// gives a meaning (SPEAKER, CLAIMANT, CUE, SAME_AS): linking, the speaker
// picker, lint and suggestions find them by name.
func IsBuiltin(l Label) bool {
	if l.Layer != LayerRelation {
		return false
	}
	for _, b := range builtinRelations {
		if b.name == l.Name {
			return true
		}
	}
	return false
}

// ParseLabelLayer checks s names a layer a label may be in: a span layer
// or relation.
func ParseLabelLayer(s string) (Layer, error) {
	if Layer(s) == LayerRelation {
		return LayerRelation, nil
	}
	if _, err := ParseLayer(s); err != nil {
		return "", Invalidf("layer", "unknown layer %q (want quote, claim, entity, cue or relation)", s)
	}
	return Layer(s), nil
}

// MaxLabelLen is the longest label name, in code points.
const MaxLabelLen = 64

// CheckLabelName checks a label name is one word of the label alphabet:
// letters and combining marks of any script, decimal digits, and "_", "-",
// "." and ":" (GO:0018126, Merge-org), starting with a letter, digit or "_",
// at most MaxLabelLen code points. Spans and relations carry the name, and
// formats write it bare: brat and CoNLL between spaces, brat's annotation.conf
// with "#", "!" and "<...>" as syntax, so anything else (spaces of every kind,
// control and format characters, brat syntax) would not read back. The
// error shows the name escaped, and cut when long.
func CheckLabelName(name string) error {
	if name == "" {
		return Invalidf("name", "label name is empty")
	}
	n := 0
	for i, c := range name {
		n++
		if n > MaxLabelLen {
			return Invalidf("name", "label name %s is longer than %d characters", QuoteCut(name, 40), MaxLabelLen)
		}
		ok := unicode.IsLetter(c) || unicode.Is(unicode.Nd, c) || c == '_'
		if i > 0 {
			ok = ok || unicode.Is(unicode.M, c) || strings.ContainsRune("-.:", c)
		}
		if c == utf8.RuneError && !utf8.ValidString(name) {
			return Invalidf("name", "label name %s is not valid UTF-8", QuoteCut(name, 40))
		}
		if !ok {
			where := "contains"
			if i == 0 {
				where = "starts with"
			}
			return Invalidf("name", "label name %s must be one word of letters, digits and _ - . :, starting with a letter, digit or _ (it %s %s)",
				QuoteCut(name, 40), where, strconv.QuoteRune(c))
		}
	}
	return nil
}

// QuoteCut quotes s as Go does (control, format and non-printing
// characters escaped, so a terminal shows them rather than obeys them),
// keeping at most max code points of it.
func QuoteCut(s string, max int) string {
	n := 0
	for i := range s {
		if n == max {
			return strconv.Quote(s[:i]) + "..."
		}
		n++
	}
	return strconv.Quote(s)
}

// CheckColor checks c is a colour as labels store it: "#rrggbb".
func CheckColor(c string) error {
	ok := len(c) == 7 && c[0] == '#'
	for i := 1; ok && i < len(c); i++ {
		ok = strings.IndexByte("0123456789abcdefABCDEF", c[i]) >= 0
	}
	if !ok {
		return Invalidf("color", "colour %q is not of the form #rrggbb", c)
	}
	return nil
}

// ValidateLabels checks a project's whole label set: every label in a
// label layer, named with one word, unique in its layer, coloured
// #rrggbb; keys are "1".."9", on span labels only, each on one label; the
// built-in relation labels are all there. Fields name the offending label
// ("labels[3].name").
func ValidateLabels(labels []Label) error {
	seen := map[string]bool{}
	keys := map[string]string{}
	for i, l := range labels {
		f := fmt.Sprintf("labels[%d]", i)
		if _, err := ParseLabelLayer(string(l.Layer)); err != nil {
			return InField(f, err)
		}
		if err := CheckLabelName(l.Name); err != nil {
			return InField(f, err)
		}
		k := string(l.Layer) + "/" + l.Name
		if seen[k] {
			return Conflictf(f+".name", "label %s appears twice in layer %s", l.Name, l.Layer)
		}
		seen[k] = true
		if err := CheckColor(l.Color); err != nil {
			return InField(f, err)
		}
		if l.Key == "" {
			continue
		}
		if l.Layer == LayerRelation {
			return Invalidf(f+".key", "relation label %s cannot have a key; keys apply span labels", l.Name)
		}
		if !slices.Contains(LabelKeys, l.Key) {
			return Invalidf(f+".key", "key %q of %s is not one of 1-9 or B-Z (but L, S, X)", l.Key, l.Name)
		}
		if other, ok := keys[l.Key]; ok {
			return Conflictf(f+".key", "key %s is already used by %s", l.Key, other)
		}
		keys[l.Key] = l.Name
	}
	for _, b := range builtinRelations {
		if !seen[string(LayerRelation)+"/"+b.name] {
			return Invalidf("labels", "relation label %s is built in (used for %s): it can be recoloured, not renamed or deleted", b.name, b.use)
		}
	}
	return nil
}

// IndexLabel returns the index of the label of layer named name, or -1.
func IndexLabel(labels []Label, layer Layer, name string) int {
	for i, l := range labels {
		if l.Layer == layer && l.Name == name {
			return i
		}
	}
	return -1
}

// LabelInsertAt returns where a new label of layer goes so each layer's
// labels stay together: after the last label of its layer; else, for a
// span layer, before the relation labels; else at the end.
func LabelInsertAt(labels []Label, layer Layer) int {
	at := -1
	for i, l := range labels {
		if l.Layer == layer {
			at = i + 1
		}
	}
	if at >= 0 {
		return at
	}
	if layer != LayerRelation {
		for i, l := range labels {
			if l.Layer == LayerRelation {
				return i
			}
		}
	}
	return len(labels)
}

// BindKey gives labels[i] key ("" for none). The label that had the key
// gets labels[i]'s old key, so keys stay unique; BindKey returns that
// label's index, or -1 when no other label changed.
func BindKey(labels []Label, i int, key string) int {
	old := labels[i].Key
	if old == key {
		return -1
	}
	labels[i].Key = key
	if key == "" {
		return -1
	}
	for j := range labels {
		if j != i && labels[j].Key == key {
			labels[j].Key = old
			return j
		}
	}
	return -1
}

// RelationColor is the colour new relation labels get.
const RelationColor = "#555555"

// labelPalette holds colours for new span labels, distinct from the
// default labels' colours.
var labelPalette = []string{"#e76f51", "#2a9d8f", "#e9c46a", "#8ab17d", "#b56576", "#6d597a",
	"#4d908e", "#f9844a", "#577590", "#90be6d", "#d4a373", "#9d4edd"}

// NextColor returns the colour a new label of layer gets: relation labels
// are grey, span labels take the first palette colour no label has yet.
func NextColor(labels []Label, layer Layer) string {
	if layer == LayerRelation {
		return RelationColor
	}
	used := map[string]bool{}
	for _, l := range labels {
		used[strings.ToLower(l.Color)] = true
	}
	for _, c := range labelPalette {
		if !used[c] {
			return c
		}
	}
	return labelPalette[len(labels)%len(labelPalette)]
}
