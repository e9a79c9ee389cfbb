package store

import (
	"slices"
	"testing"

	"spanbench/annot"
	"spanbench/annot/format"
)

func TestPlanExportFollowsFormatInfo(t *testing.T) {
	for _, name := range format.ExportFormats() {
		info, _ := format.ExportFormatInfo(name)
		f, opt, err := PlanExport(ExportRequest{Format: name, BOM: true})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if opt.Format != name || opt.Version != annot.Version {
			t.Errorf("%s: options %q %q", name, opt.Format, opt.Version)
		}
		// One-layer formats tag entity unless told; the others keep every layer.
		if info.Layered && (opt.Layer != annot.LayerEntity || !slices.Equal(f.Layers, []annot.Layer{annot.LayerEntity})) {
			t.Errorf("%s tags one layer: Layer %q, filter %v", name, opt.Layer, f.Layers)
		}
		if !info.Layered && (opt.Layer != "" || f.Layers != nil) {
			t.Errorf("%s: Layer %q, filter %v; want every layer", name, opt.Layer, f.Layers)
		}
		if opt.BOM != info.BOM {
			t.Errorf("%s: BOM %v, FormatInfo says %v", name, opt.BOM, info.BOM)
		}
		_, _, err = PlanExport(ExportRequest{Format: name, Layers: []annot.Layer{annot.LayerQuote, annot.LayerEntity}})
		if info.Layered != (err != nil) {
			t.Errorf("%s with two layers: err %v", name, err)
		}
	}
	if _, _, err := PlanExport(ExportRequest{Format: "xml"}); err == nil {
		t.Error("an unknown format was accepted")
	}
}

func TestPlanExportDescribesTheSelection(t *testing.T) {
	done := annot.StatusDone
	f, opt, err := PlanExport(ExportRequest{Format: "jsonl", Status: &done,
		Layers: []annot.Layer{annot.LayerQuote, annot.LayerClaim}, Labels: []string{"QUOTE"}, Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "status done; layers quote, claim; labels QUOTE; spans by ana"; opt.Filter != want {
		t.Errorf("Filter = %q, want %q", opt.Filter, want)
	}
	if f.Status != &done || len(f.Layers) != 2 || f.Labels[0] != "QUOTE" || f.Annotator != "ana" {
		t.Errorf("filter %+v", f)
	}
	// The tagged layer of conll is on the card's own line, not in the selection.
	_, opt, _ = PlanExport(ExportRequest{Format: "conll", Layers: []annot.Layer{annot.LayerQuote}})
	if opt.Layer != annot.LayerQuote || opt.Filter != "" {
		t.Errorf("conll: Layer %q, Filter %q", opt.Layer, opt.Filter)
	}
}

func TestPrepareExportCountsTheSelection(t *testing.T) {
	s := mustOpen(t)
	mustDoc(t, s, "One article.")
	one := mustDoc(t, s, "Another article.")
	f, opt, _ := PlanExport(ExportRequest{Format: "jsonl"})
	if err := s.PrepareExport(ctx, f, &opt); err != nil {
		t.Fatal(err)
	}
	if opt.Total != 2 || len(opt.Labels) != len(annot.DefaultLabels()) {
		t.Errorf("Total %d, %d labels; want 2 and the %d default labels", opt.Total, len(opt.Labels), len(annot.DefaultLabels()))
	}
	f, opt, _ = PlanExport(ExportRequest{Format: "jsonl", DocIDs: []string{one}})
	if err := s.PrepareExport(ctx, f, &opt); err != nil || opt.Total != 1 {
		t.Errorf("one document: Total %d, %v", opt.Total, err)
	}
}
