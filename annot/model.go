package annot

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Status is a document's place in the coding workflow.
type Status string

// The document statuses, in workflow order.
const (
	StatusTodo       Status = "todo"
	StatusInProgress Status = "in_progress"
	StatusDone       Status = "done"
)

// Statuses lists every status in workflow order.
var Statuses = []Status{StatusTodo, StatusInProgress, StatusDone}

// ParseStatus checks s is a known status; "" means todo.
func ParseStatus(s string) (Status, error) {
	switch Status(s) {
	case "":
		return StatusTodo, nil
	case StatusTodo, StatusInProgress, StatusDone:
		return Status(s), nil
	}
	return "", Invalidf("status", "unknown status %q (want todo, in_progress or done)", s)
}

// Layer is the annotation layer a span belongs to. Labels also live in
// LayerRelation, which names relation types and holds no spans.
type Layer string

// The span layers, and the pseudo-layer of relation labels.
const (
	LayerQuote    Layer = "quote"
	LayerClaim    Layer = "claim"
	LayerEntity   Layer = "entity"
	LayerCue      Layer = "cue"
	LayerRelation Layer = "relation"
)

// SpanLayers lists the layers a span may be in, in panel order.
var SpanLayers = []Layer{LayerQuote, LayerClaim, LayerEntity, LayerCue}

// ParseLayer checks s names a span layer.
func ParseLayer(s string) (Layer, error) {
	switch Layer(s) {
	case LayerQuote, LayerClaim, LayerEntity, LayerCue:
		return Layer(s), nil
	}
	return "", Invalidf("layer", "unknown layer %q (want quote, claim, entity or cue)", s)
}

// Document is one article of a project. Text is stored verbatim, exactly as
// imported (a BOM or a CR is part of it and counts in offsets).
type Document struct {
	ID      string            `json:"id"`
	Title   string            `json:"title"`
	Text    string            `json:"text"`
	Meta    map[string]string `json:"meta"`
	Status  Status            `json:"status"`
	SHA256  string            `json:"sha256"`
	Created time.Time         `json:"created"`
	Updated time.Time         `json:"updated"`
}

// DocInfo is what a document list shows: everything but the text.
type DocInfo struct {
	ID      string
	Title   string
	Status  Status
	Meta    map[string]string
	SHA256  string
	Length  int // code points
	Counts  LayerCounts
	Created time.Time
	Updated time.Time
}

// LayerCounts counts a document's spans per layer.
type LayerCounts struct {
	Quote, Claim, Entity, Cue int
}

// Total returns the number of spans in all layers.
func (c LayerCounts) Total() int { return c.Quote + c.Claim + c.Entity + c.Cue }

// Add adds n (-1 to take one away) to the count of layer l.
func (c *LayerCounts) Add(l Layer, n int) {
	switch l {
	case LayerQuote:
		c.Quote += n
	case LayerClaim:
		c.Claim += n
	case LayerEntity:
		c.Entity += n
	case LayerCue:
		c.Cue += n
	}
}

// HashText returns the hex SHA-256 of text, the key that stops one article
// being imported twice.
func HashText(text string) string {
	h := sha256.Sum256([]byte(text))
	return hex.EncodeToString(h[:])
}

// Fragment is one contiguous piece [Start, End) of a discontinuous span, in
// code points. In JSON it is the pair [start, end].
type Fragment struct {
	Start, End int
}

// MarshalJSON writes a fragment as [start, end].
func (f Fragment) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf("[%d,%d]", f.Start, f.End)), nil
}

// UnmarshalJSON reads a fragment from [start, end].
func (f *Fragment) UnmarshalJSON(b []byte) error {
	var p []int
	if err := json.Unmarshal(b, &p); err != nil || len(p) != 2 {
		return fmt.Errorf("a fragment is a pair [start, end], not %s", b)
	}
	f.Start, f.End = p[0], p[1]
	return nil
}

// Span is one annotated stretch of a document. Start and End are code point
// offsets into the document text, End exclusive: text[Start:End] in Python.
// A discontinuous span (a quote interrupted by its cue) lists its pieces in
// Fragments; Start and End are then the first piece's start and the last
// piece's end. Fragments is nil for a contiguous span.
type Span struct {
	ID        string            `json:"id"`
	DocID     string            `json:"doc_id"`
	Start     int               `json:"start"`
	End       int               `json:"end"`
	Fragments []Fragment        `json:"fragments,omitempty"`
	Layer     Layer             `json:"layer"`
	Label     string            `json:"label"`
	Attrs     map[string]string `json:"attrs,omitempty"`
	Note      string            `json:"note,omitempty"`
	Annotator string            `json:"annotator,omitempty"`
	Created   time.Time         `json:"created"`
	Updated   time.Time         `json:"updated"`
}

// Pieces returns the span's contiguous pieces: its fragments, or the single
// piece [Start, End).
func (s Span) Pieces() []Fragment {
	if len(s.Fragments) > 1 {
		return s.Fragments
	}
	return []Fragment{{s.Start, s.End}}
}

// Contains reports whether code point cp is covered by one of the pieces.
func (s Span) Contains(cp int) bool {
	for _, p := range s.Pieces() {
		if cp >= p.Start && cp < p.End {
			return true
		}
	}
	return false
}

// Relation labels known to Spanbench. Projects may add others (an imported
// brat corpus brings its own); those carry no layer rule.
const (
	RelSpeaker  = "SPEAKER"  // quote -> entity: who said it
	RelClaimant = "CLAIMANT" // claim -> entity or quote: who claims it
	RelCue      = "CUE"      // quote -> cue: the words that introduce it
	RelSameAs   = "SAME_AS"  // entity -> entity: coreference
)

