package cli

import (
	"flag"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"spanbench/annot"
	"spanbench/store"
)

func init() {
	var coders, status *string
	var perDoc *int
	var seed *uint64
	var show *bool
	register(&command{
		name:    "assign",
		args:    "--coders A,B,C --per-doc N [--status S] [--seed N] | --show",
		summary: "give each document N distinct coders, balanced across coders and reproducible with the seed; --show prints who has which document",
		flags: func(fs *flag.FlagSet) {
			coders = fs.String("coders", "", "the coders to assign, comma-separated")
			perDoc = fs.Int("per-doc", 0, "coders per document (at most the number of coders)")
			status = fs.String("status", "", "only documents with this status (todo, in_progress, done); default all")
			seed = fs.Uint64("seed", 1, "seed of the random choices: the same seed and documents give the same assignment")
			show = fs.Bool("show", false, "print the assignments (document, coders, title) and change nothing")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			if *show {
				if *coders != "" || *perDoc != 0 || *status != "" {
					return usagef("--show takes no --coders, --per-doc or --status")
				}
				return showAssignments(env)
			}
			if *coders == "" {
				return usagef("--coders is required (or --show)")
			}
			names, err := coderList("--coders", *coders)
			if err != nil {
				return err
			}
			if *perDoc < 1 || *perDoc > len(names) {
				return usagef("--per-doc must be between 1 and the %d coders given, not %d", len(names), *perDoc)
			}
			var f store.AssignFilter
			if *status != "" {
				st, err := annot.ParseStatus(*status)
				if err != nil {
					return usagef("--status: %v", err)
				}
				f.Status = &st
			}
			s, err := env.open()
			if err != nil {
				return err
			}
			defer s.Close()
			plan, err := s.Assign(env.Ctx, f, names, *perDoc, *seed)
			if err != nil {
				return err
			}
			load := map[string]int{}
			for _, cs := range plan {
				for _, c := range cs {
					load[c]++
				}
			}
			parts := make([]string, len(names))
			for i, n := range names {
				parts[i] = fmt.Sprintf("%s %d", n, load[n])
			}
			fmt.Fprintf(env.Stdout, "assigned %d documents, %d coders each (seed %d): %s\n", len(plan), *perDoc, *seed, term(strings.Join(parts, ", ")))
			return nil
		},
	})
}

// showAssignments prints every assigned document with its coders.
func showAssignments(env *Env) error {
	s, err := env.openRead()
	if err != nil {
		return err
	}
	defer s.Close()
	as, err := s.Assignments(env.Ctx)
	if err != nil {
		return err
	}
	docs, err := s.ListDocuments(env.Ctx, store.DocFilter{})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCODERS\tTITLE")
	load := map[string]int{}
	for _, d := range docs {
		cs := as[d.ID]
		if len(cs) == 0 {
			continue
		}
		for _, c := range cs {
			load[c]++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", term(d.ID), term(strings.Join(cs, ",")), term(d.Title))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	names := make([]string, 0, len(load))
	for n := range load {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(env.Stdout, "%s: %d documents\n", term(n), load[n])
	}
	return nil
}
