package format

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// tokenizerName names the tokenizer, for cards. Its version is the one
// go.mod pins for the Spanbench version the card names.
const tokenizerName = "the rules of spaCy's English tokenizer (prefixes, suffixes, infixes and special cases: " +
	"`don't` is `do` `n't`, `Taliban’s` is `Taliban` `’s`, `re-emergence` is `re` `-` `emergence`, `U.S.` and `Mr.` stay whole), " +
	"in Spanbench's own code; whitespace is in no token; scripts written without spaces are cut at Unicode word boundaries (UAX #29); " +
	"tokens are also cut at every boundary of a span written"

// writeCard writes the dataset card: a Markdown README describing the
// export, with YAML front matter Hugging Face's hub reads for hf exports.
func writeCard(w io.Writer, sum *ExportSummary, st *exportState) {
	opt := st.opt
	info := st.info
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	data := filepath.Base(opt.Out)
	if info.name == "hf" {
		p("---\nconfigs:\n- config_name: default\n  data_files: %s\ndataset_info:\n  features:\n", yamlString(data))
		p("  - name: id\n    dtype: string\n  - name: tokens\n    sequence: string\n  - name: ner_tags\n    sequence:\n      class_label:\n        names:\n")
		for i, n := range sum.LabelNames {
			p("          '%d': %s\n", i, yamlString(n))
		}
		p("---\n\n")
	}
	title := strings.TrimSuffix(data, filepath.Ext(data))
	p("# %s\n\n", title)
	version := opt.Version
	if version == "" {
		version = "(unknown version)"
	}
	p("%s %s on %s: %s.\n\n", cardMarker, version, opt.Now.UTC().Format("2006-01-02 15:04 UTC"), info.title)
	p("| | |\n|---|---|\n")
	p("| Format | `%s` |\n", info.name)
	if info.folder {
		p("| Files | `%s/`: one `.txt` and one `.ann` per document, `annotation.conf`, `visual.conf` |\n", data)
	} else {
		p("| Data file | `%s` |\n", data)
	}
	docs := fmt.Sprint(sum.Documents)
	if opt.Total > 0 && opt.Total != sum.Documents {
		docs += fmt.Sprintf(" (of %d selected)", opt.Total)
	}
	p("| Documents | %s |\n", docs)
	if info.layered {
		p("| Layer | %s (one layer per file) |\n", sum.Layer)
	}
	if info.tokens {
		left := "0 left out"
		if sum.LeftOut > 0 {
			left = fmt.Sprintf("%d left out, listed below", sum.LeftOut)
		}
		p("| Spans | %d written (%s) |\n", sum.Spans, left)
	} else {
		p("| Spans | %d |\n", sum.Spans)
	}
	if !info.layered {
		p("| Relations | %d |\n", sum.Relations)
	}
	p("| Offset unit | %s |\n", sum.Unit.Describe())
	for _, r := range st.rows {
		p("| %s | %s |\n", r[0], mdCell(r[1]))
	}
	if info.tokens {
		p("| Tokenizer | %s |\n", tokenizerName)
	}
	if info.layered {
		p("| Sentences | Unicode sentence segmentation (UAX #29), no break after an abbreviation or initial (Mr., U.S., J.); a line break ends a sentence; " +
			"two sentences a span crosses are written as one, so no sentence starts with `I-` |\n")
		p("| Overlap policy | outermost wins: spans are placed by start, longer first; a span that overlaps one placed is left out and listed below |\n")
		p("| Token boundaries | every span is whole tokens (tokens are cut at its boundaries); a span with no token (only whitespace) is left out and listed below |\n")
	} else if info.tokens {
		p("| Token boundaries | tokens are cut at every span boundary, so `token_start`/`token_end` (inclusive) are exactly each span's characters; " +
			"a document imported with its tokens (meta `spacy_tokens`) keeps them, cut the same way; a span with no token is kept with its offsets and listed below |\n")
	}
	filter := opt.Filter
	if filter == "" {
		filter = "everything"
	}
	p("| Selection | %s |\n", mdCell(filter))
	if len(sum.Annotators) > 0 {
		p("| Annotators | %s |\n", mdCell(strings.Join(sum.Annotators, ", ")))
	}
	if opt.Team != nil {
		writeTeam(w, opt.Team)
	}
	p("\n## Spans per label\n\n")
	if len(sum.Labels) == 0 {
		p("No spans.\n")
	} else {
		p("| Layer | Label | Spans |\n|---|---|---:|\n")
		for _, l := range sum.Labels {
			p("| %s | %s | %d |\n", l.Layer, mdCell(l.Label), l.Spans)
		}
	}
	if len(sum.LabelNames) > 0 {
		p("\n## Label names\n\n`ner_tags` are ids into this list (IOB2):\n\n```json\n[")
		for i, n := range sum.LabelNames {
			if i > 0 {
				p(", ")
			}
			p("%q", n)
		}
		p("]\n```\n")
	}
	if len(info.lost) > 0 || len(sum.Lost) > 0 {
		p("\n## Not carried by this format\n\n")
		for _, l := range info.lost {
			p("- %s\n", l)
		}
		if len(sum.Lost) > 0 {
			p("\nIn this export: %s.\n", strings.Join(sum.Lost, "; "))
		}
	}
	if len(sum.Warnings) > 0 {
		p("\n## Warnings\n\n")
		for _, w := range sum.Warnings {
			p("- %s\n", mdCell(w))
		}
	}
	if sum.MisalignedCount > 0 {
		p("\n## Spans not on token boundaries: %d\n\nNo token starts or ends on whitespace, so a span that does (or holds only whitespace) keeps its character offsets only:\n\n", sum.MisalignedCount)
		listRefs(w, sum.Misaligned, sum.MisalignedCount)
	}
	if sum.ConflictCount > 0 {
		p("\n## Overlap conflicts: %d\n\nLeft out, with the span that kept the tokens:\n\n", sum.ConflictCount)
		for _, c := range sum.Conflicts {
			p("- %s — kept %s %q\n", mdCell(c.Dropped.String()), c.Kept.Label, c.Kept.Text)
		}
		if sum.ConflictCount > len(sum.Conflicts) {
			p("- … and %d more\n", sum.ConflictCount-len(sum.Conflicts))
		}
	}
}

func listRefs(w io.Writer, refs []SpanRef, total int) {
	for _, r := range refs {
		fmt.Fprintf(w, "- %s\n", mdCell(r.String()))
	}
	if total > len(refs) {
		fmt.Fprintf(w, "- … and %d more\n", total-len(refs))
	}
}

// mdCell keeps a value on one line and out of table syntax.
func mdCell(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "|", `\|`).Replace(s)
	return s
}

// yamlString quotes s for YAML when it needs it.
func yamlString(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.')
	}) < 0 && !isYAMLWord(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func isYAMLWord(s string) bool {
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~":
		return true
	}
	return false
}
