// Package assets embeds the files Spanbench ships inside its binary: the
// application icon and the sample article a new project opens with.
package assets

import _ "embed"

//go:embed icon.png
var iconPNG []byte

//go:embed state-dept-afghanistan.txt
var sampleText string

// IconPNG returns the application icon as PNG bytes.
func IconPNG() []byte { return iconPNG }

// SampleTitle is the sample article's headline.
const SampleTitle = "State Department: US and Allies Work to Counter Emerging Terrorist Threats in Afghanistan"

// SampleText returns the sample article, byte for byte as shipped in
// shared/seed/state-dept-afghanistan.txt.
func SampleText() string { return sampleText }
