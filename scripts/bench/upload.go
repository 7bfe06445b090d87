package main

import (
	"crypto/rand"
	"os"
	"path/filepath"
)

// uploadBytes is the size of the file both tools upload.
const uploadBytes = 256 << 20

// timeUploads times `s3share put` against `aws s3 cp` of the same 256 MiB
// file into srv, interleaved: both send it in parts, in parallel (s3share
// 16 MiB parts, 4 at a time; awscli 8 MiB parts, 10 at a time).
func timeUploads(o options, srv *versity, tmp string, res *Results) error {
	file := filepath.Join(tmp, "upload.bin")
	data := make([]byte, uploadBytes)
	if _, err := rand.Read(data); err != nil {
		return err
	}
	if err := os.WriteFile(file, data, 0o600); err != nil {
		return err
	}
	defer os.Remove(file)
	env := srv.env(filepath.Join(tmp, "home"))
	s3share := append([]string{o.bin, "--endpoint-url", srv.endpoint, "--path-style"},
		"put", "--all", "--overwrite", "--no-history", file, "s3://"+benchBucket+"/upload/")
	aws := []string{o.aws, "s3", "cp", "--quiet", file, "s3://" + benchBucket + "/upload/aws.bin", "--endpoint-url", srv.endpoint}
	return timeInterleaved(env, []timed{{&res.PutS3share, o.putRuns, s3share}, {&res.PutAWS, o.putRuns, aws}})
}
