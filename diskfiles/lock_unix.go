//go:build unix

package diskfiles

import (
	"os"
	"syscall"
)

// lock takes an exclusive lock on a temporary file while it is written.
// The lock goes with the process: a crash releases it.
func lock(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

// stale reports whether no process holds the lock on a temporary file any
// more, taking it then.
func stale(f *os.File) bool {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}
