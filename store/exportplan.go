package store

import (
	"context"
	"strings"

	"spanbench/annot"
	"spanbench/annot/format"
)

// ExportRequest is what a person chose for an export, on the command line
// or in the window's Export dialog.
type ExportRequest struct {
	Format string
	Status *annot.Status // only documents with this status
	DocIDs []string      // only these documents
	// Layers: for a format that tags one layer per file
	// (format.FormatInfo.Layered: conll, hf) the layer to tag, at most one,
	// none meaning entity; for the others, only spans in these layers, none
	// meaning all.
	Layers       []annot.Layer
	Labels       []string // only spans with these labels
	Annotator    string   // only spans by this annotator
	Unit         format.Unit
	BOM          bool // csv only; other formats ignore it
	KeepFormulas bool
}

// PlanExport checks r against its format and turns it into the filter for
// Bundles and the options for format.Export, the selection described in
// words for the dataset card. The destination is the caller's; the
// project's labels and the document count come from PrepareExport.
func PlanExport(r ExportRequest) (ExportFilter, format.ExportOptions, error) {
	info, ok := format.ExportFormatInfo(r.Format)
	if !ok {
		return ExportFilter{}, format.ExportOptions{}, annot.Invalidf("", "unknown export format %q (known: %s)", r.Format, strings.Join(format.ExportFormats(), ", "))
	}
	f := ExportFilter{Status: r.Status, DocIDs: r.DocIDs, Labels: r.Labels, Annotator: r.Annotator}
	opt := format.ExportOptions{Format: info.Name, Version: annot.Version, Unit: r.Unit,
		BOM: info.BOM && r.BOM, KeepFormulas: r.KeepFormulas}
	var desc []string
	if r.Status != nil {
		desc = append(desc, "status "+string(*r.Status))
	}
	if len(r.DocIDs) > 0 {
		desc = append(desc, "document "+strings.Join(r.DocIDs, ", "))
	}
	if info.Layered {
		// The card names the tagged layer on its own line.
		switch len(r.Layers) {
		case 0:
			opt.Layer = annot.LayerEntity
		case 1:
			opt.Layer = r.Layers[0]
		default:
			return ExportFilter{}, format.ExportOptions{}, annot.Invalidf("", "%s writes one layer per file; choose one layer", info.Name)
		}
		f.Layers = []annot.Layer{opt.Layer}
	} else if len(r.Layers) > 0 {
		f.Layers = r.Layers
		names := make([]string, len(r.Layers))
		for i, l := range r.Layers {
			names[i] = string(l)
		}
		desc = append(desc, "layers "+strings.Join(names, ", "))
	}
	if len(r.Labels) > 0 {
		desc = append(desc, "labels "+strings.Join(r.Labels, ", "))
	}
	if r.Annotator != "" {
		desc = append(desc, "spans by "+r.Annotator)
	}
	opt.Filter = strings.Join(desc, "; ")
	return f, opt, nil
}

// PrepareExport fills in what export options take from the project: its
// label set and the number of documents f selects, for the card and a
// progress bar.
func (s *Store) PrepareExport(ctx context.Context, f ExportFilter, opt *format.ExportOptions) error {
	labels, err := s.Labels(ctx)
	if err != nil {
		return err
	}
	total := len(f.DocIDs)
	if total == 0 {
		if total, err = s.CountDocuments(ctx, DocFilter{Status: f.Status}); err != nil {
			return err
		}
	}
	opt.Labels, opt.Total = labels, total
	return s.prepareTeam(ctx, f, opt)
}
