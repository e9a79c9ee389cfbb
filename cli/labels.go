package cli

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"spanbench/annot"
)

func init() {
	var edits []labelEdit
	register(&command{
		name:    "labels",
		args:    "[--add LAYER:NAME[:#rrggbb]] [--rename LAYER:OLD:NEW] [--delete LAYER:NAME] [--color LAYER:NAME:#rrggbb] [--key LAYER:NAME:K]",
		summary: "list the project's labels and what uses them; with flags, change them (one undoable action)",
		flags: func(fs *flag.FlagSet) {
			edits = nil
			fs.Var(labelFlag{"add", &edits}, "add", "add a label: LAYER:NAME, optionally :#rrggbb (LAYER: quote, claim, entity, cue or relation)")
			fs.Var(labelFlag{"rename", &edits}, "rename", "rename a label on every span and relation using it: LAYER:OLD:NEW (not the built-in relation labels SPEAKER, CLAIMANT, CUE, SAME_AS)")
			fs.Var(labelFlag{"delete", &edits}, "delete", "delete a label no span or relation uses: LAYER:NAME")
			fs.Var(labelFlag{"color", &edits}, "color", "recolour a label: LAYER:NAME:#rrggbb")
			fs.Var(labelFlag{"key", &edits}, "key", "bind a span label to key 1-9 or a letter B-Z but L, S, X (the label that had it gets this one's old key), or to none: LAYER:NAME:K")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			if len(edits) == 0 {
				return listLabels(env)
			}
			return editLabels(env, edits)
		},
	})
}

// labelEdit is one change a flag asks for. The flags repeat and mix; the
// edits apply in the order given, all in one store action.
type labelEdit struct {
	op    string // add, rename, delete, color, key
	layer annot.Layer
	name  string
	arg   string // add: colour ("" picks one); rename: new name; color: colour; key: key ("" for none)
}

// labelFlag parses one kind of edit into a shared list.
type labelFlag struct {
	op    string
	edits *[]labelEdit
}

func (f labelFlag) String() string { return "" }

func (f labelFlag) Set(v string) error {
	e, err := parseLabelEdit(f.op, v)
	if err != nil {
		return err
	}
	*f.edits = append(*f.edits, e)
	return nil
}

// parseLabelEdit reads a flag's value: LAYER:NAME, then what the edit needs.
// Everything checkable without the project is checked here (a usage error).
func parseLabelEdit(op, v string) (labelEdit, error) {
	layer, rest, ok := strings.Cut(v, ":")
	want := map[string]string{"add": "LAYER:NAME[:#rrggbb]", "rename": "LAYER:OLD:NEW", "delete": "LAYER:NAME",
		"color": "LAYER:NAME:#rrggbb", "key": "LAYER:NAME:K"}[op]
	if !ok {
		return labelEdit{}, fmt.Errorf("want %s", want)
	}
	e := labelEdit{op: op, name: rest}
	l, err := annot.ParseLabelLayer(layer)
	if err != nil {
		return e, errors.New(msgOf(err))
	}
	e.layer = l
	switch op {
	case "add":
		if i := strings.LastIndexByte(rest, ':'); i >= 0 && strings.HasPrefix(rest[i+1:], "#") {
			e.name, e.arg = rest[:i], strings.ToLower(rest[i+1:])
			if err := annot.CheckColor(e.arg); err != nil {
				return e, errors.New(msgOf(err))
			}
		}
	case "rename", "color", "key":
		i := strings.LastIndexByte(rest, ':')
		if i < 0 {
			return e, fmt.Errorf("want %s", want)
		}
		e.name, e.arg = rest[:i], rest[i+1:]
	}
	if err := annot.CheckLabelName(e.name); err != nil {
		return e, errors.New(msgOf(err))
	}
	switch op {
	case "rename":
		if err := annot.CheckLabelName(e.arg); err != nil {
			return e, errors.New(msgOf(err))
		}
	case "color":
		e.arg = strings.ToLower(e.arg)
		if err := annot.CheckColor(e.arg); err != nil {
			return e, errors.New(msgOf(err))
		}
	case "key":
		if e.arg == "none" || e.arg == "-" {
			e.arg = ""
		}
		e.arg = strings.ToUpper(e.arg) // letter keys are kept in upper case
		if e.layer == annot.LayerRelation {
			return e, errors.New("relation labels have no key")
		}
		if e.arg != "" && !slices.Contains(annot.LabelKeys, e.arg) {
			return e, fmt.Errorf("key %q is not one of 1-9 or B-Z but L, S, X (or none)", e.arg)
		}
	}
	return e, nil
}

