package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"spanbench/store"
)

func init() {
	var imp, exp *string
	register(&command{
		name:    "guidelines",
		args:    "[--import FILE.md] [--export FILE]",
		summary: "print the project's annotation guidelines (Markdown), or replace them from a UTF-8 file of at most 1 MiB",
		flags: func(fs *flag.FlagSet) {
			imp = fs.String("import", "", "replace the guidelines with this Markdown file (UTF-8, at most 1 MiB)")
			exp = fs.String("export", "", "write the guidelines to this file instead of printing them (- for standard output)")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			if *imp != "" && *exp != "" {
				return usagef("--import and --export are exclusive")
			}
			if *imp != "" {
				b, err := readGuidelines(*imp)
				if err != nil {
					return err
				}
				s, err := env.open()
				if err != nil {
					return err
				}
				defer s.Close()
				if err := s.SetSetting(env.Ctx, store.GuidelinesKey, string(b)); err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "guidelines: %d bytes from %s\n", len(b), term(*imp))
				return nil
			}
			s, err := env.openRead()
			if err != nil {
				return err
			}
			defer s.Close()
			text, err := s.Setting(env.Ctx, store.GuidelinesKey, "")
			if err != nil {
				return err
			}
			if *exp != "" {
				if err := checkOutFlag(env, "--export", *exp); err != nil {
					return err
				}
				return writeOutput(env, *exp, func(w io.Writer) error {
					_, err := io.WriteString(w, text)
					return err
				})
			}
			if text == "" {
				fmt.Fprintln(env.Stderr, "spanbench: the project has no guidelines yet (import them with --import FILE.md)")
				return nil
			}
			if !strings.HasSuffix(text, "\n") {
				text += "\n"
			}
			_, err = io.WriteString(env.Stdout, termLines(text))
			return err
		},
	})
}

// readGuidelines reads a guidelines file, refusing one that is not UTF-8
// or larger than store.GuidelinesLimit (reading no more than one byte past
// the limit).
func readGuidelines(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, store.GuidelinesLimit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(b) > store.GuidelinesLimit {
		return nil, fmt.Errorf("%s: larger than 1 MiB (%d bytes); guidelines may be at most 1 MiB", path, store.GuidelinesLimit)
	}
	if err := store.CheckGuidelines(path, b); err != nil {
		return nil, err
	}
	return b, nil
}
