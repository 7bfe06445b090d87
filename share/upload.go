package share

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/s3share/s3share/imagemeta"
	"github.com/s3share/s3share/internal/hint"
	"github.com/s3share/s3share/internal/userfile"
	"github.com/s3share/s3share/preview"
	"github.com/s3share/s3share/s3browse"
)

// UploadOptions say how files go up.
type UploadOptions struct {
	Overwrite    bool  // replace objects at the keys; else create-only
	KeepMetadata bool  // upload images as they are, location data included
	AnyFile      bool  // files that are not images too
	PartSize     int64 // larger files go in parts of this size; 0: s3browse.DefaultPartSize
	// Progress, when set, is told the bytes stored as they are (from
	// several goroutines at once; see s3browse.UploadInput.Progress).
	Progress func(delta int64)
	// FileProgress, when set, is told the same as Progress with the
	// index in the uploads of the file the bytes are of.
	FileProgress func(i int, delta int64)
}

// Upload is one file ready to go up: opened, checked, its type told from
// its bytes and its location data planned away. Close it when done.
type Upload struct {
	File        LocalFile
	Bucket, Key string
	Size        int64  // bytes sent: the file's, or the edited file's
	ContentType string // from the bytes
	Image       string // the picture format (preview.Sniff), "" for another file
	// Location is what is removed from the image: an empty report when
	// it carries no location data, or with KeepMetadata.
	Location imagemeta.Report
	// Kept is, with KeepMetadata, the GPS data the image keeps (nil when
	// it has none that could be read).
	Kept *imagemeta.Finding

	// Created is set once the upload made a new object (not replacing
	// one); NotAtomic when the server took no create-only write and only
	// a HEAD before said the key was free.
	Created, NotAtomic bool

	src    io.ReaderAt // the file
	closer io.Closer   // nil for bytes in memory
	body   io.ReaderAt // what is sent: src, or src edited
	stat   os.FileInfo // the file when it was opened; nil for bytes in memory
}

// Where is where the upload goes.
func (u *Upload) Where() s3browse.Location { return s3browse.Location{Bucket: u.Bucket, Key: u.Key} }

// Close closes the file.
func (u *Upload) Close() error {
	if u.closer == nil {
		return nil
	}
	return u.closer.Close()
}

// CloseUploads closes every file of ups.
func CloseUploads(ups []*Upload) {
	for _, u := range ups {
		_ = u.Close() // read-only: closing cannot lose data
	}
}

// LocationError is an image whose location data cannot be removed
// safely: it is not uploaded unless kept as it is.
type LocationError struct {
	Path string
	Err  error // an *imagemeta.Error
}

func (e *LocationError) Error() string {
	return e.Path + ": its location data cannot be removed safely (" + e.Err.Error() + "): upload it as it is"
}
func (e *LocationError) Unwrap() error         { return e.Err }
func (e *LocationError) FixedBy() hint.Setting { return hint.KeepMetadata }

// PrepareUploads opens and checks each file and works out its key in
// dest (a bucket or a folder): the file's name under it, or name when
// given (one file only). Everything that can be refused without the
// network is refused here, before a byte is sent: a file that cannot be
// read, over 5 TiB, not an image (unless AnyFile), a key S3 refuses or
// two files for one key, an image whose location data cannot be removed.
func PrepareUploads(files []LocalFile, dest s3browse.Location, name string, opts UploadOptions) ([]*Upload, error) {
	if name != "" && len(files) != 1 {
		return nil, &KeyError{Key: name, Reason: fmt.Sprintf("one name for %d files", len(files))}
	}
	var ups []*Upload
	seen := map[string]string{}
	for _, f := range files {
		key := dest.Key + f.Name
		if name != "" {
			key = dest.Key + name
		}
		if err := checkUploadKey(key, name == ""); err != nil {
			CloseUploads(ups)
			return nil, err
		}
		if prev, ok := seen[key]; ok {
			CloseUploads(ups)
			return nil, &KeyError{Key: key, Reason: fmt.Sprintf("both %s and %s would be uploaded there", prev, f.Path)}
		}
		seen[key] = f.Path
		up, err := prepareUpload(f, opts)
		if err != nil {
			CloseUploads(ups)
			return nil, err
		}
		up.Bucket, up.Key = dest.Bucket, key
		ups = append(ups, up)
	}
	return ups, nil
}

