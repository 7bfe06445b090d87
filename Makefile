# s3share: build, test, demo.
VERSITYGW_VERSION := v1.8.0
BIN               := $(CURDIR)/.bin
VERSITYGW         := $(BIN)/versitygw
GO                ?= go

.PHONY: build test demo vet tools clean

## build: the s3share binary in the repository root
build:
	$(GO) build -o s3share .

## demo: the terminal UI against an embedded S3 server with sample images (no AWS account)
demo:
	$(GO) run . demo

## test: every test, against real S3-compatible servers (installs versitygw into .bin first)
test: tools vet
	VERSITYGW=$(VERSITYGW) $(GO) test -count=1 -timeout 20m ./...

vet:
	$(GO) vet ./...

## tools: versitygw, pinned, installed into the ignored .bin folder
tools: $(VERSITYGW)

$(VERSITYGW):
	GOBIN=$(BIN) $(GO) install github.com/versity/versitygw/cmd/versitygw@$(VERSITYGW_VERSION)

clean:
	rm -rf s3share .bin
