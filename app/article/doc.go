// Package article is the workbench's article view: a custom, virtualized
// Fyne widget that shows a long document word-wrapped, draws spans in their
// label colours, and reports selections in code points.
//
// # Virtualization
//
// Only the lines on screen have canvas objects (one canvas.Text per line,
// rectangles for fills and lines), taken from pools and reused between
// frames. The document is cut into blocks (hard lines); a block is wrapped
// the first time it comes on screen and until then its height is an
// estimate kept in a Fenwick tree. The scroll position is a block and a
// pixel offset into it, so correcting estimates never moves the text being
// read. Marks are kept in a bucketed interval index. Opening, scrolling and
// re-marking cost what is on screen, not what is in the document.
//
// Widths come from fyne.MeasureText, cached per word (line-break unit) for
// the current text size; a word's x is the sum of the words before it on
// its line, and an offset inside a word is measured as the word's prefix.
// The line itself is drawn as one text; a test checks that the word widths
// add up to the width of the line shaped whole.
// Lines break where Unicode line breaking (UAX #14) allows, stepped by
// grapheme cluster, so a cluster is never split; a word too long for a line
// is cut between clusters. Tabs advance to stops four spaces apart; BOM,
// control characters and bidi marks take no room.
//
// # Right-to-left text
//
// Each line is shown by the Unicode bidirectional algorithm (UAX #9, levels
// from golang.org/x/text/unicode/bidi): a paragraph whose first strong
// letter is Arabic or Hebrew runs right to left from the column's right
// edge, and in any line the pieces of one level and face are reordered
// (rule L2). Highlights, the selection, the caret and clicks all take their
// x from the same pieces, so a span covers its glyphs wherever they are
// drawn (in two rectangles if it crosses a change of direction). See
// bidi.go.
//
// # How marks are drawn
//
// Every mark gets a track: marks whose extents overlap never share one,
// and a mark nested in another gets a lower track (shortest marks are placed
// first). Then, in the mark's label colour:
//
//   - Track 0 (innermost) marks get a translucent fill behind the text;
//     outer marks get a faint tint, so an entity inside a quote stands out.
//   - Every mark is underlined; track t's underline sits 3 px below track
//     t-1's, so nested and overlapping marks show as stacked lines. Lines have
//     room for three tracks; deeper marks share the third.
//   - A discontinuous mark's pieces are drawn as one mark on one track, and
//     a thin connector line on that track runs through the gap between
//     pieces (across lines if need be).
//   - The selected mark (SetSelectedMark) gets an outline in the theme's
//     foreground colour around each piece.
//   - A suggested mark gets a dashed outline in its colour, no fill and no
//     underline.
//   - Flash pulses a stronger fill over the mark for about a second.
//   - Hovering a mark shows its Tooltip in a small box under the line.
//
// # Links
//
// Links between marks (SetLinks, or LinkSource asked after every change of
// marks) are drawn as arcs in a band above each line, in the link's colour,
// with an arrowhead at the target; SetShowLinks hides them and the band.
// See arcs.go.
//
// Text, the selection and the caret use the theme's foreground, selection
// and primary colours, so the view follows light and dark themes.
//
// # Input
//
// Mouse: drag selects (snapped to grapheme clusters, and to whole tokens
// with surrounding whitespace trimmed when snap-to-words is on); a click
// puts the caret and reports the innermost mark under it to OnMarkTapped;
// double-click selects a token; Shift+click and Shift+drag extend;
// Ctrl+drag with a mark selected reports OnAddFragment. The wheel and the
// scroll bar scroll.
//
// Keyboard: Shift+Left/Right extend the selection by a grapheme cluster,
// Ctrl+Shift+Left/Right by a word; Left/Right collapse or move the caret,
// Up/Down move it a line (with Shift: extend), PageUp/PageDown scroll a
// page, Home/End go to the top/bottom, Ctrl+C copies the selected text.
// Every other key, rune and shortcut is passed on through OnTypedKey,
// OnTypedRune and OnShortcut; the view accepts Tab (so the window can bind
// Tab/Shift+Tab) and HeldModifiers tells which modifiers are down.
// SetSelection snaps to grapheme clusters too, never to words.
package article
