package main

import (
	"testing"

	"github.com/BurntSushi/toml"

	"spanbench/annot"
)

// TestFyneAppTomlAgrees: FyneApp.toml, which the fyne packaging tool reads,
// states the same identity as annot's constants, which the binary uses.
func TestFyneAppTomlAgrees(t *testing.T) {
	var f struct {
		Details struct {
			Name, ID, Version string
			Build             int
		}
		Migrations map[string]bool
	}
	if _, err := toml.DecodeFile("FyneApp.toml", &f); err != nil {
		t.Fatal(err)
	}
	d := f.Details
	if d.Name != annot.AppName || d.ID != annot.AppID || d.Version != annot.Version || d.Build != annot.AppBuild {
		t.Errorf("FyneApp.toml says %+v; annot says %s %s %s %d", d, annot.AppName, annot.AppID, annot.Version, annot.AppBuild)
	}
	if !f.Migrations["fyneDo"] {
		t.Error("FyneApp.toml: [Migrations] fyneDo must be true (main.go sets it)")
	}
}
