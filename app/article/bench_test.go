package article

import (
	"fmt"
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"spanbench/annot"
	"spanbench/assets"
)

// Benchmarks of the figures BENCHMARKS.md asks for, on documents made of
// the sample article repeated: 100 KB with 2,000 spans and 1 MB with 20,000.
// "frame" variants force layout and the renderer's object update (what the
// GL driver then paints); "capture" variants add the test driver's software
// rasterisation of the whole window (Canvas().Capture()), which is slower
// than the GPU but shows that the objects really draw.
//
//	go test -run '^$' -bench . -benchmem ./app/article/

var palette = []color.NRGBA{
	{0x1f, 0x77, 0xb4, 0xff}, {0xd6, 0x27, 0x28, 0xff}, {0x2c, 0xa0, 0x2c, 0xff},
	{0xff, 0x7f, 0x0e, 0xff}, {0x94, 0x67, 0xbd, 0xff}, {0x8c, 0x56, 0x4b, 0xff},
	{0xe3, 0x77, 0xc2, 0xff}, {0x7f, 0x7f, 0x7f, 0xff}, {0xbc, 0xbd, 0x22, 0xff},
}

// benchDoc returns a document of at least size bytes and one span per 50
// bytes: entities of one or two tokens, quotes of twenty tokens holding
// them, discontinuous claims and suggestions.
func benchDoc(size int) (string, *annot.Index, []Mark) {
	var sb strings.Builder
	for sb.Len() < size {
		sb.WriteString(assets.SampleText())
		sb.WriteString("\n\n")
	}
	text := sb.String()
	ix := annot.NewIndex(text)
	toks := ix.Tokens()
	n := size / 50
	stride := len(toks) / n
	marks := make([]Mark, 0, n)
	for i := range n {
		k := i * stride
		t := toks[k]
		m := Mark{ID: fmt.Sprintf("s%d", i), Color: palette[i%len(palette)], Tooltip: "LABEL\nspeaker"}
		switch i % 10 {
		case 0: // quote over 20 tokens
			m.Pieces = []annot.Fragment{{Start: t.Start, End: toks[min(k+20, len(toks)-1)].End}}
		case 1: // discontinuous claim
			m.Pieces = []annot.Fragment{{Start: t.Start, End: toks[min(k+2, len(toks)-1)].End}, {Start: toks[min(k+5, len(toks)-1)].Start, End: toks[min(k+7, len(toks)-1)].End}}
		case 2:
			m.Pieces = []annot.Fragment{{Start: t.Start, End: t.End}}
			m.Suggested = true
		default:
			m.Pieces = []annot.Fragment{{Start: t.Start, End: toks[min(k+i%2, len(toks)-1)].End}}
		}
		marks = append(marks, m)
	}
	// Build the index's lazy tables now, as the window's background
	// warm-up does, so they are not timed in every run.
	ix.GraphemeLen()
	ix.Tokens()
	return text, ix, marks
}

var sizes = []struct {
	name string
	size int
}{{"100KB_2k", 100 << 10}, {"1MB_20k", 1 << 20}}

func benchWindow(b testing.TB) (*View, fyne.Window) {
	test.NewTempApp(b)
	v := New()
	w := test.NewTempWindow(b, v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(900, 700))
	return v, w
}

// BenchmarkOpen is SetText + SetMarks + first layout and render.
func BenchmarkOpen(b *testing.B) {
	for _, sz := range sizes {
		text, ix, marks := benchDoc(sz.size)
		b.Run(sz.name+"/frame", func(b *testing.B) {
			v, _ := benchWindow(b)
			for b.Loop() {
				v.SetText(text, ix)
				v.SetMarks(marks)
			}
		})
		b.Run(sz.name+"/capture", func(b *testing.B) {
			v, w := benchWindow(b)
			for b.Loop() {
				v.SetText(text, ix)
				v.SetMarks(marks)
				w.Canvas().Capture()
			}
		})
	}
}

// recolor gives mark m the next colour of the palette, through
// UpsertMark as the window does, once per loop of b.
func recolor(b *testing.B, v *View, m Mark) {
	for i := 0; b.Loop(); i++ {
		m.Color = palette[i%len(palette)]
		v.UpsertMark(m)
	}
}

// BenchmarkApplyLabel is SetMarks after one span's label (colour) changed,
// with the re-render it causes; "upsert" changes that one mark with
// UpsertMark instead, as the window does, and "add" adds a new mark and
// removes it again (two changes per op).
func BenchmarkApplyLabel(b *testing.B) {
	for _, sz := range sizes {
		text, ix, marks := benchDoc(sz.size)
		b.Run(sz.name+"/upsert", func(b *testing.B) {
			v, _ := benchWindow(b)
			v.SetText(text, ix)
			v.SetMarks(marks)
			recolor(b, v, marks[3])
		})
		b.Run(sz.name+"/add", func(b *testing.B) {
			v, _ := benchWindow(b)
			v.SetText(text, ix)
			v.SetMarks(marks)
			toks := ix.Tokens()
			i := 0
			for b.Loop() {
				t := toks[(i*7+3)%200]
				i++
				v.UpsertMark(Mark{ID: "new", Pieces: []annot.Fragment{{Start: t.Start, End: t.End}}, Color: palette[0]})
				v.RemoveMark("new")
			}
		})
		b.Run(sz.name+"/frame", func(b *testing.B) {
			v, _ := benchWindow(b)
			v.SetText(text, ix)
			v.SetMarks(marks)
			i := 0
			for b.Loop() {
				marks[3].Color = palette[i%len(palette)]
				i++
				v.SetMarks(marks)
			}
		})
		b.Run(sz.name+"/capture", func(b *testing.B) {
			v, w := benchWindow(b)
			v.SetText(text, ix)
			v.SetMarks(marks)
			i := 0
			for b.Loop() {
				marks[3].Color = palette[i%len(palette)]
				i++
				v.SetMarks(marks)
				w.Canvas().Capture()
			}
		})
	}
}

