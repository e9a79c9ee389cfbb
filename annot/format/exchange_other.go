//go:build !linux

package format

// exchange is Linux only; elsewhere folders are swapped by two renames.
func exchange(a, b string) error { return errNoExchange }
