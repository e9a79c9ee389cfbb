package format_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"spanbench/annot/format"
	"spanbench/internal/validators"
)

type lsTask struct {
	ID          *int              `json:"id"`
	Data        map[string]string `json:"data"`
	Meta        map[string]string `json:"meta"`
	Annotations []struct {
		Result []struct {
			ID       string `json:"id"`
			FromName string `json:"from_name"`
			ToName   string `json:"to_name"`
			Type     string `json:"type"`
			FromID   string `json:"from_id"`
			ToID     string `json:"to_id"`
		} `json:"result"`
	} `json:"annotations"`
}

func readLSTasks(t *testing.T, path string) []lsTask {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var tasks []lsTask
	if err := json.Unmarshal(b, &tasks); err != nil {
		t.Fatal(err)
	}
	return tasks
}

// TestLabelStudioExportConverts: label-studio-converter reads task["id"]
// for every target format (KeyError: 'id' without it), so tasks are
// numbered 1..N in export order; the export then converts, checked with
// the converter itself when the validator kit is there.
func TestLabelStudioExportConverts(t *testing.T) {
	dir := t.TempDir()
	sum := export(t, dir, "labelstudio", format.ExportOptions{}, testBundles()...)
	tasks := readLSTasks(t, sum.Path)
	for i, task := range tasks {
		if task.ID == nil || *task.ID != i+1 {
			t.Errorf("task %d: id %v, want %d", i+1, task.ID, i+1)
		}
	}
	cfg := strings.TrimSuffix(sum.Path, ".json") + ".label_config.xml"
	if out, ok := validators.Run(t, "labelstudio", sum.Path, cfg); !ok {
		t.Errorf("label-studio-converter refuses the export:\n%s", out)
	}
}

// lsProjectConfig and lsProjectTasks are an export of a Label Studio
// project whose tags are not named as Spanbench names its own: Labels
// "ner", Text "txt", and Label Studio's own region ids (random, 10
// characters).
const lsProjectConfig = `<View>
  <Labels name="ner" toName="txt">
    <Label value="PERSON"/>
    <Label value="ORG"/>
  </Labels>
  <Text name="txt" value="$text"/>
  <Relations>
    <Relation value="works_for"/>
  </Relations>
</View>
`

const lsProjectTasks = `[{"id": 41, "data": {"text": "Vedant Patel works for Acme Corp."},
 "annotations": [{"id": 3, "result": [
  {"id": "Xk3_9aB1qZ", "from_name": "ner", "to_name": "txt", "type": "labels", "origin": "manual",
   "value": {"start": 0, "end": 12, "text": "Vedant Patel", "labels": ["PERSON"]}},
  {"id": "p0Q2rT7z-w", "from_name": "ner", "to_name": "txt", "type": "labels", "origin": "manual",
   "value": {"start": 23, "end": 32, "text": "Acme Corp", "labels": ["ORG"]}},
  {"from_id": "Xk3_9aB1qZ", "to_id": "p0Q2rT7z-w", "type": "relation", "direction": "right", "labels": ["works_for"]}]}]}]
`

// TestLabelStudioRoundTripKeepsNames: a Label Studio export imported into
// a project and exported again still fits its project: the same from_name,
// to_name and region ids, a config with those tag names, and tasks the
// converter reads.
func TestLabelStudioRoundTripKeepsNames(t *testing.T) {
	in := t.TempDir()
	tasksPath := filepath.Join(in, "project.json")
	os.WriteFile(tasksPath, []byte(lsProjectTasks), 0o644)
	os.WriteFile(filepath.Join(in, "project.label_config.xml"), []byte(lsProjectConfig), 0o644)
	s := mustStore(t)
	importAll(t, s, "labelstudio", format.ReadOptions{}, tasksPath)
	bs := projectBundles(t, s)
	sum := export(t, t.TempDir(), "labelstudio", format.ExportOptions{}, bs...)

	tasks := readLSTasks(t, sum.Path)
	if len(tasks) != 1 || len(tasks[0].Annotations) != 1 {
		t.Fatalf("tasks %+v", tasks)
	}
	var ids, names []string
	for _, r := range tasks[0].Annotations[0].Result {
		if r.Type == "relation" {
			ids = append(ids, "rel:"+r.FromID+">"+r.ToID)
			continue
		}
		ids = append(ids, r.ID)
		names = append(names, r.FromName+"/"+r.ToName)
	}
	sort.Strings(ids)
	if want := "Xk3_9aB1qZ p0Q2rT7z-w rel:Xk3_9aB1qZ>p0Q2rT7z-w"; strings.Join(ids, " ") != want {
		t.Errorf("region ids %v, want %s", ids, want)
	}
	if want := "ner/txt ner/txt"; strings.Join(names, " ") != want {
		t.Errorf("names %v, want %s", names, want)
	}
	for k := range tasks[0].Meta {
		if strings.HasPrefix(k, "labelstudio_") {
			t.Errorf("task meta has %s", k)
		}
	}
	cfgPath := strings.TrimSuffix(sum.Path, ".json") + ".label_config.xml"
	cfg, _ := os.ReadFile(cfgPath)
	for _, want := range []string{`<Labels name="ner" toName="txt">`, `<Text name="txt" value="$text"/>`} {
		if !strings.Contains(string(cfg), want) {
			t.Errorf("config lacks %s:\n%s", want, cfg)
		}
	}
	// Last, as they skip without the kit: the converter reads the input
	// and the round trip alike.
	if out, ok := validators.Run(t, "labelstudio", tasksPath, filepath.Join(in, "project.label_config.xml")); !ok {
		t.Errorf("the input itself does not convert:\n%s", out)
	}
	if out, ok := validators.Run(t, "labelstudio", sum.Path, cfgPath); !ok {
		t.Errorf("label-studio-converter refuses the round trip:\n%s", out)
	}
}

