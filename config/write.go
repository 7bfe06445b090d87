package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/s3share/s3share/internal/userfile"
)

// WriteSetting sets key to value in the config file at path: the line
// that sets it is replaced, or one is added at the end; every other line
// stays as it was. A missing file (and its directory) is made, readable
// by its owner only. The value is checked first, and a file that does
// not parse is left alone: both give an error wrapping ErrBadConfig. The
// file is replaced whole (a new file renamed over it), never half
// written.
func WriteSetting(ctx context.Context, path, key, value string) error {
	sp, ok := specByKey(key)
	if !ok {
		return badf("unknown setting %q", key)
	}
	norm, err := sp.check(value)
	if err != nil {
		return badf("%s = %q is not allowed: %v", key, value, err)
	}
	data, err := userfile.ReadAll(ctx, path, maxFileSize)
	switch {
	case errors.Is(err, os.ErrNotExist):
		data = nil
	case err != nil:
		return fmt.Errorf("cannot read the config file %s: %w", path, unwrapPath(err))
	default:
		if perr := Defaults().applyFile(path, data); perr != nil {
			return badf("%v: fix it first, then try again", perr)
		}
	}
	return replaceFile(path, withSetting(data, sp, norm))
}

// withSetting is the TOML document data with key set to value.
func withSetting(data []byte, sp spec, value string) []byte {
	line := sp.key + " = " + strconv.Quote(value)
	if sp.kind == kindSwitch {
		line = sp.key + " = " + value
	}
	if n, ok := keyLines(bytes.TrimPrefix(data, []byte(byteOrderMark)))[sp.key]; ok {
		lines := strings.SplitAfter(string(data), "\n")
		end := ""
		if strings.HasSuffix(lines[n-1], "\n") {
			end = "\n"
		}
		lines[n-1] = line + end
		return []byte(strings.Join(lines, ""))
	}
	if len(data) > 0 && !bytes.HasSuffix(data, []byte("\n")) {
		data = append(data, '\n')
	}
	return append(data, line+"\n"...)
}

// replaceFile writes data to a new file next to path and renames it over
// path (mode 0600, directory 0700 when made).
func replaceFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create the config file's directory %s: %w", dir, unwrapPath(err))
	}
	tmp, err := os.CreateTemp(dir, ".config-*.toml")
	if err != nil {
		return fmt.Errorf("cannot write the config file %s: %w", path, unwrapPath(err))
	}
	defer os.Remove(tmp.Name()) // gone after the rename; left by a failure
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("cannot write the config file %s: %w", path, unwrapPath(err))
	}
	return nil
}
