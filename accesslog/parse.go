package accesslog

import (
	"strings"
	"time"
)

// LineError says why a line is not a server access log record: which
// field did not parse. It never quotes the line (a stranger wrote parts of
// it). Every LineError matches ErrBadLine.
type LineError struct {
	Field  string // e.g. "time", "status", "user agent"
	Reason string
}

// Error names the field and the reason.
func (e *LineError) Error() string { return "bad access log line: " + e.Field + ": " + e.Reason }

// Unwrap returns ErrBadLine.
func (e *LineError) Unwrap() error { return ErrBadLine }

// The errors of Parse, made once so that a bad line costs no allocation.
var (
	errTooShort  = &LineError{Field: "line", Reason: "fewer fields than a record has (through the user agent)"}
	errTooLong   = &LineError{Field: "line", Reason: "longer than MaxLineBytes"}
	errBucket    = &LineError{Field: "bucket", Reason: "missing"}
	errTime      = &LineError{Field: "time", Reason: "not [DD/Mon/YYYY:hh:mm:ss +hhmm]"}
	errURI       = &LineError{Field: "request URI", Reason: "unterminated quotes"}
	errStatus    = &LineError{Field: "status", Reason: "not a three-digit HTTP status"}
	errNumber    = &LineError{Field: "sizes and times", Reason: "not a number"}
	errReferrer  = &LineError{Field: "referrer", Reason: "unterminated quotes"}
	errUserAgent = &LineError{Field: "user agent", Reason: "unterminated quotes"}
)

// MaxLineBytes is the longest line Parse accepts and the Scanner reads
// whole; longer lines are bad lines. A record's longest parts are its
// request URI and user agent, a few kilobytes each on S3.
const MaxLineBytes = 1 << 20

// Parse reads one line of an S3 server access log into r (every field of
// r is set; a trailing "\n" or "\r\n" is ignored). It allocates nothing:
// r's strings are parts of line. Fields past the ones Record knows are
// ignored, as AWS asks of parsers, since it appends new ones. A line that
// is not a record gives a *LineError; r is then partly filled and not to
// be used.
func Parse(line string, r *Record) error {
	*r = Record{}
	line = strings.TrimSuffix(line, "\n")
	line = strings.TrimSuffix(line, "\r")
	if len(line) > MaxLineBytes {
		return errTooLong
	}
	p := lineParser{s: line}
	if err := p.head(r); err != nil {
		return err
	}
	if err := p.middle(r); err != nil {
		return err
	}
	return p.tail(r)
}

// lineParser walks a line field by field.
type lineParser struct {
	s string
	i int
}

// head reads the fields up to the request URI.
func (p *lineParser) head(r *Record) error {
	var ok bool
	fields := [...]*string{&r.BucketOwner, &r.Bucket}
	for _, f := range fields {
		if *f, ok = p.token(); !ok {
			return errTooShort
		}
	}
	if r.Bucket == "" {
		return errBucket
	}
	if err := p.time(r); err != nil {
		return err
	}
	for _, f := range [...]*string{&r.RemoteIP, &r.Requester, &r.RequestID, &r.Operation, &r.Key} {
		if *f, ok = p.token(); !ok {
			return errTooShort
		}
	}
	return nil
}

// middle reads the request URI, the status, the error code and the
// numbers.
func (p *lineParser) middle(r *Record) error {
	p.skipSpaces()
	if p.i >= len(p.s) {
		return errTooShort
	}
	if p.s[p.i] != '"' {
		r.RequestURI, _ = p.token()
		return p.numbers(r)
	}
	return p.quotedURI(r)
}

// quotedURI reads the quoted request line and the fields after it. The
// closing quote is the first one after which the status, error code and
// numbers parse, so a quote inside a hostile request target does not end
// it early.
func (p *lineParser) quotedURI(r *Record) error {
	open := p.i
	from := open + 1
	var first error
	for {
		j := strings.Index(p.s[from:], "\" ")
		if j < 0 {
			if first != nil {
				return first
			}
			return errURI
		}
		closing := from + j
		p.i = closing + 1
		err := p.numbers(r)
		if err == nil {
			r.RequestURI = dash(p.s[open+1 : closing])
			return nil
		}
		if first == nil {
			first = err
		}
		from = closing + 1
	}
}

// numbers reads the status, the error code, the bytes sent, the object
// size and the two times.
func (p *lineParser) numbers(r *Record) error {
	status, ok := p.token()
	if !ok {
		return errTooShort
	}
	if !isStatus(status) {
		return errStatus
	}
	r.Status = int(atoi(status))
	if r.ErrorCode, ok = p.token(); !ok {
		return errTooShort
	}
	nums := [...]struct {
		dst  *int64
		dash int64
	}{{&r.BytesSent, 0}, {&r.ObjectSize, -1}, {&r.TotalTime, -1}, {&r.TurnAround, -1}}
	for _, n := range nums {
		tok, ok := p.token()
		if !ok {
			return errTooShort
		}
		v, ok := number(tok, n.dash)
		if !ok {
			return errNumber
		}
		*n.dst = v
	}
	return nil
}

// tail reads the referrer, the user agent and the later fields.
func (p *lineParser) tail(r *Record) error {
	if err := p.referrer(r); err != nil {
		return err
	}
	if err := p.userAgent(r); err != nil {
		return err
	}
	for _, f := range [...]*string{&r.VersionID, &r.HostID, &r.SignatureVersion, &r.CipherSuite, &r.AuthType,
		&r.HostHeader, &r.TLSVersion, &r.AccessPointARN, &r.ACLRequired} {
		v, ok := p.token()
		if !ok {
			break
		}
		*f = v
	}
	return nil
}

