// Package adjudicate settles coders' disagreements into one gold version
// of a document: it lists the disagreements, pre-merges what the coders
// agree on, and turns a decision into the spans and relations to write.
// It is pure Go: the window and the CLI both build on it.
package adjudicate

// Gold is the annotator of the adjudicated version.
const Gold = "gold"
