package app

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestMakeRoomForFolder(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "export-brat") // what a save dialog leaves
	os.WriteFile(empty, nil, 0o644)
	if err := makeRoomForFolder(empty); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(empty); !os.IsNotExist(err) {
		t.Errorf("the dialog's empty file is still there: %v", err)
	}
	full := filepath.Join(dir, "notes.txt")
	os.WriteFile(full, []byte("keep me"), 0o644)
	if err := makeRoomForFolder(full); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(full); err != nil {
		t.Errorf("a file with content was removed: %v", err)
	}
	if err := makeRoomForFolder(filepath.Join(dir, "missing")); err != nil {
		t.Errorf("nothing at the path: %v", err)
	}
	// A file that cannot be removed is reported, not dropped: /proc files
	// stat as empty regular files and refuse removal, even to root.
	if runtime.GOOS == "linux" {
		if st, err := os.Stat("/proc/self/status"); err == nil && st.Size() == 0 {
			if err := makeRoomForFolder("/proc/self/status"); err == nil {
				t.Error("a failed removal was not reported")
			}
		}
	}
}
