package cli

import (
	"flag"
	"fmt"
	"strings"
	"time"
)

func init() {
	register(&command{
		name:    "learn",
		args:    "",
		summary: "train the entity model on the coded documents and store it in the project (suggest then uses it)",
		flags:   func(fs *flag.FlagSet) {},
		run: func(env *Env, fs *flag.FlagSet) error {
			s, err := env.open()
			if err != nil {
				return err
			}
			defer s.Close()
			rep, err := s.TrainModel(env.Ctx)
			if err != nil {
				return err
			}
			labels := strings.Join(rep.Labels, ", ")
			if labels == "" {
				labels = "none"
			}
			switch {
			case rep.UpToDate:
				fmt.Fprintf(env.Stdout, "the entity model is up to date: learned from %d documents (labels: %s), trained %s\n",
					rep.Docs, labels, rep.Trained.Local().Format(time.DateTime))
			case rep.Docs == 0:
				fmt.Fprintln(env.Stdout, "no coded documents yet (a document is coded once it has an entity span someone made or accepted): the model proposes nothing")
			default:
				fmt.Fprintf(env.Stdout, "trained the entity model on %d documents, %d entities (labels: %s) in %s; stored %d bytes\n",
					rep.Docs, rep.Entities, labels, rep.Took.Round(time.Millisecond), rep.Bytes)
			}
			return nil
		},
	})
}
