package article

import (
	"image"
	"image/color"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"spanbench/annot"
	"spanbench/assets"
)

// The expected values below follow the rules in arcs.go's comment, worked
// by hand.

func TestAnchorCP(t *testing.T) {
	for _, tc := range []struct {
		name         string
		s, e, os, oe int
		want         int
	}{
		{"other after: last character", 10, 20, 30, 35, 19},
		{"other touching after", 10, 20, 20, 25, 19},
		{"other before: first character", 10, 20, 0, 5, 10},
		{"other nested inside", 10, 20, 12, 15, 10},
		{"other overlapping the end", 10, 20, 18, 25, 10},
		{"empty mark", 10, 10, 20, 25, 10},
	} {
		if got := anchorCP(tc.s, tc.e, tc.os, tc.oe); got != tc.want {
			t.Errorf("%s: anchorCP(%d, %d, %d, %d) = %d, want %d", tc.name, tc.s, tc.e, tc.os, tc.oe, got, tc.want)
		}
	}
}

func TestRowOf(t *testing.T) {
	// Two wrapped lines of one paragraph, then (after a line break at 20)
	// the next paragraph.
	rows := []arcRow{{s: 5, e: 10}, {s: 10, e: 20}, {s: 21, e: 30}}
	for _, tc := range []struct {
		cp, want int
	}{
		{0, -1}, {4, -1}, {5, 0}, {9, 0}, {10, 1}, {19, 1},
		{20, 2}, // the line break: on the next row
		{21, 2}, {29, 2}, {30, 3}, {100, 3},
	} {
		if got := rowOf(rows, tc.cp); got != tc.want {
			t.Errorf("rowOf(%d) = %d, want %d", tc.cp, got, tc.want)
		}
	}
	if got := rowOf(nil, 3); got != -1 {
		t.Errorf("rowOf(no rows) = %d, want -1", got)
	}
}

