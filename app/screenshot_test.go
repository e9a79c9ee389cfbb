package app

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"spanbench/annot"
	"spanbench/assets"
	"spanbench/store"
)

// TestWriteScreenshotProject writes the project docs/screenshot.png shows
// when SPANBENCH_SHOT_DB names a file that does not exist yet: the sample
// article with quotes, a claim, entities, cues and speaker links. Then
//
//	../shared/tools/shoot docs/screenshot.png --wait 4 --keys "--repeat 10 --delay 80 Tab" -- ./spanbench --db $SPANBENCH_SHOT_DB
//
// selects the first long quote (the tenth span) so the panel shows its speaker.
func TestWriteScreenshotProject(t *testing.T) {
	st := shotProject(t, "SPANBENCH_SHOT_DB", "the screenshot project")
	defer st.Close()
	text := assets.SampleText()
	rep, err := st.Import(bg, "ana", func(yield func(annot.Bundle, error) bool) {
		yield(annot.Bundle{Doc: annot.Document{Title: assets.SampleTitle, Text: text}}, nil)
	}, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	doc := rep.DocIDs[0]
	at := func(s string, nth int) (int, int) {
		i := -1
		for k := 0; k <= nth; k++ {
			j := strings.Index(text[i+1:], s)
			if j < 0 {
				panic(s)
			}
			i = i + 1 + j
		}
		cs := utf8.RuneCountInString(text[:i])
		return cs, cs + utf8.RuneCountInString(s)
	}
	var c store.Change
	add := func(id, s string, nth int, layer annot.Layer, label string, attrs map[string]string) {
		a, b := at(s, nth)
		c.Create = append(c.Create, annot.Span{ID: id, Start: a, End: b, Layer: layer, Label: label, Attrs: attrs})
	}
	ids := map[string]string{}
	id := func(k string) string {
		if ids[k] == "" {
			ids[k] = annot.NewID()
		}
		return ids[k]
	}
	add(id("patel1"), "Vedant Patel", 0, annot.LayerEntity, "PERSON", nil)
	add(id("state"), "U.S. Department of State", 0, annot.LayerEntity, "ORG", nil)
	add(id("state2"), "U.S. Department of State", 1, annot.LayerEntity, "ORG", nil)
	add(id("wash"), "Washington", 0, annot.LayerEntity, "GPE", nil)
	add(id("afg1"), "Afghanistan", 1, annot.LayerEntity, "GPE", nil)
	add(id("afg2"), "Afghanistan", 2, annot.LayerEntity, "GPE", nil)
	add(id("patel2"), "Patel", 1, annot.LayerEntity, "PERSON", nil)
	add(id("patel3"), "Patel", 2, annot.LayerEntity, "PERSON", nil)
	add(id("brief"), "a press briefing", 0, annot.LayerEntity, "EVENT", nil)
	add(id("q1"), "We are cooperating with partners and allies, including in the immediate region; and we’re working vigilantly to prevent the re-emergence of external threats from Afghanistan, including by working with partners to counteract terrorist recruitment efforts as well", 0, annot.LayerQuote, "QUOTE", map[string]string{"kind": "direct"})
	add(id("q2"), "We are taking a whole-of-government approach to our Afghanistan counterterrorism efforts", 0, annot.LayerQuote, "QUOTE", map[string]string{"kind": "direct"})
	add(id("q0"), "launching pad for terrorist attacks", 0, annot.LayerQuote, "QUOTE", map[string]string{"kind": "mixed"})
	add(id("c1"), "Washington is working with its allies to ensure that Afghanistan never serves as a “launching pad for terrorist attacks” against the U.S. or its allies", 0, annot.LayerClaim, "CLAIM", map[string]string{"checkworthy": "yes"})
	add(id("said"), "said", 1, annot.LayerCue, "CUE", nil)
	add(id("added"), "he added", 0, annot.LayerCue, "CUE", nil)
	c.Link = []annot.Relation{
		{Label: "SPEAKER", From: id("q1"), To: id("patel2")},
		{Label: "SPEAKER", From: id("q2"), To: id("patel2")},
		{Label: "CUE", From: id("q1"), To: id("said")},
		{Label: "CUE", From: id("q2"), To: id("added")},
		{Label: "CLAIMANT", From: id("c1"), To: id("state")},
		{Label: "SPEAKER", From: id("q0"), To: id("state")},
	}
	c.Status = annot.StatusInProgress
	_, err = st.Apply(bg, "ana", doc, "annotate sample", c)
	if err != nil {
		t.Fatal(err)
	}
}

// shotProject opens the new project a screenshot test writes, at the path
// environment variable env names; it skips the test when env is unset and
// fails when the file exists.
func shotProject(t *testing.T, env, what string) *store.Store {
	t.Helper()
	path := os.Getenv(env)
	if path == "" {
		t.Skipf("set %s=PATH to write %s", env, what)
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatalf("%s exists", path)
	}
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return st
}