// lsTwoAnnotations is a task two annotators labelled: Label Studio keeps
// each annotation's results apart, with region ids random per region
// (the first two), a Spanbench UUID (the third), and an id both
// annotations used (a prediction both accepted: "Shared0001").
const lsTwoAnnotations = `[{"id": 7, "data": {"text": "Vedant Patel works for Acme Corp."},
 "annotations": [
  {"id": 1, "result": [
   {"id": "Xk3_9aB1qZ", "from_name": "label", "to_name": "text", "type": "labels",
    "value": {"start": 0, "end": 12, "text": "Vedant Patel", "labels": ["PERSON"]}},
   {"id": "Shared0001", "from_name": "label", "to_name": "text", "type": "labels",
    "value": {"start": 13, "end": 18, "text": "works", "labels": ["VERB"]}}]},
  {"id": 2, "result": [
   {"id": "p0Q2rT7z-w", "from_name": "label", "to_name": "text", "type": "labels",
    "value": {"start": 23, "end": 32, "text": "Acme Corp", "labels": ["ORG"]}},
   {"id": "0f8fad5b-d9cb-469f-a165-70867728950e", "from_name": "label", "to_name": "text", "type": "labels",
    "value": {"start": 19, "end": 22, "text": "for", "labels": ["PREP"]}},
   {"id": "Shared0001", "from_name": "label", "to_name": "text", "type": "labels",
    "value": {"start": 13, "end": 18, "text": "works", "labels": ["VERB"]}},
   {"from_id": "p0Q2rT7z-w", "to_id": "Shared0001", "type": "relation", "direction": "right", "labels": ["SAME_AS"]}]}]}]
`

// TestLabelStudioRoundTripKeepsRegionIDsOfEveryAnnotation: docs/formats.md
// promises the export gives imported spans their region ids back; that
// holds for the second annotation of a task as for the first, a UUID id
// stays the span's id, and only an id an earlier annotation already used
// is told apart (by the annotation's number).
func TestLabelStudioRoundTripKeepsRegionIDsOfEveryAnnotation(t *testing.T) {
	in := t.TempDir()
	tasksPath := filepath.Join(in, "two.json")
	os.WriteFile(tasksPath, []byte(lsTwoAnnotations), 0o644)
	s := mustStore(t)
	importAll(t, s, "labelstudio", format.ReadOptions{}, tasksPath)
	bs := projectBundles(t, s)
	if len(bs) != 1 {
		t.Fatalf("%d documents", len(bs))
	}
	const uuidRegion = "0f8fad5b-d9cb-469f-a165-70867728950e"
	found := false
	for _, sp := range bs[0].Spans {
		found = found || sp.ID == uuidRegion
	}
	if !found {
		t.Errorf("no span has the UUID region id %s as its id: %+v", uuidRegion, bs[0].Spans)
	}
	sum := export(t, t.TempDir(), "labelstudio", format.ExportOptions{}, bs...)
	tasks := readLSTasks(t, sum.Path)
	if len(tasks) != 1 || len(tasks[0].Annotations) != 1 {
		t.Fatalf("tasks %+v", tasks)
	}
	var ids []string
	for _, r := range tasks[0].Annotations[0].Result {
		if r.Type == "relation" {
			ids = append(ids, "rel:"+r.FromID+">"+r.ToID)
			continue
		}
		ids = append(ids, r.ID)
	}
	sort.Strings(ids)
	want := []string{uuidRegion, "Shared0001", "Xk3_9aB1qZ", "a2:Shared0001", "p0Q2rT7z-w", "rel:p0Q2rT7z-w>a2:Shared0001"}
	sort.Strings(want)
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("region ids\n %v\nwant\n %v", ids, want)
	}
}
