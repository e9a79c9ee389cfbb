package format

// LookupReaderForTest gives the hostile-input harness (package format_test)
// the registered readers' extensions.
func LookupReaderForTest(name string) (Reader, bool) {
	r, ok := readers[name]
	return r, ok
}
