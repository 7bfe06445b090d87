package accesslog

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// sniffBytes is how much of an object is looked at to tell a log from
// something else.
const sniffBytes = 512

// Scanner reads the records of one log object's body, line by line. Plain
// text and gzip (recognised by its magic bytes) are read; anything else is
// refused by NewScanner with an error wrapping ErrNotLog. A line that is
// not a record, or is longer than MaxLineBytes, is counted (Bad) and
// skipped: one hostile line never stops a log.
type Scanner struct {
	br      *bufio.Reader
	gz      bool   // the body is gzip
	long    []byte // a line longer than the buffer, gathered
	rec     Record
	lines   int
	bad     int
	lastBad error
	err     error
}

// NewScanner returns a Scanner over r, or an error wrapping ErrNotLog when
// r holds binary data or gzip that does not decompress.
func NewScanner(r io.Reader) (*Scanner, error) {
	s := &Scanner{br: bufio.NewReaderSize(r, 64<<10)}
	if magic, _ := s.br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(s.br)
		if err != nil {
			return nil, fmt.Errorf("%w: gzip that does not decompress (%v)", ErrNotLog, err)
		}
		zr.Multistream(true)
		s.br, s.gz = bufio.NewReaderSize(zr, 64<<10), true
	}
	head, err := s.br.Peek(sniffBytes)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, s.readError(err)
	}
	if looksBinary(head) {
		return nil, fmt.Errorf("%w: binary data, not lines of text", ErrNotLog)
	}
	return s, nil
}

// looksBinary reports whether the start of a body is not text: a NUL
// byte, or more than a third of control characters other than tab, line
// breaks and escape (which hostile user agents bring into real logs).
func looksBinary(head []byte) bool {
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	control := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x1b {
			control++
		}
	}
	return control*3 > len(head)
}

// Scan moves to the next record; false at the end of the body or on a
// read error (see Err).
func (s *Scanner) Scan() bool {
	for s.err == nil {
		line, tooLong, err := s.readLine()
		if len(line) > 0 || tooLong {
			if ok := s.take(line, tooLong); ok {
				if err != nil && err != io.EOF {
					s.err = s.readError(err)
				} else if err == io.EOF {
					s.err = io.EOF
				}
				return true
			}
		}
		if err != nil {
			s.err = s.readError(err)
		}
	}
	return false
}

// take parses one line; false when it is blank or bad.
func (s *Scanner) take(line []byte, tooLong bool) bool {
	if tooLong {
		s.lines++
		s.bad++
		s.lastBad = errTooLong
		return false
	}
	line = bytes.TrimRight(line, "\r\n")
	if len(line) == 0 {
		return false
	}
	s.lines++
	if err := Parse(string(line), &s.rec); err != nil {
		s.bad++
		s.lastBad = err
		return false
	}
	return true
}

// readLine returns the next line (without copying when it fits the
// buffer); tooLong when it was longer than MaxLineBytes, whose rest was
// then read and dropped.
func (s *Scanner) readLine() (line []byte, tooLong bool, err error) {
	s.long = s.long[:0]
	for {
		frag, err := s.br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			if len(s.long)+len(frag) <= MaxLineBytes {
				s.long = append(s.long, frag...)
			} else {
				tooLong = true
			}
			continue
		}
		if len(s.long) == 0 && !tooLong {
			return frag, false, err
		}
		if !tooLong && len(s.long)+len(bytes.TrimRight(frag, "\r\n")) <= MaxLineBytes {
			s.long = append(s.long, frag...)
		} else {
			tooLong = true
		}
		if tooLong {
			return nil, true, err
		}
		return s.long, false, err
	}
}

// readError turns a read failure into Err's error: gzip that breaks off
// or is corrupt is ErrNotLog, anything else (the network) is kept.
func (s *Scanner) readError(err error) error {
	if err == nil || err == io.EOF {
		return io.EOF
	}
	var corrupt flate.CorruptInputError
	if s.gz && (errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &corrupt)) {
		return fmt.Errorf("%w: gzip that does not decompress (%v)", ErrNotLog, err)
	}
	return err
}

// Record is the record Scan moved to. Its strings stay valid after the
// next Scan (each line is its own string); the Record itself is reused,
// so copy it to keep it.
func (s *Scanner) Record() *Record { return &s.rec }

// Err is the error that ended the scan, nil at a clean end of the body.
func (s *Scanner) Err() error {
	if s.err == io.EOF {
		return nil
	}
	return s.err
}

// Lines is how many non-blank lines were read so far, records and bad
// lines together.
func (s *Scanner) Lines() int { return s.lines }

// Bad is how many lines were not records (or too long) so far.
func (s *Scanner) Bad() int { return s.bad }

// LastBad is why the last bad line was bad (a *LineError), nil when none
// was.
func (s *Scanner) LastBad() error { return s.lastBad }
