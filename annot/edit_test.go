package annot

import (
	"maps"
	"reflect"
	"slices"
	"testing"
)

func TestCompareSpans(t *testing.T) {
	// The order the README gives for a document's spans: by start, longest
	// first, then by id.
	spans := []Span{
		{ID: "c", Start: 5, End: 9},
		{ID: "b", Start: 0, End: 4},
		{ID: "a", Start: 0, End: 4},
		{ID: "d", Start: 0, End: 10},
	}
	SortSpans(spans)
	var got []string
	for _, sp := range spans {
		got = append(got, sp.ID)
	}
	if want := []string{"d", "a", "b", "c"}; !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
}

func TestPruneAttrs(t *testing.T) {
	attrs := map[string]string{AttrKind: "direct", AttrCheckworthy: "yes", "source": "brat"}
	tests := []struct {
		layer Layer
		want  map[string]string
	}{
		{LayerQuote, map[string]string{AttrKind: "direct", "source": "brat"}},
		{LayerClaim, map[string]string{AttrCheckworthy: "yes", "source": "brat"}},
		{LayerEntity, map[string]string{"source": "brat"}},
	}
	for _, tt := range tests {
		if got := PruneAttrs(attrs, tt.layer); !maps.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.layer, got, tt.want)
		}
	}
	if len(attrs) != 3 {
		t.Errorf("PruneAttrs changed its argument: %v", attrs)
	}
	if PruneAttrs(nil, LayerQuote) != nil {
		t.Error("nil attributes became a map")
	}
}

