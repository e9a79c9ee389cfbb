package cli

import (
	"flag"
	"fmt"
	"io"
	"time"

	"spanbench/annot/format"
	"spanbench/annot/synth"
	"spanbench/store"
)

func init() {
	var docs, spans, size *int
	var seed *uint64
	var out *string
	register(&command{
		name:    "gen",
		args:    "--docs N --spans-per-doc M [--seed S] [--bytes-per-doc B] [--out FILE|-]",
		summary: "generate a synthetic news project (benchmarks, stress tests)",
		flags: func(fs *flag.FlagSet) {
			docs = fs.Int("docs", 1000, "number of documents")
			spans = fs.Int("spans-per-doc", 20, "spans in each document (relations come on top)")
			seed = fs.Uint64("seed", 1, "random seed; the same seed gives the same documents")
			size = fs.Int("bytes-per-doc", 5000, "approximate text size of each document in bytes")
			out = fs.String("out", "", "write native JSONL to FILE (- for standard output) instead of importing into --db")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			if *docs < 0 || *spans < 0 || *size < 0 {
				return usagef("--docs, --spans-per-doc and --bytes-per-doc must not be negative")
			}
			if *size > format.MaxTextBytes {
				return usagef("--bytes-per-doc %d is over the %d-byte text limit", *size, format.MaxTextBytes)
			}
			o := synth.Options{Seed: *seed, SpansPerDoc: *spans, TextBytes: *size}
			start := time.Now()
			if *out != "" {
				if err := checkOut(env, *out); err != nil {
					return err
				}
				var n, bytes int
				err := writeOutput(env, *out, func(w io.Writer) error {
					cw := &countWriter{w: w}
					for b := range synth.Bundles(*docs, o) {
						if err := format.WriteJSONL(cw, b); err != nil {
							return err
						}
						n++
					}
					bytes = cw.n
					return nil
				})
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stderr, "wrote %d documents (%.1f MB) in %s\n", n, float64(bytes)/1e6, time.Since(start).Round(time.Millisecond))
				return nil
			}
			s, err := env.open()
			if err != nil {
				return err
			}
			defer s.Close()
			rep, err := s.Import(env.Ctx, env.Annotator, synth.Bundles(*docs, o), store.ImportOptions{
				Summary: fmt.Sprintf("gen --docs %d --spans-per-doc %d --seed %d", *docs, *spans, *seed),
			})
			if err != nil {
				return fmt.Errorf("nothing generated: %w", err)
			}
			el := time.Since(start)
			fmt.Fprintf(env.Stdout, "generated %d documents, %d spans, %d relations in %s (%.0f documents/s)\n",
				rep.Documents, rep.Spans, rep.Relations, el.Round(time.Millisecond), float64(rep.Documents)/el.Seconds())
			if len(rep.Skipped) > 0 {
				fmt.Fprintf(env.Stdout, "skipped %d documents already in the project (same seed as before?)\n", len(rep.Skipped))
			}
			return nil
		},
	})
}

type countWriter struct {
	w io.Writer
	n int
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}