// BenchmarkScrollPage is one PageDown into text never shown before (so it
// is wrapped and laid out on the way); at the end the document is opened
// again, untimed, so every page is fresh for both sizes.
func BenchmarkScrollPage(b *testing.B) {
	for _, sz := range sizes {
		text, ix, marks := benchDoc(sz.size)
		for _, capture := range []bool{false, true} {
			name := sz.name + "/frame"
			if capture {
				name = sz.name + "/capture"
			}
			b.Run(name, func(b *testing.B) {
				v, w := benchWindow(b)
				v.SetText(text, ix)
				v.SetMarks(marks)
				pageDowns(b, v, w, capture, text, ix, marks, func() {})
			})
		}
	}
}

// pageDowns presses PageDown once per loop of b (and captures the window
// after it when capture is set), then calls frame; at the end of the text
// the document is opened again, untimed, so every page is fresh.
func pageDowns(b *testing.B, v *View, w fyne.Window, capture bool, text string, ix *annot.Index, marks []Mark, frame func()) {
	pageDown := &fyne.KeyEvent{Name: fyne.KeyPageDown}
	for b.Loop() {
		if v.vp.top()+v.vp.h >= v.vp.contentH() {
			b.StopTimer()
			v.SetText(text, ix)
			v.SetMarks(marks)
			b.StartTimer()
		}
		v.TypedKey(pageDown)
		if capture {
			w.Canvas().Capture()
		}
		frame()
	}
}

// BenchmarkWheel is a 40 px wheel step, the common case while reading.
func BenchmarkWheel(b *testing.B) {
	text, ix, marks := benchDoc(1 << 20)
	v, _ := benchWindow(b)
	v.SetText(text, ix)
	v.SetMarks(marks)
	wheelSteps(b, v)
}

// wheelSteps scrolls v 40 px down once per loop of b, back to the top at
// the end of the text.
func wheelSteps(b *testing.B, v *View) {
	ev := &fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -40)}
	for b.Loop() {
		if v.vp.top()+v.vp.h >= v.vp.contentH() {
			v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
		}
		v.Scrolled(ev)
	}
}

// BenchmarkParts times the two steps of opening that grow with the
// document: cutting it into blocks and indexing the marks.
func BenchmarkParts(b *testing.B) {
	for _, sz := range sizes {
		text, ix, marks := benchDoc(sz.size)
		b.Run(sz.name+"/blocks", func(b *testing.B) {
			for b.Loop() {
				newDocLayout(ix, shaper{}, 7, 600)
			}
		})
		b.Run(sz.name+"/markindex", func(b *testing.B) {
			for b.Loop() {
				buildMarkIndex(marks, ix.Len())
			}
		})
		_ = text
	}
}

// benchLinks returns 5,000 links per 20,000 marks of benchDoc: each quote
// to the entity three marks on (SPEAKER), each claim to the one four on
// (CLAIMANT), and every other fifth-of-ten entity to the one ten on
// (SAME_AS), so links cross lines, nest and overlap.
func benchLinks(marks []Mark) []Link {
	var links []Link
	add := func(i, j int, label string, c color.NRGBA) {
		if j < len(marks) {
			links = append(links, Link{ID: fmt.Sprintf("r%d", len(links)), From: marks[i].ID, To: marks[j].ID, Label: label, Color: c})
		}
	}
	for i := range marks {
		switch {
		case i%10 == 0:
			add(i, i+3, "SPEAKER", palette[0])
		case i%10 == 1:
			add(i, i+4, "CLAIMANT", palette[1])
		case i%20 == 5:
			add(i, i+10, "SAME_AS", palette[2])
		}
	}
	return links
}

// BenchmarkArcs is the view with links drawn on the 1 MB document (20,000
// spans, 5,000 links): a PageDown into never-shown text, a wheel step, a
// repaint of what is on screen, and an edit of one mark after which the
// links are asked for again (LinkSource, as the window does).
func BenchmarkArcs(b *testing.B) {
	text, ix, marks := benchDoc(1 << 20)
	links := benchLinks(marks)
	open := func(b *testing.B) (*View, fyne.Window) {
		v, w := benchWindow(b)
		v.SetText(text, ix)
		v.SetMarks(marks)
		v.SetLinks(links)
		b.ReportMetric(float64(len(links)), "links")
		return v, w
	}
	for _, capture := range []bool{false, true} {
		name := "page/frame"
		if capture {
			name = "page/capture"
		}
		b.Run(name, func(b *testing.B) {
			v, w := open(b)
			arcs, frames := 0, 0
			pageDowns(b, v, w, capture, text, ix, marks, func() {
				arcs, frames = arcs+len(v.arcSegs), frames+1
			})
			if arcs == 0 {
				b.Fatal("no arcs drawn")
			}
			b.ReportMetric(float64(arcs)/float64(frames), "arcs/frame")
		})
	}
	b.Run("wheel/frame", func(b *testing.B) {
		v, _ := open(b)
		wheelSteps(b, v)
	})
	b.Run("refresh/frame", func(b *testing.B) {
		v, _ := open(b)
		v.ScrollTo(ix.Len() / 2)
		for b.Loop() {
			v.Refresh()
		}
		b.ReportMetric(float64(len(v.arcSegs)), "arcs/frame")
	})
	b.Run("edit/frame", func(b *testing.B) {
		v, _ := open(b)
		v.LinkSource = func() []Link { return links }
		recolor(b, v, marks[3])
	})
}
