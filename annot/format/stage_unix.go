//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package format

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// processAlive reports whether process pid exists (a process of another
// user counts).
func processAlive(pid int) bool {
	err := unix.Kill(pid, 0)
	return err == nil || errors.Is(err, unix.EPERM)
}

// lockFile takes an exclusive lock on f, held until f is closed.
func lockFile(f *os.File) {
	unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
}

// lockPath opens path (a file or folder) and locks it.
func lockPath(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	lockFile(f)
	return f, nil
}

// isLocked reports whether another open file holds path's lock.
func isLocked(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if err == nil {
		unix.Flock(int(f.Fd()), unix.LOCK_UN)
		return false
	}
	return errors.Is(err, unix.EWOULDBLOCK)
}

// sameOwner gives path the owner of st, when allowed (as root); an
// ordinary user's files are theirs already.
func sameOwner(path string, st os.FileInfo) {
	if sys, ok := st.Sys().(*syscall.Stat_t); ok && os.Geteuid() == 0 {
		os.Lchown(path, int(sys.Uid), int(sys.Gid))
	}
}
