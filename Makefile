# Spanbench: two commands on a fresh Debian/Ubuntu machine with Go.
#   make run   install missing packages, build, open the window on the default project
#   make test  install what the tests need, then vet and every test (end-to-end under Xvfb too)

BIN := spanbench
GO ?= go

.PHONY: run build test vet deps-build deps-test bench clean

run: deps-build build
	./$(BIN) $(ARGS)

build:
	$(GO) build -o $(BIN) .

deps-build:
	@.ci/deps build

deps-test:
	@.ci/deps test

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

# The end-to-end test drives the real binary built here (SPANBENCH_BIN) and
# must run, not skip (SPANBENCH_E2E=1).
test: deps-test vet build
	SPANBENCH_BIN=$(CURDIR)/$(BIN) SPANBENCH_E2E=1 $(GO) test -count=1 -timeout 40m ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -f $(BIN)
