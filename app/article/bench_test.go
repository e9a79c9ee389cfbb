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

func benchWindow(b *testing.B) (*View, fyne.Window) {
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
			m := marks[3]
			i := 0
			for b.Loop() {
				m.Color = palette[i%len(palette)]
				i++
				v.UpsertMark(m)
			}
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
				}
			})
		}
	}
}

// BenchmarkWheel is a 40 px wheel step, the common case while reading.
func BenchmarkWheel(b *testing.B) {
	text, ix, marks := benchDoc(1 << 20)
	v, w := benchWindow(b)
	v.SetText(text, ix)
	v.SetMarks(marks)
	c := w.Canvas()
	ev := &fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -40)}
	for b.Loop() {
		if v.vp.top()+v.vp.h >= v.vp.contentH() {
			v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
		}
		v.Scrolled(ev)
	}
	_ = c
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
