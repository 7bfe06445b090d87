package share

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/s3share/s3share/internal/hint"
	"github.com/s3share/s3share/internal/userfile"
	"github.com/s3share/s3share/preview"
)

// sniffBytes is how much of a file is read to tell what it holds.
const sniffBytes = 512

// LocalFile is a file on disk to upload, and the name it takes under the
// destination folder.
type LocalFile struct {
	Path string // as given, or a directory's path joined with the file's
	Name string // its base name, or its path below a directory given
	// Data is the file's bytes when it is not on disk (an image from the
	// clipboard); Path then only names it in messages.
	Data []byte
}

// CollectOptions say which files a directory gives.
type CollectOptions struct {
	Recursive bool // the files in its subdirectories too
	AnyFile   bool // every regular file, not only images
}

// FileError is a file that cannot be uploaded: missing, unreadable, not
// a regular file, or not an image.
type FileError struct {
	Path   string
	Reason string
	Err    error        // the underlying error, if any
	Fix    hint.Setting // what lets it through, "" when nothing does
}

func (e *FileError) Error() string         { return e.Path + ": " + e.Reason }
func (e *FileError) Unwrap() error         { return e.Err }
func (e *FileError) FixedBy() hint.Setting { return e.Fix }

// CollectFiles expands paths into the files to upload: a file is itself
// (an image, unless AnyFile), a directory the images in it (every
// regular file with AnyFile), in its subdirectories too with Recursive,
// named by their path below it. What a file holds is told from its
// bytes, not its name. A path that cannot be read, or a directory with
// nothing to upload, is a *FileError.
func CollectFiles(paths []string, opts CollectOptions) ([]LocalFile, error) {
	var out []LocalFile
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fileError(p, err)
		}
		if !st.IsDir() {
			if err := checkFile(p, opts.AnyFile); err != nil {
				return nil, err
			}
			out = append(out, LocalFile{Path: p, Name: filepath.Base(p)})
			continue
		}
		files, err := collectDir(p, opts)
		if err != nil {
			return nil, err
		}
		out = append(out, files...)
	}
	return out, nil
}

// collectDir is the files a directory gives, in name order.
func collectDir(dir string, opts CollectOptions) ([]LocalFile, error) {
	var out []LocalFile
	skipped := false // subdirectories not read
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return fileError(p, err)
		case d.IsDir() && p != dir && !opts.Recursive:
			skipped = true
			return filepath.SkipDir
		case d.IsDir() || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0:
			return nil
		}
		if ok, err := wanted(p, opts.AnyFile); err != nil || !ok {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return fileError(p, err)
		}
		out = append(out, LocalFile{Path: p, Name: filepath.ToSlash(rel)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, emptyDir(dir, opts, skipped)
	}
	return out, nil
}

// wanted reports whether a file in a directory is uploaded: a regular
// file (a link to one too) that is an image, or any with anyFile.
func wanted(p string, anyFile bool) (bool, error) {
	st, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil // a dangling link
		}
		return false, fileError(p, err)
	}
	if !st.Mode().IsRegular() {
		return false, nil
	}
	if anyFile {
		return true, nil
	}
	head, err := readHead(p)
	if err != nil {
		return false, err
	}
	return preview.Sniff(head) != "", nil
}

// emptyDir is the error of a directory with nothing to upload; skipped
// says it has subdirectories that were not read.
func emptyDir(dir string, opts CollectOptions, skipped bool) error {
	what := "images"
	if opts.AnyFile {
		what = "files"
	}
	switch {
	case skipped:
		return &FileError{Path: dir, Reason: "no " + what + " in this directory: read its subdirectories too", Fix: hint.Recursive}
	case opts.AnyFile:
		return &FileError{Path: dir, Reason: "no files in this directory"}
	}
	return &FileError{Path: dir, Reason: "no images in this directory: upload other files too", Fix: hint.AllFiles}
}

// checkFile checks a file named on its own: a regular file that can be
// read and, unless anyFile, is an image.
func checkFile(p string, anyFile bool) error {
	head, err := readHead(p)
	if err != nil || anyFile || preview.Sniff(head) != "" {
		return err
	}
	return &FileError{Path: p, Reason: "not an image (its bytes are no picture format): upload it all the same", Fix: hint.AllFiles}
}

// readHead reads the first bytes of the regular file p.
func readHead(p string) ([]byte, error) {
	f, err := userfile.Open(p)
	if err != nil {
		return nil, fileError(p, err)
	}
	defer f.Close()
	head := make([]byte, sniffBytes)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fileError(p, err)
	}
	return head[:n], nil
}

// fileError words an error of the file system about p.
func fileError(p string, err error) *FileError {
	var notRegular *userfile.NotRegularError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &FileError{Path: p, Reason: "no such file or directory", Err: err}
	case errors.Is(err, fs.ErrPermission):
		return &FileError{Path: p, Reason: "permission denied: it cannot be read", Err: err}
	case errors.As(err, &notRegular):
		return &FileError{Path: p, Reason: notRegular.Error(), Err: err}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &FileError{Path: p, Reason: strings.TrimSpace(err.Error()), Err: err}
}