// Relation links two spans of one document.
type Relation struct {
	ID        string    `json:"id"`
	DocID     string    `json:"doc_id"`
	Label     string    `json:"label"`
	From      string    `json:"from"`
	To        string    `json:"to"`
	Annotator string    `json:"annotator,omitempty"`
	Created   time.Time `json:"created"`
}

// relationRules gives the layers each built-in relation label connects.
var relationRules = map[string]struct{ from, to []Layer }{
	RelSpeaker:  {[]Layer{LayerQuote}, []Layer{LayerEntity}},
	RelClaimant: {[]Layer{LayerClaim}, []Layer{LayerEntity, LayerQuote}},
	RelCue:      {[]Layer{LayerQuote}, []Layer{LayerCue}},
	RelSameAs:   {[]Layer{LayerEntity}, []Layer{LayerEntity}},
}

// CheckRelationLayers reports, for a built-in relation label, whether it may
// connect a span in layer from to one in layer to; the error says which end
// is wrong. Labels without a rule accept any layers.
func CheckRelationLayers(label string, from, to Layer) error {
	r, ok := relationRules[label]
	if !ok {
		return nil
	}
	if !hasLayer(r.from, from) {
		return Invalidf("from", "%s starts at a %s, not a %s", label, layerList(r.from), from)
	}
	if !hasLayer(r.to, to) {
		return Invalidf("to", "%s points to a %s, not a %s", label, layerList(r.to), to)
	}
	return nil
}

// LinkLabel returns the relation that names who said a span of layer l:
// SPEAKER for quotes, CLAIMANT for claims, "" otherwise.
func LinkLabel(l Layer) string {
	switch l {
	case LayerQuote:
		return RelSpeaker
	case LayerClaim:
		return RelClaimant
	}
	return ""
}

func hasLayer(ls []Layer, l Layer) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}

func layerList(ls []Layer) string {
	s := ""
	for i, l := range ls {
		if i > 0 {
			s += " or "
		}
		s += string(l)
	}
	return s
}

// Label is one entry of a project's label set. Spans carry a label of their
// layer; relation labels are in LayerRelation. Key is the keyboard key that
// applies it ("1".."9"), Color a "#rrggbb" colour.
type Label struct {
	ID    int64  `json:"id,omitempty"` // the project's id for it; 0 for a new label
	Layer Layer  `json:"layer"`
	Name  string `json:"name"`
	Color string `json:"color"`
	Key   string `json:"key,omitempty"`
}

// Span label names of the default label set. The suggesters propose them
// and formats without layers read the first three as their layers; a
// project may add others or remove these.
const (
	LabelQuote  = "QUOTE"
	LabelClaim  = "CLAIM"
	LabelCue    = "CUE"
	LabelPerson = "PERSON"
	LabelOrg    = "ORG"
	LabelGPE    = "GPE"
	LabelLoc    = "LOC"
)

// Span attribute keys with a meaning to Spanbench: the panel edits them and
// the suggesters set AttrKind.
const (
	AttrKind        = "kind"        // quotes: direct, indirect, mixed
	AttrCheckworthy = "checkworthy" // claims: yes, no, unsure
)

// DefaultLabels is the label set of a new project, in label-bar order: the
// first nine are bound to keys 1-9. Relation labels get colours of their own
// (a shade near their source layer's) so the article's arcs tell them apart.
func DefaultLabels() []Label {
	return []Label{
		{Layer: LayerQuote, Name: LabelQuote, Color: "#f2b134", Key: "1"},
		{Layer: LayerClaim, Name: LabelClaim, Color: "#5fa8d3", Key: "2"},
		{Layer: LayerEntity, Name: LabelPerson, Color: "#e56b6f", Key: "3"},
		{Layer: LayerEntity, Name: LabelOrg, Color: "#6bbf59", Key: "4"},
		{Layer: LayerEntity, Name: LabelGPE, Color: "#b983ff", Key: "5"},
		{Layer: LayerEntity, Name: LabelLoc, Color: "#2ec4b6", Key: "6"},
		{Layer: LayerEntity, Name: "NORP", Color: "#ff9f68", Key: "7"},
		{Layer: LayerEntity, Name: "EVENT", Color: "#c9ada7", Key: "8"},
		{Layer: LayerEntity, Name: "MISC", Color: "#a3a3a3", Key: "9"},
		{Layer: LayerCue, Name: LabelCue, Color: "#8d99ae"},
		{Layer: LayerRelation, Name: RelSpeaker, Color: "#d9822b"},
		{Layer: LayerRelation, Name: RelClaimant, Color: "#3a7cb8"},
		{Layer: LayerRelation, Name: RelCue, Color: "#7d8799"},
		{Layer: LayerRelation, Name: RelSameAs, Color: "#9b6cc4"},
	}
}

// NewID returns a fresh random UUID string for a document, span or relation.
func NewID() string { return uuid.NewString() }

// IsUUID reports whether s is a UUID in canonical form.
func IsUUID(s string) bool {
	u, err := uuid.Parse(s)
	return err == nil && u.String() == s
}

// DerivedID maps a foreign id (brat's "T3", doccano's 17) to a stable UUID
// scoped by namespace, so importing the same file twice gives the same ids.
func DerivedID(namespace, foreign string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("spanbench:"+namespace+"/"+foreign)).String()
}
