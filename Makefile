# s3share: build, test, demo.
VERSITYGW_VERSION := v1.8.0
BIN               := $(CURDIR)/.bin
VERSITYGW         := $(BIN)/versitygw
GO                ?= go
STATICCHECK_VERSION := v0.8.2
DEADCODE_VERSION    := v0.52.0
STATICCHECK         := $(BIN)/staticcheck
DEADCODE            := $(BIN)/deadcode

.PHONY: build test test-clock-shift golden demo vet tools clean bench fuzz lint install

# The s3share binary is built without cgo: no C is linked (SQLite is modernc's Go), and a static
# binary, without libc and the dynamic loader, maps less: the UI's peak resident set is 1 to 2 MB
# lower (scripts/bench). Tests build theirs as go does by default.
STATIC := CGO_ENABLED=0

## build: the s3share binary in the repository root (static: no cgo)
build:
	$(STATIC) $(GO) build -buildvcs=true -o s3share .

## install: s3share into $GOBIN (or $GOPATH/bin), stamped with its version and
## commit from the build information (s3share --version); no ldflags needed
install:
	$(STATIC) $(GO) install -buildvcs=true -trimpath .

## demo: the terminal UI against an embedded S3 server with sample images (no AWS account);
## it builds s3share first, which takes a minute or two on a cold Go cache: say so, then run it
demo:
	@echo "building s3share (the first build takes a minute or two)..."
	@$(STATIC) $(GO) build -buildvcs=true -o s3share .
	@./s3share demo

## test: every test, against real S3-compatible servers (installs versitygw into .bin first),
## then the fixed-clock tests again with their clocks moved (test-clock-shift)
test: tools lint fuzz
	VERSITYGW=$(VERSITYGW) $(GO) test -count=1 -timeout 20m ./...
	$(MAKE) --no-print-directory test-clock-shift

## test-clock-shift: the packages whose tests use internal/testclock, run again with every fixed
## clock a year and more ahead and behind: a wall-clock read where the injected clock belongs
## fails the day it is written, not weeks later on every machine
CLOCK_SHIFTS := +400d -400d
CLOCK_PKGS    = $(shell $(GO) list -f '{{.ImportPath}}{{range .TestImports}} {{.}}{{end}}{{range .XTestImports}} {{.}}{{end}}' ./... | \
                  awk '{for (i = 2; i <= NF; i++) if ($$i ~ /internal\/testclock$$/) { print $$1; break }}')
test-clock-shift: $(VERSITYGW)
	@pkgs="$(CLOCK_PKGS)"; for s in $(CLOCK_SHIFTS); do \
		echo "S3SHARE_TEST_CLOCK_SHIFT=$$s go test $$pkgs"; \
		S3SHARE_TEST_CLOCK_SHIFT=$$s VERSITYGW=$(VERSITYGW) $(GO) test -count=1 -timeout 20m $$pkgs || exit 1; \
	done

## golden: rewrite every golden file (the packages whose tests use internal/golden), for the
## fixed clock and each of its shifts; review them with git diff
GOLDEN_PKGS = $(shell $(GO) list -f '{{.ImportPath}}{{range .TestImports}} {{.}}{{end}}{{range .XTestImports}} {{.}}{{end}}' ./... | \
                awk '{for (i = 2; i <= NF; i++) if ($$i ~ /internal\/golden$$/) { print $$1; break }}')
golden:
	$(GO) test -count=1 $(GOLDEN_PKGS) -update
	@for s in $(CLOCK_SHIFTS); do S3SHARE_TEST_CLOCK_SHIFT=$$s $(GO) test -count=1 $(GOLDEN_PKGS) -update || exit 1; done

## fuzz: a short run of each fuzz target (seed corpora in <pkg>/testdata/fuzz)
FUZZTIME ?= 10s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParseExpiry$$' -fuzztime $(FUZZTIME) ./share
	$(GO) test -run '^$$' -fuzz '^FuzzHistoryDecode$$' -fuzztime $(FUZZTIME) ./history
	$(GO) test -run '^$$' -fuzz '^FuzzParseLocation$$' -fuzztime $(FUZZTIME) ./s3browse
	$(GO) test -run '^$$' -fuzz '^FuzzStripLocation$$' -fuzztime $(FUZZTIME) ./imagemeta
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./accesslog

vet:
	$(GO) vet ./...

## lint: go vet, gofmt, staticcheck, and deadcode: code the s3share command
## does not reach fails (code only tests keep alive is dead too), unless
## scripts/deadcode-known.txt lists it (one extended regexp a line, no blank
## lines): test support packages, building blocks whose command is not
## wired yet (ledger: issue 19), accesslog's Scanner.LastBad (for a caller
## that scans a log object itself; opens reads through accesslog.Reader,
## which counts bad lines), and imagemeta's in-memory StripLocation, the
## form its tests and fuzzing drive (put streams a Plan)
lint: vet $(STATICCHECK) $(DEADCODE)
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt -w these: $$unformatted"; exit 1; fi
	$(STATICCHECK) ./...
	$(DEADCODE) ./... > $(BIN)/deadcode.txt
	@dead=$$(grep -v -E -f scripts/deadcode-known.txt $(BIN)/deadcode.txt); \
	if [ -n "$$dead" ]; then echo "$$dead"; echo "deadcode: remove the code above (or list it in scripts/deadcode-known.txt, saying why)"; exit 1; fi

## tools: versitygw, staticcheck and deadcode, pinned, installed into the ignored .bin folder
tools: $(VERSITYGW) $(STATICCHECK) $(DEADCODE)

$(STATICCHECK):
	GOBIN=$(BIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

$(DEADCODE):
	GOBIN=$(BIN) $(GO) install golang.org/x/tools/cmd/deadcode@$(DEADCODE_VERSION)

$(VERSITYGW):
	GOBIN=$(BIN) $(GO) install github.com/versity/versitygw/cmd/versitygw@$(VERSITYGW_VERSION)

## bench: every go benchmark (./..., one package at a time, -p 1, so none shares the cores with
## another), the process benchmarks (first frame in a pty, presign and ls against Debian's awscli
## on a local versitygw), then BENCHMARKS.md (issue 4)
BENCH_DIR := $(BIN)/bench
bench: tools build
	mkdir -p $(BENCH_DIR)
	-VERSITYGW=$(VERSITYGW) $(GO) test -run '^$$' -bench . -benchmem -count 1 -p 1 -timeout 30m ./... 2>&1 | tee $(BENCH_DIR)/go.txt
	$(GO) run ./scripts/bench -bin ./s3share -versitygw $(VERSITYGW) -json $(BENCH_DIR)/procs.json
	$(GO) run ./scripts/benchreport -go $(BENCH_DIR)/go.txt -procs $(BENCH_DIR)/procs.json -o BENCHMARKS.md
	@echo "wrote BENCHMARKS.md"

clean:
	rm -rf s3share .bin
