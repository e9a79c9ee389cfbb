package annot

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateLabels(t *testing.T) {
	with := func(ls ...Label) []Label { return append(DefaultLabels(), ls...) }
	tests := []struct {
		name   string
		labels []Label
		kind   Kind // 0 = valid
		field  string
		msg    string
	}{
		{"defaults", DefaultLabels(), 0, "", ""},
		{"new entity", with(Label{Layer: LayerEntity, Name: "DATE", Color: "#ABCDEF"}), 0, "", ""},
		{"same name, other layer", with(Label{Layer: LayerRelation, Name: "QUOTE", Color: "#555555"}), 0, "", ""},
		{"two words", with(Label{Layer: LayerEntity, Name: "NEW ORG", Color: "#123456"}), KindInvalid, "labels[14].name", "one word"},
		{"blank", with(Label{Layer: LayerEntity, Name: " ", Color: "#123456"}), KindInvalid, "labels[14].name", "one word"},
		{"twice in layer", with(Label{Layer: LayerEntity, Name: "ORG", Color: "#123456"}), KindConflict, "labels[14].name", "appears twice in layer entity"},
		{"bad layer", with(Label{Layer: "topic", Name: "X", Color: "#123456"}), KindInvalid, "labels[14].layer", "unknown layer"},
		{"bad colour", with(Label{Layer: LayerEntity, Name: "X", Color: "red"}), KindInvalid, "labels[14].color", "#rrggbb"},
		{"short colour", with(Label{Layer: LayerEntity, Name: "X", Color: "#fff"}), KindInvalid, "labels[14].color", "#rrggbb"},
		{"key twice", with(Label{Layer: LayerEntity, Name: "X", Color: "#123456", Key: "3"}), KindConflict, "labels[14].key", "already used by PERSON"},
		{"key not a digit", with(Label{Layer: LayerCue, Name: "X", Color: "#123456", Key: "a"}), KindInvalid, "labels[14].key", "1-9"},
		{"key zero", with(Label{Layer: LayerCue, Name: "X", Color: "#123456", Key: "0"}), KindInvalid, "labels[14].key", "1-9"},
		{"relation key", append([]Label{{Layer: LayerRelation, Name: "R", Color: "#555555", Key: "1"}}, DefaultLabels()...), KindInvalid, "labels[0].key", "cannot have a key"},
		{"built-in relation renamed", func() []Label { ls := DefaultLabels(); ls[10].Name = "SAID_BY"; return ls }(), KindInvalid, "labels", "relation label SPEAKER is built in"},
		{"built-in relation deleted", DefaultLabels()[:13], KindInvalid, "labels", "relation label SAME_AS is built in (used for linking coreferent entities)"},
		{"built-in name as a span label", with(Label{Layer: LayerEntity, Name: "SPEAKER", Color: "#123456"}), 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateLabels(tt.labels)
			if tt.kind == 0 {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Kind != tt.kind || e.Field != tt.field || !strings.Contains(e.Msg, tt.msg) {
				t.Fatalf("got %v (%#v), want %s at %s mentioning %q", err, e, tt.kind, tt.field, tt.msg)
			}
		})
	}
}

func TestIsBuiltin(t *testing.T) {
	n := 0
	for _, l := range DefaultLabels() {
		if IsBuiltin(l) {
			n++
			if l.Layer != LayerRelation {
				t.Errorf("%v", l)
			}
		}
	}
	if n != 4 || IsBuiltin(Label{Layer: LayerCue, Name: "CUE"}) || IsBuiltin(Label{Layer: LayerRelation, Name: "QUOTES"}) {
		t.Errorf("%d built-in labels", n)
	}
}

func TestParseLabelLayer(t *testing.T) {
	for _, s := range []string{"quote", "claim", "entity", "cue", "relation"} {
		if l, err := ParseLabelLayer(s); err != nil || string(l) != s {
			t.Errorf("%s: %v %v", s, l, err)
		}
	}
	if _, err := ParseLabelLayer("Entity"); err == nil || !strings.Contains(err.Error(), "relation") {
		t.Errorf("Entity: %v", err)
	}
}

