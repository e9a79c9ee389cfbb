package format

import "spanbench/annot"

// BratConfLabels returns the labels an annotation.conf declares, in file
// order, for the external tests of the brat config.
func BratConfLabels(path string) ([]annot.Label, error) {
	c, err := parseBratConfFile(path)
	if err != nil {
		return nil, err
	}
	return c.order, nil
}