// skipSpaces moves past the spaces between fields.
func (p *lineParser) skipSpaces() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

// token returns the next space-delimited field ("" for "-"); false at the
// end of the line.
func (p *lineParser) token() (string, bool) {
	p.skipSpaces()
	if p.i >= len(p.s) {
		return "", false
	}
	start := p.i
	if j := strings.IndexByte(p.s[start:], ' '); j >= 0 {
		p.i = start + j
	} else {
		p.i = len(p.s)
	}
	return dash(p.s[start:p.i]), true
}

// time reads "[06/Feb/2019:00:00:38 +0000]".
func (p *lineParser) time(r *Record) error {
	p.skipSpaces()
	if p.i >= len(p.s) {
		return errTooShort
	}
	if p.s[p.i] != '[' {
		return errTime
	}
	end := strings.IndexByte(p.s[p.i:], ']')
	if end < 0 {
		return errTime
	}
	t, ok := parseTime(p.s[p.i+1 : p.i+end])
	if !ok {
		return errTime
	}
	r.Time = t
	p.i += end + 1
	return nil
}

// referrer reads the quoted referrer: up to the first quote followed by a
// space (a browser's Referer is a URL, which holds neither).
func (p *lineParser) referrer(r *Record) error {
	p.skipSpaces()
	if p.i >= len(p.s) {
		return errTooShort
	}
	if p.s[p.i] != '"' {
		r.Referrer, _ = p.token()
		return nil
	}
	j := strings.Index(p.s[p.i+1:], "\" ")
	if j < 0 {
		return errReferrer
	}
	r.Referrer = dash(p.s[p.i+1 : p.i+1+j])
	p.i += j + 2
	return nil
}

// userAgent reads the quoted user agent. It may hold quotes and spaces of
// its own; no field after it is quoted, so it ends at the line's last
// quote.
func (p *lineParser) userAgent(r *Record) error {
	p.skipSpaces()
	if p.i >= len(p.s) {
		return errTooShort
	}
	if p.s[p.i] != '"' {
		r.UserAgent, _ = p.token()
		return nil
	}
	closing := strings.LastIndexByte(p.s, '"')
	if closing <= p.i || (closing+1 < len(p.s) && p.s[closing+1] != ' ') {
		return errUserAgent
	}
	r.UserAgent = dash(p.s[p.i+1 : closing])
	p.i = closing + 1
	return nil
}

// dash maps the log's "-" (no value) to "".
func dash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// isStatus reports whether tok is a status field: three digits or "-"
// (or "" for a "-" already mapped).
func isStatus(tok string) bool {
	if tok == "-" || tok == "" {
		return true
	}
	return len(tok) == 3 && isDigit(tok[0]) && isDigit(tok[1]) && isDigit(tok[2])
}

// number parses a non-negative decimal field; "" (a "-") gives ifDash.
func number(tok string, ifDash int64) (int64, bool) {
	if tok == "" {
		return ifDash, true
	}
	if len(tok) > 18 {
		return 0, false
	}
	for i := 0; i < len(tok); i++ {
		if !isDigit(tok[i]) {
			return 0, false
		}
	}
	return atoi(tok), true
}

// atoi reads digits already checked.
func atoi(s string) int64 {
	var n int64
	for i := 0; i < len(s); i++ {
		n = n*10 + int64(s[i]-'0')
	}
	return n
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// parseTime reads "06/Feb/2019:00:00:38 +0000" (strftime
// "%d/%b/%Y:%H:%M:%S %z") into UTC without allocating.
func parseTime(s string) (time.Time, bool) {
	if len(s) != 26 || s[2] != '/' || s[6] != '/' || s[11] != ':' || s[14] != ':' || s[17] != ':' || s[20] != ' ' {
		return time.Time{}, false
	}
	month := monthOf(s[3:6])
	if month == 0 {
		return time.Time{}, false
	}
	day, ok1 := digits(s[0:2])
	year, ok2 := digits(s[7:11])
	hour, ok3 := digits(s[12:14])
	minute, ok4 := digits(s[15:17])
	sec, ok5 := digits(s[18:20])
	zh, ok6 := digits(s[22:24])
	zm, ok7 := digits(s[24:26])
	sign := s[21]
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) || (sign != '+' && sign != '-') ||
		day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 60 || zh > 23 || zm > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, month, day, hour, minute, sec, 0, time.UTC)
	if t.Day() != day { // 31 February
		return time.Time{}, false
	}
	offset := time.Duration(zh)*time.Hour + time.Duration(zm)*time.Minute
	if sign == '-' {
		offset = -offset
	}
	return t.Add(-offset), true
}

// digits reads a field of ASCII digits.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// monthOf reads an English month abbreviation, 0 for anything else.
func monthOf(s string) time.Month {
	switch s {
	case "Jan":
		return time.January
	case "Feb":
		return time.February
	case "Mar":
		return time.March
	case "Apr":
		return time.April
	case "May":
		return time.May
	case "Jun":
		return time.June
	case "Jul":
		return time.July
	case "Aug":
		return time.August
	case "Sep":
		return time.September
	case "Oct":
		return time.October
	case "Nov":
		return time.November
	case "Dec":
		return time.December
	}
	return 0
}
