//go:build !unix

package input

import "os"

// regularFile is os.File where the bare system calls of open_unix.go are not available.
type regularFile struct{ *os.File }

func openFile(name string) (regularFile, error) {
	f, err := os.Open(name)
	return regularFile{f}, err
}

// stat reports whether the file is a regular file, and its size.
func (f regularFile) stat() (regular bool, size int64, err error) {
	st, err := f.Stat()
	if err != nil {
		return false, 0, err
	}
	return st.Mode().IsRegular(), st.Size(), nil
}
