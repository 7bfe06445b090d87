package accesslogproxy

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
)

// modify answers GetBucketLogging, which versitygw authenticates and then
// refuses as not implemented, from the proxy's configuration.
func (p *Proxy) modify(resp *http.Response) error {
	r := resp.Request
	bucket, key := splitPath(r.URL.Path)
	if r.Method != http.MethodGet || key != "" || !r.URL.Query().Has("logging") || resp.StatusCode != http.StatusNotImplemented {
		return nil
	}
	p.mu.Lock()
	target, on := p.logging[bucket]
	denied := p.denyConfig[accessKey(r)]
	p.mu.Unlock()
	status, body := http.StatusOK, loggingStatus(target, on)
	if denied {
		status, body = http.StatusForbidden, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
			`<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`
	}
	_ = resp.Body.Close()
	resp.StatusCode, resp.Status = status, strconv.Itoa(status)+" "+http.StatusText(status)
	resp.Body = io.NopCloser(bytes.NewReader([]byte(body)))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	resp.Header.Set("Content-Type", "application/xml")
	return nil
}

// loggingStatus is GetBucketLogging's answer.
func loggingStatus(t Target, on bool) string {
	const head = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	const ns = `xmlns="http://s3.amazonaws.com/doc/2006-03-01/"`
	if !on {
		return head + `<BucketLoggingStatus ` + ns + `></BucketLoggingStatus>`
	}
	format := `<SimplePrefix></SimplePrefix>`
	if t.Partitioned {
		format = `<PartitionedPrefix><PartitionDateSource>DeliveryTime</PartitionDateSource></PartitionedPrefix>`
	}
	return head + `<BucketLoggingStatus ` + ns + `><LoggingEnabled><TargetBucket>` + t.Bucket + `</TargetBucket>` +
		`<TargetPrefix>` + t.Prefix + `</TargetPrefix><TargetObjectKeyFormat>` + format +
		`</TargetObjectKeyFormat></LoggingEnabled></BucketLoggingStatus>`
}
