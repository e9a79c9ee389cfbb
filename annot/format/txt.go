package format

import (
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"spanbench/annot"
)

// ReadTxt reads a plain-text article: the text verbatim (BOM, CRLF and all),
// titled by annot.TitleFromText, with meta "source" set to the file name.
func ReadTxt(path string) (annot.Bundle, error) {
	b, err := readFileLimited(path, MaxTextBytes)
	if err != nil {
		return annot.Bundle{}, err
	}
	if err := CheckText(b); err != nil {
		return annot.Bundle{}, fmt.Errorf("%s: %w", path, err)
	}
	text := string(b)
	if strings.TrimSpace(strings.TrimPrefix(text, "\ufeff")) == "" {
		return annot.Bundle{}, fmt.Errorf("%s: file has only whitespace", path)
	}
	return annot.Bundle{Source: path, Doc: annot.Document{
		Title:  annot.TitleFromText(text),
		Text:   text,
		Meta:   map[string]string{"source": filepath.Base(path)},
		Status: annot.StatusTodo,
	}}, nil
}

// TxtFiles reads each .txt file given; a folder contributes the .txt files
// under it, in name order.
func TxtFiles(paths ...string) iter.Seq2[annot.Bundle, error] {
	return func(yield func(annot.Bundle, error) bool) {
		for _, p := range paths {
			files, err := filesWithExt(p, ".txt")
			if err != nil {
				yield(annot.Bundle{}, err)
				return
			}
			for _, f := range files {
				b, err := ReadTxt(f)
				if !yield(b, err) || err != nil {
					return
				}
			}
		}
	}
}

// filesWithExt returns path itself when it is a file, or the files under it
// ending in one of exts (case-insensitive), sorted, when it is a folder.
func filesWithExt(path string, exts ...string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	var out []string
	err = filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && slices.ContainsFunc(exts, func(e string) bool { return strings.EqualFold(filepath.Ext(p), e) }) {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no %s files in this folder", path, strings.Join(exts, ", "))
	}
	sort.Strings(out)
	return out, nil
}
