package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"spanbench/annot"
	"spanbench/store"
)

func init() {
	var layer, label, text, attr, format *string
	var limit, context *int
	register(&command{
		name:    "spans",
		args:    "[--layer L] [--label L] [--text T] [--attr k=v] [--limit N] [--format text|jsonl]",
		summary: "search the spans of the whole project: a concordance (context, span, context, document)",
		flags: func(fs *flag.FlagSet) {
			layer = fs.String("layer", "", "only spans in this layer (quote, claim, entity, cue)")
			label = fs.String("label", "", "only spans with this label (exact name)")
			text = fs.String("text", "", "only spans whose text contains this, in any case")
			attr = fs.String("attr", "", "only spans with this attribute: key=value, or key for any value")
			limit = fs.Int("limit", 0, "at most this many spans (0: all)")
			context = fs.Int("context", 30, "characters of context each side")
			format = fs.String("format", "text", "output: text (aligned lines) or jsonl (one object a line)")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			f := store.SpanFilter{Label: *label, Text: *text, Limit: *limit, Context: *context}
			if *layer != "" {
				l, err := annot.ParseLayer(*layer)
				if err != nil {
					return usagef("%v", err)
				}
				f.Layer = l
			}
			if err := f.ParseAttrFilter(*attr); err != nil {
				return usagef("--attr: %v", err)
			}
			if *limit < 0 || *context < 0 {
				return usagef("--limit and --context must not be negative")
			}
			if *format != "text" && *format != "jsonl" {
				return usagef("unknown --format %q (known: text, jsonl)", *format)
			}
			s, err := env.openRead()
			if err != nil {
				return err
			}
			defer s.Close()
			hits, err := s.SearchSpans(env.Ctx, f)
			if err != nil {
				return err
			}
			if *format == "jsonl" {
				enc := json.NewEncoder(env.Stdout)
				for _, h := range hits {
					if err := enc.Encode(spanLine{h.Span.DocID, h.Title, h.Span.ID, h.Span.Layer, h.Span.Label, h.Span.Start, h.Span.End, h.Left, h.Text, h.Right, h.Span.Attrs}); err != nil {
						return err
					}
				}
				return nil
			}
			for _, h := range hits {
				// The left context is padded so the spans line up.
				left := flat(h.Left)
				if pad := *context - len([]rune(left)); pad > 0 {
					left = strings.Repeat(" ", pad) + left
				}
				fmt.Fprintf(env.Stdout, "%s[%s]%s\t%s %s\t%s\n", term(left), term(h.Text), term(flat(h.Right)), h.Span.Label, term(h.Span.ID), term(h.Title))
			}
			return nil
		},
	})
}

// spanLine is one concordance line of --format jsonl; offsets are code points.
type spanLine struct {
	DocID string            `json:"doc_id"`
	Title string            `json:"title"`
	ID    string            `json:"id"`
	Layer annot.Layer       `json:"layer"`
	Label string            `json:"label"`
	Start int               `json:"start"`
	End   int               `json:"end"`
	Left  string            `json:"left"`
	Text  string            `json:"text"`
	Right string            `json:"right"`
	Attrs map[string]string `json:"attrs,omitempty"`
}

// flat puts context on one line: line breaks and tabs become spaces.
func flat(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}
