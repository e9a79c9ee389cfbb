package format_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/format"
)

// bratConfsDir holds annotation.conf files of brat's example corpora, with
// a sample document where small (SOURCE.md names repository, path and
// commit of each).
const bratConfsDir = "testdata/brat-confs"

func labelNames(ls []annot.Label, layer annot.Layer) []string {
	var out []string
	for _, l := range ls {
		if (layer == annot.LayerRelation) == (l.Layer == annot.LayerRelation) {
			out = append(out, l.Name)
		}
	}
	return out
}

// TestBratExampleConfs reads the configs of brat's example corpora, which
// brat accepts, and imports their sample documents into a project. The
// expected label counts are the type lines of each file, counted by hand.
func TestBratExampleConfs(t *testing.T) {
	for _, c := range []struct {
		dir              string
		spanTypes, rels  int
		has              []string // span types, then "rel:" relation types
		spans, relations int      // in the sample document, counted in its .ann
	}{
		// [entities] Protein, Entity; [relations] Equiv, Protein-Component,
		// Subunit-Complex and two ENTITY-NESTING lines, which only allow
		// overlaps and are no labels.
		{dir: "BioNLP-ST_2011_REL", spanTypes: 2, rels: 3, has: []string{"Protein", "Entity", "rel:Protein-Component", "rel:Equiv"}, spans: 30, relations: 9},
		// [spans] (brat's alias of [entities]): 23 types; 55 relation types.
		{dir: "CoNLL-ST_2006", spanTypes: 23, rels: 55, has: []string{"_question_", "v-fin", "rel:ACC_gt_-PASS", "rel:_question_"}, spans: 21, relations: 20},
		{dir: "NCBI-disease", spanTypes: 1, rels: 0, has: []string{"Disease"}, spans: 8},
		// [spans]: 15 types; 98 relation types, one per line.
		{dir: "TDT", spanTypes: 15, rels: 98, has: []string{"Pcle", "rel:nommod-own-exp"}},
		// brat's built-in config: Protein; Equiv. Its event types
		// Protein_binding|GO:0005515 and Gene_expression|GO:0010467 are
		// not declared labels (events are not modelled) but are known types.
		{dir: "brat-default", spanTypes: 1, rels: 1, has: []string{"Protein", "rel:Equiv"}},
	} {
		t.Run(c.dir, func(t *testing.T) {
			dir := filepath.Join(bratConfsDir, c.dir)
			labels, err := format.BratConfLabels(filepath.Join(dir, "annotation.conf"))
			if err != nil {
				t.Fatal(err)
			}
			spanTypes, rels := labelNames(labels, annot.LayerEntity), labelNames(labels, annot.LayerRelation)
			if len(spanTypes) != c.spanTypes || len(rels) != c.rels {
				t.Errorf("%d span types, %d relation types; want %d, %d: %v %v", len(spanTypes), len(rels), c.spanTypes, c.rels, spanTypes, rels)
			}
			for _, h := range c.has {
				list, name := spanTypes, h
				if n, ok := strings.CutPrefix(h, "rel:"); ok {
					list, name = rels, n
				}
				if !slices.Contains(list, name) {
					t.Errorf("no label %s", h)
				}
			}
			for _, l := range labels {
				if err := annot.CheckLabelName(l.Name); err != nil {
					t.Errorf("label %q: %v", l.Name, err)
				}
			}
			if c.spans == 0 && c.relations == 0 {
				return
			}
			s := mustStore(t)
			rep := importAll(t, s, "brat", format.ReadOptions{}, dir)
			if rep.Documents != 1 || rep.Spans != c.spans || rep.Relations != c.relations {
				t.Errorf("imported %d documents, %d spans, %d relations; want 1, %d, %d", rep.Documents, rep.Spans, rep.Relations, c.spans, c.relations)
			}
		})
	}
}