func TestLinkSegs(t *testing.T) {
	const left, right = -6, 506
	ltr := []arcRow{{s: 0, e: 10}, {s: 10, e: 20}, {s: 21, e: 30}}
	rtl := []arcRow{{s: 0, e: 10, rtl: true}, {s: 10, e: 20, rtl: true}, {s: 21, e: 30, rtl: true}}
	above, below := arcEnd{row: -1}, arcEnd{row: 3}
	for _, tc := range []struct {
		name string
		rows []arcRow
		f, t arcEnd
		want []arcSeg
	}{
		{"one row", ltr, arcEnd{0, 10}, arcEnd{0, 50},
			[]arcSeg{{row: 0, x1: 10, t1: tipLeg, x2: 50, t2: tipArrow}}},
		{"one row, target first", ltr, arcEnd{0, 50}, arcEnd{0, 10},
			[]arcSeg{{row: 0, x1: 10, t1: tipArrow, x2: 50, t2: tipLeg}}},
		{"one x: widened", ltr, arcEnd{1, 30}, arcEnd{1, 30},
			[]arcSeg{{row: 1, x1: 26, t1: tipLeg, x2: 34, t2: tipArrow}}},
		{"two rows", ltr, arcEnd{0, 10}, arcEnd{2, 40},
			[]arcSeg{{row: 0, x1: 10, t1: tipLeg, x2: right, t2: tipEdge}, {row: 2, x1: left, t1: tipEdge, x2: 40, t2: tipArrow}}},
		{"two rows, target first", ltr, arcEnd{2, 40}, arcEnd{0, 10},
			[]arcSeg{{row: 0, x1: 10, t1: tipArrow, x2: right, t2: tipEdge}, {row: 2, x1: left, t1: tipEdge, x2: 40, t2: tipLeg}}},
		{"two rows, right to left", rtl, arcEnd{0, 400}, arcEnd{2, 100},
			[]arcSeg{{row: 0, x1: left, t1: tipEdge, x2: 400, t2: tipLeg}, {row: 2, x1: 100, t1: tipArrow, x2: right, t2: tipEdge}}},
		{"target below the screen", ltr, arcEnd{1, 30}, below,
			[]arcSeg{{row: 1, x1: 30, t1: tipLeg, x2: right, t2: tipStub}}},
		{"source above the screen", ltr, above, arcEnd{1, 30},
			[]arcSeg{{row: 1, x1: left, t1: tipStub, x2: 30, t2: tipArrow}}},
		{"target below, right to left", rtl, arcEnd{1, 300}, below,
			[]arcSeg{{row: 1, x1: left, t1: tipStub, x2: 300, t2: tipLeg}}},
		{"both off screen", ltr, above, below, nil},
		{"both above", ltr, above, above, nil},
	} {
		got := linkSegs(nil, 0, tc.f, tc.t, tc.rows, left, right)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
}

func TestAssignLanes(t *testing.T) {
	seg := func(row int, x1, x2 float32) arcSeg { return arcSeg{row: row, x1: x1, x2: x2} }
	for _, tc := range []struct {
		name  string
		segs  []arcSeg
		lanes []int // per segment, in the order given
	}{
		{"nested: inner below", []arcSeg{seg(0, 0, 100), seg(0, 20, 40)}, []int{1, 0}},
		{"apart: one lane", []arcSeg{seg(0, 0, 10), seg(0, 30, 40)}, []int{0, 0}},
		{"closer than the gap", []arcSeg{seg(0, 0, 10), seg(0, 12, 20)}, []int{1, 0}},
		{"crossing", []arcSeg{seg(0, 30, 80), seg(0, 0, 50)}, []int{1, 0}},
		{"other rows do not count", []arcSeg{seg(0, 0, 100), seg(1, 20, 40)}, []int{0, 0}},
		{"deeper than the band: top lane", []arcSeg{seg(0, 0, 100), seg(0, 10, 90), seg(0, 20, 80), seg(0, 30, 70), seg(0, 40, 60)}, []int{2, 2, 2, 1, 0}},
	} {
		segs := slices.Clone(tc.segs)
		for i := range segs {
			segs[i].link = i
		}
		assignLanes(segs, 3, 3)
		got := make([]int, len(segs))
		for _, s := range segs {
			got[s.link] = s.lane
		}
		if !slices.Equal(got, tc.lanes) {
			t.Errorf("%s: lanes %v, want %v", tc.name, got, tc.lanes)
		}
	}
}

// sampleLinkView shows the sample article with a quote, its speaker, a
// claim and its claimant, linked in colours no mark uses.
var (
	speakerCol  = color.NRGBA{0xc0, 0x10, 0xa0, 0xff}
	claimantCol = color.NRGBA{0x10, 0x90, 0xc0, 0xff}
)

func sampleLinkView(t *testing.T, h float32) (*View, fyne.Window, map[string]annot.Fragment) {
	text := assets.SampleText()
	v, w, _ := newTestView(t, text, 900, h)
	at := map[string]annot.Fragment{}
	mark := func(id, s string, nth int, c color.NRGBA) Mark {
		i := -1
		for range nth + 1 {
			j := cpOf(t, string([]rune(text)[i+1:]), s)
			i += 1 + j
		}
		f := annot.Fragment{Start: i, End: i + len([]rune(s))}
		at[id] = f
		return Mark{ID: id, Pieces: []annot.Fragment{f}, Color: c}
	}
	grey := color.NRGBA{0x80, 0x80, 0x80, 0xff}
	v.SetMarks([]Mark{
		mark("patel1", "Vedant Patel", 0, grey),
		mark("dept", "U.S. Department of State", 0, grey),
		mark("claim", "Washington is working with its allies", 0, grey),
		mark("q2", "We are taking a whole-of-government approach", 0, grey),
		mark("patel2", "Patel", 1, grey),
		mark("spokes", "the deputy spokesperson", 0, grey),
	})
	v.SetLinks([]Link{
		{ID: "r1", From: "q2", To: "patel2", Label: "SPEAKER", Color: speakerCol},
		{ID: "r2", From: "claim", To: "dept", Label: "CLAIMANT", Color: claimantCol},
		{ID: "r3", From: "spokes", To: "patel1", Label: "SAME_AS", Color: speakerCol},
	})
	return v, w, at
}

// near reports whether two colours differ by at most 8 in each channel.
func near(a color.Color, b color.NRGBA) bool {
	n := color.NRGBAModel.Convert(a).(color.NRGBA)
	d := func(x, y uint8) bool { return x-y <= 8 || y-x <= 8 }
	return d(n.R, b.R) && d(n.G, b.G) && d(n.B, b.B)
}

// bandHas reports whether column x of the band above the line whose text
// top is top holds a pixel of colour c.
func bandHas(img image.Image, x int, top float32, c color.NRGBA) bool {
	for y := int(top) - arcBand; y < int(top); y++ {
		if near(img.At(x, y), c) {
			return true
		}
	}
	return false
}

// TestArcsDrawn renders the sample article and looks for the links'
// colours in the band above the text: all along the way between the two
// ends of a link on one line (the claim and its claimant), and from the end
// to the column's edge when the ends are on different lines (the quote and
// its speaker). Hidden, the colours are gone.
func TestArcsDrawn(t *testing.T) {
	v, w, at := sampleLinkView(t, 1200)
	lineTop := func(cp int) (float32, float32) {
		p := pos(t, v, cp, 0)
		return p.X, p.Y - v.met.textH/2
	}
	// The claim "Washington is working with its allies" and its claimant
	// "U.S. Department of State" are on one line at this width.
	cx, cy := lineTop(at["claim"].Start)
	dx, dy := lineTop(at["dept"].End - 1)
	if cy != dy {
		t.Fatalf("claim and claimant on different lines (%v, %v): the test needs another width", cy, dy)
	}
	img := w.Canvas().Capture()
	for _, f := range []float32{0.25, 0.5, 0.75} {
		x := int(dx + (cx-dx)*f)
		if !bandHas(img, x, cy, claimantCol) {
			t.Errorf("no claimant arc above x=%d (between %v and %v) on the line at y=%v", x, dx, cx, cy)
		}
	}
	// The quote "We are taking…" starts a paragraph after its speaker's
	// ("Patel said."): the arc leaves Patel's line to the right and comes
	// into the quote's line from the left.
	px, py := lineTop(at["patel2"].Start)
	qx, qy := lineTop(at["q2"].Start)
	if py == qy {
		t.Fatal("quote and speaker on one line")
	}
	right := v.met.colX + v.met.colW
	for _, f := range []float32{0.5, 0.9} {
		if x := int(px + (right-px)*f); !bandHas(img, x, py, speakerCol) {
			t.Errorf("no speaker arc above x=%d, from the speaker (%v) to the column's end (%v)", x, px, right)
		}
	}
	if x := int(v.met.colX + (qx-v.met.colX)*0.5 + 2); !bandHas(img, x, qy, speakerCol) {
		t.Errorf("no speaker arc above x=%d, into the quote's line at %v", x, qx)
	}

	v.SetShowLinks(false)
	img = w.Canvas().Capture()
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if c := img.At(x, y); near(c, speakerCol) || near(c, claimantCol) {
				t.Fatalf("links hidden, but pixel (%d, %d) has a link's colour %v", x, y, c)
			}
		}
	}
}

