package imagemeta

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"io"
	"strconv"
)

// pngTextParts is a tEXt, zTXt or iTXt chunk taken apart.
type pngTextParts struct {
	header     []byte // everything before the text, as stored
	body       []byte // the text, decompressed
	compressed bool
}

// splitPNGText takes a text chunk apart and inflates its text.
func splitPNGText(typ string, data []byte) (pngTextParts, error) {
	key := bytes.IndexByte(data, 0)
	if key < 0 {
		return pngTextParts{}, malformed("PNG %s chunk has no keyword end", typ)
	}
	at := key + 1
	compressed := false
	switch typ {
	case "zTXt":
		at++ // compression method
		compressed = true
	case "iTXt":
		if at+2 > len(data) {
			return pngTextParts{}, truncated("PNG iTXt chunk")
		}
		compressed = data[at] == 1
		at += 2
		for range 2 { // language tag, translated keyword
			end := bytes.IndexByte(data[at:], 0)
			if end < 0 {
				return pngTextParts{}, malformed("PNG iTXt chunk has no end of its language or keyword")
			}
			at += end + 1
		}
	}
	if at > len(data) {
		return pngTextParts{}, truncated("PNG " + typ + " chunk")
	}
	p := pngTextParts{header: data[:at], body: data[at:], compressed: compressed}
	if compressed {
		body, err := inflate(data[at:])
		if err != nil {
			return pngTextParts{}, err
		}
		p.body = body
	}
	return p, nil
}

// assemble builds the chunk data again around a (new) text.
func (p pngTextParts) assemble(body []byte) ([]byte, error) {
	out := append([]byte(nil), p.header...)
	if !p.compressed {
		return append(out, body...), nil
	}
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	if _, err := w.Write(body); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return append(out, buf.Bytes()...), nil
}

// inflate decompresses zlib data of at most maxBlock bytes.
func inflate(z []byte) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, malformed("PNG compressed text: %v", err)
	}
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, maxBlock+1))
	if err != nil {
		return nil, malformed("PNG compressed text: %v", err)
	}
	if len(out) > maxBlock {
		return nil, tooLarge("PNG compressed text", int64(len(out)))
	}
	return out, nil
}

// rawProfileRead decodes an ImageMagick raw profile:
// "\n<name>\n<length>\n<hex digits in lines>".
func rawProfileRead(text []byte) ([]byte, error) {
	lines := bytes.SplitN(bytes.TrimLeft(text, "\n"), []byte("\n"), 3)
	if len(lines) < 3 {
		return nil, malformed("raw profile has no header")
	}
	n, err := strconv.Atoi(string(bytes.TrimSpace(lines[1])))
	if err != nil || n < 0 || n > maxBlock {
		return nil, malformed("raw profile has a bad length")
	}
	digits := make([]byte, 0, 2*n)
	for _, c := range lines[2] {
		if isHex(c) {
			digits = append(digits, c)
		}
	}
	if len(digits) < 2*n {
		return nil, malformed("raw profile is shorter than its length")
	}
	out := make([]byte, n)
	if _, err := hex.Decode(out, digits[:2*n]); err != nil {
		return nil, malformed("raw profile: %v", err)
	}
	return out, nil
}

// rawProfileWrite returns the text of a raw profile with its hex digits
// replaced by those of profile (of the same length): the layout stays.
func rawProfileWrite(text, profile []byte) []byte {
	out := append([]byte(nil), text...)
	start := len(text) - len(bytes.TrimLeft(text, "\n"))
	for range 2 { // the name and length lines
		start += bytes.IndexByte(out[start:], '\n') + 1
	}
	digits := []byte(hex.EncodeToString(profile))
	for i := start; i < len(out) && len(digits) > 0; i++ {
		if isHex(out[i]) {
			out[i], digits = digits[0], digits[1:]
		}
	}
	return out
}

// isHex reports whether c is a hexadecimal digit.
func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
