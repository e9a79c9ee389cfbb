package app

import (
	"fmt"
	"image/color"
	"strings"
	"unicode"
	"unicode/utf8"

	"spanbench/annot"
	"spanbench/app/article"
	"spanbench/edit"
)

// snippet is a span's text on one line, cut to n characters.
func snippet(ix *annot.Index, sp annot.Span, n int) string {
	var parts []string
	for _, p := range sp.Pieces() {
		parts = append(parts, ix.Slice(p.Start, p.End))
	}
	return oneLine(strings.Join(parts, " … "), n)
}

// oneLine collapses white space and cuts s to n runes with an ellipsis.
func oneLine(s string, n int) string { return annot.OneLineCut(s, n) }

// parseColor reads "#rrggbb" (or "#rgb"); anything else is grey.
func parseColor(s string) color.NRGBA {
	c := color.NRGBA{0x99, 0x99, 0x99, 0xff}
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	var r, g, b uint8
	switch len(s) {
	case 6:
		if _, err := fmt.Sscanf(s, "%02x%02x%02x", &r, &g, &b); err == nil {
			c = color.NRGBA{r, g, b, 0xff}
		}
	case 3:
		if _, err := fmt.Sscanf(s, "%1x%1x%1x", &r, &g, &b); err == nil {
			c = color.NRGBA{r * 17, g * 17, b * 17, 0xff}
		}
	}
	return c
}

// colorHex writes a colour as "#rrggbb".
func colorHex(c color.Color) string {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return fmt.Sprintf("#%02x%02x%02x", n.R, n.G, n.B)
}

// labelColors maps "layer/name" to the label's colour.
func labelColors(labels []annot.Label) map[string]color.NRGBA {
	m := make(map[string]color.NRGBA, len(labels))
	for _, l := range labels {
		m[string(l.Layer)+"/"+l.Name] = parseColor(l.Color)
	}
	return m
}

// buildMarks turns spans into what the article view draws, with a tooltip
// naming the label and, for quotes and claims, who said it.
func buildMarks(d *edit.Doc, colors map[string]color.NRGBA) []article.Mark {
	marks := make([]article.Mark, 0, len(d.Spans()))
	speakers := map[string]string{}
	for _, r := range d.Relations() {
		if r.Label != annot.RelSpeaker && r.Label != annot.RelClaimant {
			continue
		}
		from, _, ok1 := d.Find(r.From)
		to, _, ok2 := d.Find(r.To)
		if !ok1 || !ok2 || annot.LinkLabel(from.Layer) != r.Label {
			continue
		}
		name := d.Ix.Slice(to.Start, to.End)
		if s := speakers[r.From]; s != "" {
			name = s + ", " + name
		}
		speakers[r.From] = name
	}
	for _, sp := range d.Spans() {
		marks = append(marks, spanMark(sp, speakers[sp.ID], colors))
	}
	return marks
}

// spanMark is what the article view draws for sp, said by speakers.
func spanMark(sp annot.Span, speakers string, colors map[string]color.NRGBA) article.Mark {
	c, ok := colors[string(sp.Layer)+"/"+sp.Label]
	if !ok {
		c = parseColor("")
	}
	tip := sp.Label
	if speakers != "" {
		tip += " ← " + speakers
	}
	return article.Mark{ID: sp.ID, Pieces: sp.Pieces(), Layer: sp.Layer, Label: sp.Label, Color: c, Tooltip: tip}
}

// markChanges works out what the article view must redraw after the spans
// with the given ids changed: the mark of each that still exists (with its
// speakers, as buildMarks names them), and the ids of those that do not.
func markChanges(d *edit.Doc, ids []string, colors map[string]color.NRGBA) (upsert []article.Mark, remove []string) {
	for _, id := range ids {
		if sp, _, ok := d.Find(id); ok {
			upsert = append(upsert, spanMark(sp, d.SpeakerText(sp), colors))
		} else {
			remove = append(remove, id)
		}
	}
	return upsert, remove
}

// selectionOn reports whether the view's selection (or caret) is on sp:
// Tab then goes on from sp rather than from the caret.
func selectionOn(v *article.View, sp annot.Span) bool {
	s, e := v.Selection()
	return s >= sp.Start && e <= sp.End
}

// findNext returns the code point range of the first match of query in
// text at or after code point from, ignoring case, wrapping to the start;
// ok is false when there is none. back searches backwards from from
// (exclusive), wrapping to the end.
func findNext(ix *annot.Index, query string, from int, back bool) (start, end int, ok bool) {
	text := ix.Text()
	if query == "" {
		return 0, 0, false
	}
	matches := func(b int) int { // byte end of a match at byte b, or -1
		i, j := b, 0
		for j < len(query) {
			if i >= len(text) {
				return -1
			}
			r1, n1 := utf8.DecodeRuneInString(text[i:])
			r2, n2 := utf8.DecodeRuneInString(query[j:])
			if r1 != r2 && !equalFold(r1, r2) {
				return -1
			}
			i, j = i+n1, j+n2
		}
		return i
	}
	toCP := func(b, e int) (int, int) {
		s, _ := ix.FromByte(b)
		t, _ := ix.FromByte(e)
		return s, t
	}
	fb := ix.Byte(from)
	if !back {
		for _, rng := range [][2]int{{fb, len(text)}, {0, fb}} {
			for b := rng[0]; b < rng[1]; {
				if e := matches(b); e >= 0 {
					s, t := toCP(b, e)
					return s, t, true
				}
				_, n := utf8.DecodeRuneInString(text[b:])
				b += n
			}
		}
		return 0, 0, false
	}
	for _, rng := range [][2]int{{0, fb}, {fb, len(text)}} {
		for b := rng[1] - 1; b >= rng[0]; b-- {
			if !utf8.RuneStart(text[b]) {
				continue
			}
			if e := matches(b); e >= 0 {
				s, t := toCP(b, e)
				return s, t, true
			}
		}
	}
	return 0, 0, false
}

// countMatches counts the matches of query in text, ignoring case, and
// tells which one starts at code point at (1-based; 0 when none does).
func countMatches(ix *annot.Index, query string, at int) (n, which int) {
	if query == "" {
		return 0, 0
	}
	pos := 0
	for n < 100000 {
		s, e, ok := findNext(ix, query, pos, false)
		if !ok || s < pos {
			break
		}
		n++
		if s == at {
			which = n
		}
		pos = e
		if e == s {
			pos++
		}
	}
	return n, which
}

func equalFold(a, b rune) bool {
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}