// TestArcStubs: with the speaker scrolled off the top, the quote's link
// runs from the quote to the column's start edge (the way to the earlier
// text) and ends in an arrowhead pointing out.
func TestArcStubs(t *testing.T) {
	v, _, at := sampleLinkView(t, 300)
	// Put the quote's line at the top: Patel's line (the paragraph before)
	// is then above the screen.
	v.layoutVisible()
	b, i := v.doc.lineOf(at["q2"].Start)
	v.vp.b, v.vp.off = b, float32(i)*v.vp.pitch
	v.vp.normalize()
	v.visOK = false
	var dl displayList
	v.paint(&dl)
	if r := rowOf(v.arcRows, at["patel2"].Start); r != -1 {
		t.Fatalf("speaker on row %d, want above the screen", r)
	}
	var segs []arcSeg
	for _, s := range v.arcSegs {
		if v.links[s.link].ID == "r1" {
			segs = append(segs, s)
		}
	}
	if len(segs) != 1 || segs[0].t1 != tipStub || segs[0].x1 != -arcEdge || segs[0].t2 != tipLeg {
		t.Fatalf("quote's link drawn as %+v, want one stub to the left edge", segs)
	}
	// The stub's arrowhead: a triangle pointing left (270° from up), left
	// of the column's edge.
	edge := v.met.colX - arcEdge
	n := 0
	for _, p := range dl[lyArrow] {
		if p.link == segs[0].link && p.angle == 270 && p.x < edge {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d arrowheads pointing left of x=%v among %+v, want 1", n, edge, dl[lyArrow])
	}
}

// TestArcBand: the band above lines is there only while links are shown
// and there are some, and turning it on or off keeps the line at the top.
func TestArcBand(t *testing.T) {
	v, _, at := sampleLinkView(t, 300)
	with := v.met.pitch
	v.ScrollTo(at["q2"].Start)
	v.layoutVisible()
	topCP := v.vis[0].s // the line at the top edge
	v.SetShowLinks(false)
	v.layoutVisible()
	if v.met.pitch != with-arcBand {
		t.Errorf("pitch %v with links hidden, want %v - %v", v.met.pitch, with, arcBand)
	}
	found := false
	for _, ln := range v.vis {
		if ln.s == topCP {
			found = ln.y > -v.met.pitch && ln.y < v.met.pitch
		}
	}
	if !found {
		t.Errorf("the line at %d left the top when links were hidden", topCP)
	}
	v.SetShowLinks(true)
	v.SetLinks(nil)
	v.layoutVisible()
	if v.met.pitch != with-arcBand {
		t.Errorf("pitch %v without links, want %v", v.met.pitch, with-arcBand)
	}
}

// TestLinkSource: links are asked for again after the marks change, and a
// link to a removed mark is not drawn.
func TestLinkSource(t *testing.T) {
	v, _, _ := sampleLinkView(t, 1200)
	calls := 0
	links := []Link{{ID: "r1", From: "q2", To: "patel2", Color: speakerCol}}
	v.LinkSource = func() []Link {
		calls++
		return links
	}
	v.SetMarks(v.Marks())
	v.layoutVisible()
	var dl displayList
	v.paint(&dl)
	if calls != 1 || len(v.Links()) != 1 {
		t.Fatalf("after SetMarks: %d calls, %d links", calls, len(v.Links()))
	}
	if len(dl[lyArc]) == 0 {
		t.Fatal("the link is not drawn")
	}
	v.RemoveMark("patel2")
	v.paint(&dl)
	if calls != 2 {
		t.Errorf("after RemoveMark: %d calls, want 2", calls)
	}
	if len(dl[lyArc]) != 0 {
		t.Errorf("link to a removed mark drawn: %d rectangles", len(dl[lyArc]))
	}
}

// TestClickInArcBand: a click in the band above a line's text (where its
// arcs are) belongs to that line, not to the line above.
func TestClickInArcBand(t *testing.T) {
	v, w, at := sampleLinkView(t, 1200)
	rec := []string{}
	v.OnMarkTapped = func(id string) { rec = append(rec, id) }
	p := pos(t, v, at["spokes"].Start+3, 0)
	top := p.Y - v.met.textH/2
	test.TapCanvas(w.Canvas(), fyne.NewPos(p.X, top-arcBand/2)) // half way up the band
	if len(rec) != 1 || rec[0] != "spokes" {
		t.Errorf("a click in the band above %q tapped %v, want [spokes]", "the deputy spokesperson", rec)
	}
}
