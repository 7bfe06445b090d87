# s3share: build, test, demo.
VERSITYGW_VERSION := v1.8.0
BIN               := $(CURDIR)/.bin
VERSITYGW         := $(BIN)/versitygw
GO                ?= go

.PHONY: build test demo vet tools clean bench fuzz

## build: the s3share binary in the repository root
build:
	$(GO) build -o s3share .

## demo: the terminal UI against an embedded S3 server with sample images (no AWS account)
demo:
	$(GO) run . demo

## test: every test, against real S3-compatible servers (installs versitygw into .bin first)
test: tools vet fuzz
	VERSITYGW=$(VERSITYGW) $(GO) test -count=1 -timeout 20m ./...

## fuzz: a short run of each fuzz target (seed corpora in <pkg>/testdata/fuzz)
FUZZTIME ?= 10s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParseExpiry$$' -fuzztime $(FUZZTIME) ./share
	$(GO) test -run '^$$' -fuzz '^FuzzHistoryDecode$$' -fuzztime $(FUZZTIME) ./share
	$(GO) test -run '^$$' -fuzz '^FuzzParseLocation$$' -fuzztime $(FUZZTIME) ./s3browse

vet:
	$(GO) vet ./...

## tools: versitygw, pinned, installed into the ignored .bin folder
tools: $(VERSITYGW)

$(VERSITYGW):
	GOBIN=$(BIN) $(GO) install github.com/versity/versitygw/cmd/versitygw@$(VERSITYGW_VERSION)

## bench: every go benchmark (./...), the process benchmarks (first frame in a pty, presign
## and ls against Debian's awscli on a local versitygw), then BENCHMARKS.md (issue 4)
BENCH_DIR := $(BIN)/bench
bench: tools build
	mkdir -p $(BENCH_DIR)
	-VERSITYGW=$(VERSITYGW) $(GO) test -run '^$$' -bench . -benchmem -count 1 -timeout 20m ./... 2>&1 | tee $(BENCH_DIR)/go.txt
	$(GO) run ./scripts/bench -bin ./s3share -versitygw $(VERSITYGW) -json $(BENCH_DIR)/procs.json
	$(GO) run ./scripts/benchreport -go $(BENCH_DIR)/go.txt -procs $(BENCH_DIR)/procs.json -o BENCHMARKS.md
	@echo "wrote BENCHMARKS.md"

clean:
	rm -rf s3share .bin