// TestBratConfSyntax covers brat's configuration syntax on small configs:
// Type|Alias names (BioNLP-ST_2011 EPI declares Hydroxylation|GO:0018126),
// storage forms, macros, separators, "!" groups, and the names Spanbench's
// label alphabet refuses.
func TestBratConfSyntax(t *testing.T) {
	read := func(t *testing.T, conf, ann, text string) (format.Import, []annot.Bundle, error) {
		t.Helper()
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "annotation.conf"), []byte(conf), 0o644)
		os.WriteFile(filepath.Join(dir, "d.ann"), []byte(ann), 0o644)
		os.WriteFile(filepath.Join(dir, "d.txt"), []byte(text), 0o644)
		im, err := format.Open("brat", format.ReadOptions{}, dir)
		if err != nil {
			return im, nil, err
		}
		var bs []annot.Bundle
		for b, err := range im.Bundles {
			if err != nil {
				return im, bs, err
			}
			bs = append(bs, b)
		}
		return im, bs, nil
	}
	text := "Hydroxylation of p53 by enzyme X.\n"
	t.Run("alias", func(t *testing.T) {
		conf := "[entities]\n!Molecule\n Protein|Prot|P\n----\nEntity\n[relations]\n<ARG>=Arg1:Protein, Arg2:Protein\nBinds|binding\t<ARG>\n[events]\nHydroxylation|GO:0018126\tTheme:Protein, Site?:Entity\n[attributes]\nNegation\tArg:<EVENT>\n"
		ann := "T1\tHydroxylation 0 13\tHydroxylation\nT2\tProtein 17 20\tp53\nT3\tProtein 24 32\tenzyme X\nE1\tHydroxylation:T1 Theme:T2\nR1\tBinds Arg1:T3 Arg2:T2\n"
		im, bs, err := read(t, conf, ann, text)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range im.Labels {
			got = append(got, string(l.Layer)+":"+l.Name)
		}
		if want := "entity:Protein entity:Entity relation:Binds"; strings.Join(got, " ") != want {
			t.Errorf("labels %v, want %s", got, want)
		}
		if len(bs) != 1 || len(bs[0].Spans) != 3 || bs[0].Spans[0].Label != "Hydroxylation" || len(bs[0].Relations) != 1 {
			t.Errorf("bundles %+v", bs)
		}
	})
	t.Run("storage form", func(t *testing.T) {
		// brat stores a type by its first name with every character but
		// [a-zA-Z0-9_-] as _ (normalize_to_storage_form): GO:0018126 is
		// written GO_0018126 in .ann files, and so is it read. Old configs
		// put spaces in names, with a tab before the arguments.
		im, bs, err := read(t, "[entities]\nGO:0018126|Hydroxylation\n[relations]\nPart of\tArg1:<ENTITY>, Arg2:<ENTITY>\n[events]\n[attributes]\n",
			"T1\tGO_0018126 0 13\tHydroxylation\n", text)
		if err != nil {
			t.Fatal(err)
		}
		if n := labelNames(im.Labels, annot.LayerEntity); strings.Join(n, " ") != "GO_0018126" {
			t.Errorf("labels %v", n)
		}
		if n := labelNames(im.Labels, annot.LayerRelation); strings.Join(n, " ") != "Part_of" {
			t.Errorf("relation labels %v", n)
		}
		if len(bs) != 1 || bs[0].Spans[0].Label != "GO_0018126" {
			t.Errorf("bundles %+v", bs)
		}
	})
	t.Run("refused name", func(t *testing.T) {
		_, _, err := read(t, "[entities]\nProtein\n-Weird|shown as Weird\n", "", text)
		if err == nil || !strings.Contains(err.Error(), "annotation.conf:3:") || !strings.Contains(err.Error(), "-Weird") || strings.Contains(err.Error(), "\n") {
			t.Errorf("err = %v; want one line naming annotation.conf:3 and -Weird", err)
		}
	})
	t.Run("no parent", func(t *testing.T) {
		_, _, err := read(t, "[entities]\nProtein\n\t\tDeep\n", "", text)
		if err == nil || !strings.Contains(err.Error(), "annotation.conf:3:") {
			t.Errorf("err = %v; want the line of the orphan", err)
		}
	})
}
