package cli

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"spanbench/annot/agree"
)

func init() {
	var data, level, outFormat *string
	register(&command{
		name:    "agree",
		args:    "--data FILE.csv [--level nominal|ordinal|interval|ratio] [--format text|json]",
		summary: "Krippendorff's alpha of a reliability-data table (CSV: one row per coder, name then one value per unit)",
		flags: func(fs *flag.FlagSet) {
			data = fs.String("data", "", "CSV file: one row per coder, the coder's name then one value per unit; an empty cell is a missing value")
			level = fs.String("level", "nominal", "level of measurement: nominal, ordinal, interval or ratio")
			outFormat = fs.String("format", "text", "output: text or json")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			if *data == "" {
				return usagef("give the reliability data with --data FILE.csv")
			}
			lv, err := agree.ParseLevel(*level)
			if err != nil {
				return usagef("--level: %v", err)
			}
			if *outFormat != "text" && *outFormat != "json" {
				return usagef("--format %q: give text or json", *outFormat)
			}
			return runAgree(env, *data, lv, *outFormat)
		},
	})
}

func runAgree(env *Env, path string, level agree.Level, outFormat string) error {
	if err := regularFiles([]string{path}); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	coders, values, err := readReliability(f, level)
	if err != nil {
		return fmt.Errorf("%s:%w", path, err)
	}
	units := 0
	if len(values) > 0 {
		units = len(values[0])
	}
	alpha, err := agree.Alpha(values, level)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if outFormat == "json" {
		return json.NewEncoder(env.Stdout).Encode(struct {
			Alpha  float64 `json:"krippendorff_alpha"`
			Level  string  `json:"level"`
			Units  int     `json:"units"`
			Coders int     `json:"coders"`
		}{alpha, level.String(), units, len(coders)})
	}
	_, err = fmt.Fprintf(env.Stdout, "Krippendorff's alpha (%s): %.3f  (%d coders, %d units)\n", level, alpha, len(coders), units)
	return err
}

// readReliability reads reliability data: one CSV row per coder, the
// coder's name and then one cell per unit, empty for a missing value. For
// nominal data a cell is a category name (compared exactly, after trimming
// spaces); for the other levels it must be a number. Errors start with
// "LINE: column N" (N counts cells, the name being 1; the caller prefixes
// the file name and a colon).
func readReliability(r io.Reader, level agree.Level) ([]string, [][]float64, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var coders []string
	var values [][]float64
	seen := map[string]int{}
	categories := map[string]float64{}
	firstLine := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, fmt.Errorf("%d: at byte %d of the line: %v", pe.Line, pe.Column, pe.Err)
			}
			return nil, nil, fmt.Errorf(" %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(coders) == 0 {
			rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
			firstLine = line
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		name := strings.TrimSpace(rec[0])
		if name == "" {
			return nil, nil, fmt.Errorf("%d: column 1: the coder's name is empty", line)
		}
		if prev, ok := seen[name]; ok {
			return nil, nil, fmt.Errorf("%d: column 1: coder %q already has a row (line %d)", line, name, prev)
		}
		seen[name] = line
		if len(values) > 0 && len(rec)-1 != len(values[0]) {
			return nil, nil, fmt.Errorf("%d: column %d: %d units, but line %d has %d; give every coder a cell for every unit (empty when missing)",
				line, min(len(rec), len(values[0])+1)+1, len(rec)-1, firstLine, len(values[0]))
		}
		row := make([]float64, len(rec)-1)
		for i, cell := range rec[1:] {
			cell = strings.TrimSpace(cell)
			switch {
			case cell == "":
				row[i] = agree.Missing
			case level == agree.Nominal:
				v, ok := categories[cell]
				if !ok {
					v = float64(len(categories))
					categories[cell] = v
				}
				row[i] = v
			default:
				v, err := strconv.ParseFloat(cell, 64)
				if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, nil, fmt.Errorf("%d: column %d: %q is not a number (the %s level needs numbers)", line, i+2, cell, level)
				}
				if level == agree.Ratio && v < 0 {
					return nil, nil, fmt.Errorf("%d: column %d: %q is negative; ratio values start at 0", line, i+2, cell)
				}
				row[i] = v
			}
		}
		coders = append(coders, name)
		values = append(values, row)
	}
	if len(coders) < 2 {
		return nil, nil, fmt.Errorf(" %d coder rows; alpha needs at least 2", len(coders))
	}
	if len(values[0]) == 0 {
		return nil, nil, fmt.Errorf("%d: no units: give one cell per unit after the coder's name", firstLine)
	}
	return coders, values, nil
}