func TestRelabel(t *testing.T) {
	q := Span{ID: "q", Layer: LayerQuote, Label: LabelQuote, Attrs: map[string]string{AttrKind: "direct", "x": "1"}}
	tests := []struct {
		name string
		l    Label
		want Span
	}{
		{"same layer keeps attributes", Label{Layer: LayerQuote, Name: "QUOTE2"},
			Span{ID: "q", Layer: LayerQuote, Label: "QUOTE2", Attrs: map[string]string{AttrKind: "direct", "x": "1"}}},
		{"quote to claim drops kind", Label{Layer: LayerClaim, Name: LabelClaim},
			Span{ID: "q", Layer: LayerClaim, Label: LabelClaim, Attrs: map[string]string{"x": "1"}}},
	}
	for _, tt := range tests {
		if got := Relabel(q, tt.l); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestWithAttr(t *testing.T) {
	sp := Span{Attrs: map[string]string{"a": "1"}}
	got := WithAttr(sp, AttrKind, "mixed")
	if !maps.Equal(got.Attrs, map[string]string{"a": "1", AttrKind: "mixed"}) || len(sp.Attrs) != 1 {
		t.Errorf("set: %v (original %v)", got.Attrs, sp.Attrs)
	}
	if got = WithAttr(got, "a", ""); !maps.Equal(got.Attrs, map[string]string{AttrKind: "mixed"}) {
		t.Errorf("remove: %v", got.Attrs)
	}
}

func TestRelink(t *testing.T) {
	// q (quote) said by e1, with cue c; a claim k claimed by q; e1 SAME_AS e2.
	layers := map[string]Layer{"q": LayerQuote, "e1": LayerEntity, "e2": LayerEntity, "c": LayerCue, "k": LayerClaim}
	rels := []Relation{
		{ID: "r1", Label: RelSpeaker, From: "q", To: "e1"},
		{ID: "r2", Label: RelCue, From: "q", To: "c"},
		{ID: "r3", Label: RelClaimant, From: "k", To: "q"},
		{ID: "r4", Label: RelSameAs, From: "e1", To: "e2"},
		{ID: "r5", Label: "Located", From: "q", To: "e2"},
	}
	layerOf := func(id string) Layer { return layers[id] }
	tests := []struct {
		name       string
		span       string
		layer      Layer
		wantUnlink []string
		wantLink   []Relation
	}{
		{"same layer changes nothing", "q", LayerQuote, nil, nil},
		// A claim's speaker is its CLAIMANT; CUE starts at quotes only; a
		// CLAIMANT points to a quote or an entity, not a claim, so r3 goes;
		// Located has no rule.
		{"quote to claim", "q", LayerClaim, []string{"r1", "r2", "r3"}, []Relation{{Label: RelClaimant, From: "q", To: "e1"}}},
		// An entity says nothing and is no CUE; it may be a claimant.
		{"quote to entity", "q", LayerEntity, []string{"r1", "r2"}, nil},
		// SPEAKER points to entities only; SAME_AS joins entities.
		{"entity to cue", "e1", LayerCue, []string{"r1", "r4"}, nil},
	}
	for _, tt := range tests {
		sp := Span{ID: tt.span, Layer: layers[tt.span]}
		unlink, link := Relink(rels, layerOf, sp, tt.layer)
		if !slices.Equal(unlink, tt.wantUnlink) || !reflect.DeepEqual(link, tt.wantLink) {
			t.Errorf("%s: unlink %v link %v, want %v %v", tt.name, unlink, link, tt.wantUnlink, tt.wantLink)
		}
	}
}

func TestAddFragment(t *testing.T) {
	tests := []struct {
		name       string
		sp         Span
		start, end int
		want       []Fragment // nil: contiguous
		wantStart  int
		wantEnd    int
	}{
		{"apart, after", Span{Start: 0, End: 5}, 10, 15, []Fragment{{0, 5}, {10, 15}}, 0, 15},
		{"apart, before", Span{Start: 10, End: 15}, 0, 5, []Fragment{{0, 5}, {10, 15}}, 0, 15},
		{"touching merges", Span{Start: 0, End: 5}, 5, 8, nil, 0, 8},
		{"overlapping merges", Span{Start: 0, End: 5}, 3, 8, nil, 0, 8},
		{"bridging two pieces", Span{Start: 0, End: 20, Fragments: []Fragment{{0, 5}, {10, 20}}}, 4, 11, nil, 0, 20},
		{"third piece between", Span{Start: 0, End: 20, Fragments: []Fragment{{0, 5}, {15, 20}}}, 8, 10, []Fragment{{0, 5}, {8, 10}, {15, 20}}, 0, 20},
	}
	for _, tt := range tests {
		got := AddFragment(tt.sp, tt.start, tt.end)
		if !slices.Equal(got.Fragments, tt.want) || got.Start != tt.wantStart || got.End != tt.wantEnd {
			t.Errorf("%s: %d-%d %v, want %d-%d %v", tt.name, got.Start, got.End, got.Fragments, tt.wantStart, tt.wantEnd, tt.want)
		}
	}
}

func TestInPieces(t *testing.T) {
	sp := Span{Start: 0, End: 20, Fragments: []Fragment{{0, 5}, {10, 20}}}
	tests := []struct {
		start, end int
		want       bool
	}{{0, 5, true}, {11, 12, true}, {4, 11, false}, {6, 8, false}}
	for _, tt := range tests {
		if got := InPieces(sp, tt.start, tt.end); got != tt.want {
			t.Errorf("%d-%d: %v, want %v", tt.start, tt.end, got, tt.want)
		}
	}
}

func TestStatusAfterEdit(t *testing.T) {
	tests := []struct {
		current, asked Status
		touches        bool
		want           Status
	}{
		{StatusTodo, "", true, StatusInProgress},
		{StatusTodo, "", false, ""},
		{StatusTodo, StatusDone, true, StatusDone},
		{StatusInProgress, "", true, ""},
		{StatusDone, "", true, ""},
		{"", "", true, StatusInProgress},
	}
	for _, tt := range tests {
		if got := StatusAfterEdit(tt.current, tt.asked, tt.touches); got != tt.want {
			t.Errorf("%q asked %q touches %v: %q, want %q", tt.current, tt.asked, tt.touches, got, tt.want)
		}
	}
}

func TestOnlyLink(t *testing.T) {
	rels := []Relation{
		{ID: "r1", Label: RelSpeaker, From: "q", To: "e1"},
		{ID: "r2", Label: RelSpeaker, From: "q", To: "e2"},
		{ID: "r3", Label: RelCue, From: "q", To: "c"},
	}
	tests := []struct {
		name       string
		to         string
		wantUnlink []string
		wantLink   *Relation
	}{
		{"keep one of two", "e1", []string{"r2"}, nil},
		{"a new one", "e3", []string{"r1", "r2"}, &Relation{Label: RelSpeaker, From: "q", To: "e3"}},
		{"nobody", "", []string{"r1", "r2"}, nil},
	}
	for _, tt := range tests {
		unlink, link := OnlyLink(rels, "q", RelSpeaker, tt.to)
		if !slices.Equal(unlink, tt.wantUnlink) || !reflect.DeepEqual(link, tt.wantLink) {
			t.Errorf("%s: %v %v, want %v %v", tt.name, unlink, link, tt.wantUnlink, tt.wantLink)
		}
	}
}

func TestSameSpanAt(t *testing.T) {
	spans := []Span{
		{ID: "a", Start: 0, End: 10, Layer: LayerQuote, Label: LabelQuote},
		{ID: "b", Start: 0, End: 4, Layer: LayerEntity, Label: LabelPerson},
		{ID: "c", Start: 6, End: 20, Fragments: []Fragment{{6, 8}, {12, 20}}, Layer: LayerEntity, Label: LabelPerson},
	}
	person := Label{Layer: LayerEntity, Name: LabelPerson}
	tests := []struct {
		start, end int
		l          Label
		want       int
	}{
		{0, 4, person, 1},
		{0, 10, person, -1},
		{0, 10, Label{Layer: LayerQuote, Name: LabelQuote}, 0},
		{6, 20, person, -1}, // discontinuous: not the same
	}
	for _, tt := range tests {
		if got := SameSpanAt(spans, tt.start, tt.end, tt.l); got != tt.want {
			t.Errorf("%d-%d %s: %d, want %d", tt.start, tt.end, tt.l.Name, got, tt.want)
		}
	}
}