func TestLabelInsertAt(t *testing.T) {
	d := DefaultLabels() // QUOTE CLAIM PERSON..MISC(8) CUE(9) SPEAKER(10).. SAME_AS(13)
	for _, tt := range []struct {
		labels []Label
		layer  Layer
		want   int
	}{
		{d, LayerQuote, 1},
		{d, LayerEntity, 9},
		{d, LayerCue, 10},
		{d, LayerRelation, 14},
		{d[:9], LayerCue, 9},                      // no cue, no relation: at the end
		{append(d[:2:2], d[10:]...), LayerCue, 2}, // no cue: before the relations
		{[]Label{}, LayerEntity, 0},
	} {
		if got := LabelInsertAt(tt.labels, tt.layer); got != tt.want {
			t.Errorf("%d labels, %s: %d, want %d", len(tt.labels), tt.layer, got, tt.want)
		}
	}
}

func TestBindKeySwaps(t *testing.T) {
	ls := DefaultLabels()
	org := IndexLabel(ls, LayerEntity, "ORG")
	person := IndexLabel(ls, LayerEntity, "PERSON")
	cue := IndexLabel(ls, LayerCue, "CUE")
	if j := BindKey(ls, org, "3"); j != person || ls[org].Key != "3" || ls[person].Key != "4" {
		t.Fatalf("ORG takes 3: other %d, ORG %q, PERSON %q", j, ls[org].Key, ls[person].Key)
	}
	if j := BindKey(ls, cue, "3"); j != org || ls[cue].Key != "3" || ls[org].Key != "" {
		t.Fatalf("CUE (no key) takes 3: other %d, CUE %q, ORG %q", j, ls[cue].Key, ls[org].Key)
	}
	if j := BindKey(ls, cue, ""); j != -1 || ls[cue].Key != "" {
		t.Fatalf("unbinding: %d %q", j, ls[cue].Key)
	}
	if err := ValidateLabels(ls); err != nil {
		t.Fatal(err)
	}
}

func TestNextColor(t *testing.T) {
	ls := DefaultLabels()
	if c := NextColor(ls, LayerRelation); c != RelationColor {
		t.Errorf("relation %s", c)
	}
	first := NextColor(ls, LayerEntity)
	if CheckColor(first) != nil {
		t.Fatalf("bad colour %s", first)
	}
	ls = append(ls, Label{Layer: LayerEntity, Name: "DATE", Color: strings.ToUpper(first)})
	if c := NextColor(ls, LayerEntity); c == first {
		t.Errorf("colour %s given twice", c)
	}
}

// TestCheckLabelNameHostile: names that would drive a terminal, vanish in a
// file or read back as brat syntax are refused, naming the label escaped;
// ordinary names of any script pass.
func TestCheckLabelNameHostile(t *testing.T) {
	refused := map[string]string{
		"NUL":        "A\x00B",
		"ESC":        "A\x1b]0;owned\x07",
		"VT":         "A\vB",
		"FF":         "A\fB",
		"NEL":        "A\u0085B",
		"LS":         "A\u2028B",
		"NBSP":       "NEW\u00a0ORG",
		"RLO":        "A\u202eB",
		"100k chars": strings.Repeat("A", 100000),
		"#A":         "#A",
		"!entity":    "!entity",
		"<ENTITY>":   "<ENTITY>",
		"pipe":       "Type|Alias",
		"leading -":  "-rf",
		"empty":      "",
		"bad UTF-8":  "A\xffB",
	}
	for name, l := range refused {
		err := CheckLabelName(l)
		if KindOf(err) != KindInvalid {
			t.Errorf("%s: %q accepted (%v)", name, l, err)
			continue
		}
		msg := err.Error()
		if strings.ContainsAny(msg, "\x00\x1b\v\f\u0085\u2028\u00a0\u202e\n") || len(msg) > 300 {
			t.Errorf("%s: error not escaped or too long: %q", name, msg)
		}
		if l != "" && !strings.Contains(msg, QuoteCut(l, 40)) {
			t.Errorf("%s: error %q does not name the label", name, msg)
		}
	}
	for _, l := range []string{"PERSON", "Merge-org", "GO:0018126", "v1.2", "_x", "Person_ZH", "人物", "Zoë", "ﾌﾞﾗﾝﾄﾞ", "नाम", "A" + strings.Repeat("b", MaxLabelLen-1)} {
		if err := CheckLabelName(l); err != nil {
			t.Errorf("%q refused: %v", l, err)
		}
	}
}
