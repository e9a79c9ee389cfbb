package store

import (
	"fmt"
	"testing"
)

// BenchmarkSearchSpans is the window's span search (Ctrl+K) on the
// synthetic projects: a label alone stops at the window's cap of 501 hits;
// a text that no span holds reads every span of the label (and every
// document's text).
func BenchmarkSearchSpans(b *testing.B) {
	for _, n := range benchSizes() {
		s := fixture(b, n)
		for _, c := range []struct {
			name string
			f    SpanFilter
		}{
			{"label", SpanFilter{Label: "PERSON", Limit: 501, Context: 32}},
			{"label+text-nowhere", SpanFilter{Label: "PERSON", Text: "zzzz", Limit: 501, Context: 32}},
		} {
			b.Run(fmt.Sprintf("%s/%d", c.name, n), func(b *testing.B) {
				for b.Loop() {
					if _, err := s.SearchSpans(ctx, c.f); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
