package s3files

// SetCopyPartSize makes files larger than n be copied part by part, and
// returns a function to undo it.
func SetCopyPartSize(n int64) (undo func()) {
	old := copyPartSize
	copyPartSize = n
	return func() { copyPartSize = old }
}
