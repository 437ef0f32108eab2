//go:build unix

package input

import (
	"io"
	"os"
	"syscall"
)

// regularFile is a file opened to be read whole, with the fewest system calls: openat,
// fstat, read (a second one only when the file may have grown) and close. os.Open costs
// six more per file, because it offers every file to the network poller, which refuses
// regular files: fcntl F_GETFL and F_SETFL O_NONBLOCK, epoll_ctl failing with EPERM, then
// fcntl F_GETFL and F_SETFL to make it blocking again. On a 10,000-file run that is 55,000
// of 150,000 system calls. os.NewFile of a non-blocking descriptor tries the poller the
// same way, hence the bare descriptor.
//
// O_NONBLOCK also keeps the open of a FIFO without writer, or of a device, from blocking;
// read1 refuses whatever fstat does not call regular before reading it, and on a regular
// file O_NONBLOCK changes nothing. The errors are os.Open's, Stat's and Read's:
// *os.PathError with the same operation, path and errno.
type regularFile struct {
	fd   int
	name string
}

func openFile(name string) (regularFile, error) {
	for {
		fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if err == nil {
			return regularFile{fd, name}, nil
		}
		if err != syscall.EINTR {
			return regularFile{-1, name}, &os.PathError{Op: "open", Path: name, Err: err}
		}
	}
}

// stat reports whether the file is a regular file, and its size.
func (f regularFile) stat() (regular bool, size int64, err error) {
	var st syscall.Stat_t
	for {
		err = syscall.Fstat(f.fd, &st)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return false, 0, &os.PathError{Op: "stat", Path: f.name, Err: err}
	}
	return st.Mode&syscall.S_IFMT == syscall.S_IFREG, st.Size, nil
}

// Read is os.File's Read: io.EOF at the end, at most 1 GiB at a time (some kernels refuse
// more), interrupted calls retried.
func (f regularFile) Read(p []byte) (int, error) {
	if len(p) > 1<<30 {
		p = p[:1<<30]
	}
	for {
		n, err := syscall.Read(f.fd, p)
		switch err {
		case nil:
			if n == 0 && len(p) > 0 {
				return 0, io.EOF
			}
			return n, nil
		case syscall.EINTR:
			continue
		case syscall.EAGAIN:
			// A regular file ignores O_NONBLOCK, except under a mandatory lock on an old
			// kernel: wait for it as the blocking descriptor of os.Open would.
			if err := syscall.SetNonblock(f.fd, false); err == nil {
				continue
			}
		}
		return 0, &os.PathError{Op: "read", Path: f.name, Err: err}
	}
}

func (f regularFile) Close() error {
	if err := syscall.Close(f.fd); err != nil {
		return &os.PathError{Op: "close", Path: f.name, Err: err}
	}
	return nil
}
