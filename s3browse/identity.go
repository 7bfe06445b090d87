package s3browse

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// identityTimeout bounds the STS call of CallerIdentity: a server without
// STS may take its time to say so, and the access key id will do.
const identityTimeout = 3 * time.Second

// CallerIdentity says who the credentials are, as a team ledger records
// a member: the caller's ARN from STS GetCallerIdentity where the server
// answers it (AWS, at the region's STS endpoint; a custom endpoint is
// asked at the same URL as S3), else the access key id. The call is tried
// once, for at most a few seconds; any failure of it gives the access key
// id. Only credentials that cannot be had are an error.
func (b *Browser) CallerIdentity(ctx context.Context) (string, error) {
	creds, err := b.Credentials(ctx)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, identityTimeout)
	defer cancel()
	out, err := b.stsClient().GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || out.Arn == nil || *out.Arn == "" {
		return creds.AccessKeyID, nil
	}
	return *out.Arn, nil
}

// stsClient is an STS client for the Browser's credentials and default
// region, at its endpoint when it has one, with no retries.
func (b *Browser) stsClient() *sts.Client {
	return sts.NewFromConfig(b.cfg, func(o *sts.Options) {
		if b.opts.EndpointURL != "" {
			o.BaseEndpoint = aws.String(b.opts.EndpointURL)
		}
		o.Retryer = aws.NopRetryer{}
	})
}
