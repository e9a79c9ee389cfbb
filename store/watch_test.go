package store

import (
	"testing"

	"spanbench/annot"
)

// TestOutsideTellsOthersCommits: two Stores on one file stand for a window
// and a CLI import in another process. The window's data_version moves
// when the other commits; Outside reports the other's import (2 documents,
// counted by hand below) and its edit, never the window's own edit.
func TestOutsideTellsOthersCommits(t *testing.T) {
	win := mustOpen(t)
	other, err := Open(win.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	v0, err := win.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	last, err := win.LastAction(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mine, err := win.Import(ctx, "me", seq(annot.Bundle{Doc: annot.Document{Text: sample}}), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := other.Import(ctx, "cli", seq(annot.Bundle{Doc: annot.Document{Text: "one"}}, annot.Bundle{Doc: annot.Document{Text: "two"}}), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := other.SetStatus(ctx, "cli", mine.DocIDs[0], annot.StatusDone); err != nil {
		t.Fatal(err)
	}
	v1, err := win.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v1 == v0 {
		t.Fatalf("data_version stayed %d after another connection committed", v0)
	}
	out, err := win.Outside(ctx, last)
	if err != nil {
		t.Fatal(err)
	}
	if out.Imported != 2 || len(out.Actions) != 2 || out.Actions[0].ID != rep.ActionID || out.Actions[1].DocID != mine.DocIDs[0] {
		t.Fatalf("Outside = %+v, want the other's import of 2 documents (action %d) and its status change of %s", out, rep.ActionID, mine.DocIDs[0])
	}
	if again, err := win.Outside(ctx, out.Last); err != nil || len(again.Actions) != 0 || again.Last != out.Last {
		t.Fatalf("Outside after the last = %+v, %v; want nothing new", again, err)
	}
}

// BenchmarkWatch: what the window's poller costs on a quiet project (the
// data version, twice a second) and once something changed (the log since
// the last action seen, here an import of one document by another Store).
func BenchmarkWatch(b *testing.B) {
	win := mustOpen(b)
	other, err := Open(win.Path())
	if err != nil {
		b.Fatal(err)
	}
	defer other.Close()
	b.Run("data_version", func(b *testing.B) {
		for b.Loop() {
			if _, err := win.DataVersion(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	last, err := win.LastAction(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := other.Import(ctx, "cli", seq(annot.Bundle{Doc: annot.Document{Text: sample}}), ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	b.Run("outside", func(b *testing.B) {
		for b.Loop() {
			if out, err := win.Outside(ctx, last); err != nil || out.Imported != 1 {
				b.Fatal(out, err)
			}
		}
	})
}

// TestImportOntoNamesItsDocument: an import onto one document of the
// project (ImportOptions.Onto) is logged as an action on it, so a window
// watching (Outside) knows to read that document again; an import of new
// documents names none.
func TestImportOntoNamesItsDocument(t *testing.T) {
	win := mustOpen(t)
	rep, err := win.Import(ctx, "me", seq(annot.Bundle{Doc: annot.Document{Text: sample}}, annot.Bundle{Doc: annot.Document{Text: "two"}}), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	last, err := win.LastAction(ctx)
	if err != nil {
		t.Fatal(err)
	}
	other, err := Open(win.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	// "Vedant Patel" is sample's [25, 37) (a hand count of its text).
	sp := annot.Span{Start: 25, End: 37, Layer: annot.LayerEntity, Label: annot.LabelPerson}
	onto, err := other.Import(ctx, "cli", seq(annot.Bundle{Doc: annot.Document{Text: sample}, Spans: []annot.Span{sp}}), ImportOptions{Onto: true})
	if err != nil || onto.Onto != 1 {
		t.Fatalf("import onto: %+v, %v", onto, err)
	}
	both, err := other.Import(ctx, "cli", seq(annot.Bundle{Doc: annot.Document{Text: sample}}, annot.Bundle{Doc: annot.Document{Text: "two"}, Spans: []annot.Span{{Start: 0, End: 3, Layer: annot.LayerEntity, Label: annot.LabelOrg}}}), ImportOptions{Onto: true})
	if err != nil || both.Onto != 2 {
		t.Fatalf("import onto two documents: %+v, %v", both, err)
	}
	out, err := win.Outside(ctx, last)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Actions) != 2 || out.Actions[0].DocID != rep.DocIDs[0] || out.Actions[1].DocID != "" {
		t.Fatalf("Outside = %+v, want the import onto %s naming it, the one onto two documents none", out.Actions, rep.DocIDs[0])
	}
}