// msgOf is an error's message without the field path of a domain error:
// "labels[12].name" means nothing to someone who typed a flag.
func msgOf(err error) string {
	var e *annot.Error
	if errors.As(err, &e) {
		return e.Msg
	}
	return oneLine(err)
}

func listLabels(env *Env) error {
	s, err := env.openRead()
	if err != nil {
		return err
	}
	defer s.Close()
	labels, err := s.Labels(env.Ctx)
	if err != nil {
		return err
	}
	uses, err := s.LabelUses(env.Ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LAYER\tNAME\tCOLOR\tKEY\tUSES")
	for _, l := range labels {
		key := l.Key
		if key == "" {
			key = "-"
		}
		unit := "spans"
		if l.Layer == annot.LayerRelation {
			unit = "relations"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d %s\n", l.Layer, term(l.Name), term(l.Color), term(key), uses[l.Layer][l.Name], unit)
	}
	return tw.Flush()
}

// editLabels applies the edits to the project's label set, as stored when
// the transaction starts, and stores the result as one action: all of them
// or, on any error, none.
func editLabels(env *Env, edits []labelEdit) error {
	s, err := env.open()
	if err != nil {
		return err
	}
	defer s.Close()
	var done []string
	changed := false
	_, err = s.EditLabels(env.Ctx, env.Annotator, func(labels []annot.Label) ([]annot.Label, error) {
		before := slices.Clone(labels)
		done = done[:0]
		for _, e := range edits {
			var what string
			var err error
			if labels, what, err = applyLabelEdit(labels, e); err != nil {
				return nil, err
			}
			done = append(done, what)
		}
		changed = !slices.Equal(before, labels)
		return labels, nil
	})
	if err != nil {
		return fmt.Errorf("labels not changed: %s", msgOf(err))
	}
	if !changed {
		fmt.Fprintln(env.Stdout, "labels already as asked; nothing changed")
		return nil
	}
	for _, d := range done {
		fmt.Fprintln(env.Stdout, term(d))
	}
	return nil
}

// applyLabelEdit returns labels with e applied and a line saying what changed.
func applyLabelEdit(labels []annot.Label, e labelEdit) ([]annot.Label, string, error) {
	what := fmt.Sprintf("%s label %s", e.layer, e.name)
	i := annot.IndexLabel(labels, e.layer, e.name)
	if e.op == "add" {
		if i >= 0 {
			return nil, "", annot.Conflictf("name", "layer %s already has a label %s", e.layer, e.name)
		}
		l := annot.Label{Layer: e.layer, Name: e.name, Color: e.arg}
		if l.Color == "" {
			l.Color = annot.NextColor(labels, e.layer)
		}
		at := annot.LabelInsertAt(labels, e.layer)
		labels = append(labels[:at:at], append([]annot.Label{l}, labels[at:]...)...)
		return labels, fmt.Sprintf("added %s (%s)", what, l.Color), nil
	}
	if i < 0 {
		return nil, "", annot.NewLabelSet(labels).Check(e.layer, e.name)
	}
	labels = append([]annot.Label(nil), labels...)
	switch e.op {
	case "rename":
		if annot.IndexLabel(labels, e.layer, e.arg) >= 0 {
			return nil, "", annot.Conflictf("name", "layer %s already has a label %s", e.layer, e.arg)
		}
		labels[i].Name = e.arg
		return labels, fmt.Sprintf("renamed %s to %s", what, e.arg), nil
	case "delete":
		return append(labels[:i], labels[i+1:]...), "deleted " + what, nil
	case "color":
		labels[i].Color = e.arg
		return labels, fmt.Sprintf("%s: colour %s", what, e.arg), nil
	}
	old := labels[i].Key
	j := annot.BindKey(labels, i, e.arg)
	key := e.arg
	if key == "" {
		key = "none"
	}
	line := fmt.Sprintf("%s: key %s", what, key)
	if j >= 0 {
		if old == "" {
			old = "none"
		}
		line += fmt.Sprintf(" (%s had it and now has %s)", labels[j].Name, old)
	}
	return labels, line, nil
}
