package format

import (
	"fmt"
	"strings"
)

// Report tells, in a few lines for a terminal or a dialog, what an export
// wrote and what it could not: the command line prints it, the window
// shows it.
func (sum ExportSummary) Report() string {
	w := &strings.Builder{}
	where := sum.Path
	if where == "" {
		where = "standard output"
	}
	fmt.Fprintf(w, "exported %d documents, %d spans", sum.Documents, sum.Spans)
	if sum.LeftOut > 0 {
		fmt.Fprintf(w, " (%d left out, listed below)", sum.LeftOut)
	}
	if sum.Relations > 0 {
		fmt.Fprintf(w, ", %d relations", sum.Relations)
	}
	fmt.Fprintf(w, " to %s (%s; offsets: %s)\n", where, sum.Format, sum.Unit)
	if sum.Card != "" {
		fmt.Fprintf(w, "dataset card: %s\n", sum.Card)
	}
	if len(sum.Labels) > 0 {
		var parts []string
		for _, l := range sum.Labels {
			parts = append(parts, fmt.Sprintf("%s %d", l.Label, l.Spans))
		}
		fmt.Fprintf(w, "spans per label: %s\n", strings.Join(parts, ", "))
	}
	if sum.MisalignedCount > 0 {
		fmt.Fprintf(w, "not on token boundaries (starting or ending on whitespace, or only whitespace): %d spans (listed in the card)\n", sum.MisalignedCount)
		for i, r := range sum.Misaligned {
			if i == 5 {
				break
			}
			fmt.Fprintf(w, "  %s\n", r)
		}
	}
	if sum.ConflictCount > 0 {
		fmt.Fprintf(w, "overlap conflicts (outermost wins): %d spans left out (listed in the card)\n", sum.ConflictCount)
		for i, c := range sum.Conflicts {
			if i == 5 {
				break
			}
			fmt.Fprintf(w, "  %s, inside %s %q\n", c.Dropped, c.Kept.Label, c.Kept.Text)
		}
	}
	if len(sum.Lost) > 0 {
		fmt.Fprintf(w, "not carried by %s: %s\n", sum.Format, strings.Join(sum.Lost, "; "))
	}
	for _, warn := range sum.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	return w.String()
}