// prepareUpload opens one file and plans what is sent.
func prepareUpload(f LocalFile, opts UploadOptions) (*Upload, error) {
	up, err := openUpload(f)
	if err != nil {
		return nil, err
	}
	if err := up.plan(opts); err != nil {
		up.Close()
		return nil, err
	}
	if up.Size > s3browse.MaxObjectBytes {
		up.Close()
		return nil, &FileError{Path: f.Path, Reason: fmt.Sprintf("%d bytes: S3 objects hold at most 5 TiB", up.Size)}
	}
	return up, nil
}

// openUpload opens the file, or reads the bytes in memory.
func openUpload(f LocalFile) (*Upload, error) {
	if f.Data != nil {
		r := bytes.NewReader(f.Data)
		return &Upload{File: f, src: r, body: r, Size: r.Size()}, nil
	}
	file, err := userfile.Open(f.Path)
	if err != nil {
		return nil, fileError(f.Path, err)
	}
	st, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, fileError(f.Path, err)
	}
	return &Upload{File: f, src: file, closer: file, body: file, Size: st.Size(), stat: st}, nil
}

// unchanged checks that the file is as it was when it was opened: the
// removal of its location data was planned on those bytes.
func (u *Upload) unchanged() error {
	if u.stat == nil {
		return nil
	}
	st, err := os.Stat(u.File.Path)
	if err != nil {
		return fileError(u.File.Path, err)
	}
	if !os.SameFile(st, u.stat) || st.Size() != u.stat.Size() || !st.ModTime().Equal(u.stat.ModTime()) {
		return &FileError{Path: u.File.Path, Reason: "it changed while it was being uploaded: try again once it is written"}
	}
	return nil
}

// plan tells the file's type and works out the bytes to send.
func (u *Upload) plan(opts UploadOptions) error {
	head := make([]byte, min(sniffBytes, u.Size))
	if _, err := u.src.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return fileError(u.File.Path, err)
	}
	u.Image = preview.Sniff(head)
	u.ContentType = preview.ContentType(u.Image)
	switch {
	case u.Image == "" && !opts.AnyFile:
		return &FileError{Path: u.File.Path, Reason: "not an image (its bytes are no picture format): upload it all the same", Fix: hint.AllFiles}
	case u.Image == "":
		u.ContentType = http.DetectContentType(head)
		return nil
	case opts.KeepMetadata:
		if found, _ := imagemeta.LocationAt(u.src, u.Size); found.GPS {
			u.Kept = &found
		}
		return nil
	}
	return u.stripLocation(head)
}

// stripLocation plans the removal of the image's location data: JPEG,
// PNG, WebP and HEIF are edited; TIFF, which carries EXIF too, cannot be
// and is refused; GIF, BMP, ICO and SVG carry no EXIF and go as they are.
func (u *Upload) stripLocation(head []byte) error {
	switch imagemeta.Sniff(head) {
	case imagemeta.JPEG, imagemeta.PNG, imagemeta.WebP, imagemeta.HEIF, imagemeta.TIFF:
	default:
		return nil
	}
	plan, err := imagemeta.PlanStrip(u.src, u.Size)
	var ie *imagemeta.Error
	if err != nil && !errors.As(err, &ie) {
		return fileError(u.File.Path, err) // a read error of the file
	}
	if err != nil {
		return &LocationError{Path: u.File.Path, Err: err}
	}
	u.Location = plan.Report()
	if u.Location.Changed() {
		u.body, u.Size = plan.Open(u.src), plan.Size()
	}
	return nil
}
