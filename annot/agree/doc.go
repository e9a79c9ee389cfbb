// Package agree measures agreement between annotators: Krippendorff's α
// for reliability data (nominal, ordinal, interval and ratio levels, with
// missing values) and αU for unitized continua, Cohen's κ, Fleiss' κ, and
// exact/overlap matching of span sets. It is pure arithmetic over plain
// slices; callers turn projects into these inputs. docs/agreement.md says
// where each formula comes from.
package agree

import "errors"

// ErrUndefined is returned when a coefficient is 0/0: too few pairable
// values, or no variation at all for chance disagreement to measure.
var ErrUndefined = errors.New("agreement undefined: too few pairable values or no variation in the data")
