# Gatehouse build. Go modules come from the module proxy; the one other tool,
# binaryen's wasm-opt, is Debian's package `binaryen`, which `make tools` (a
# step of every build) installs with apt-get when it is missing.

GO        ?= go
WASM      := build/gatehouse.wasm
CLI       := build/gatehouse
POLICY    ?= envoy/policy.example.yaml
# go test flags for `make test`; CI uses the defaults.
TESTFLAGS ?=

.PHONY: all build wasm tools cli test vet run bench instructions fuzz clean

all: build

build: wasm cli

# The filter: a WASI reactor built by the standard Go toolchain (no TinyGo),
# then shrunk by binaryen's wasm-opt -Oz (about 6 % of the module, 9 % of its
# code; the features enabled are exactly those Go's wasm output uses). -s -w
# drop the wasm name section. See RATIONALE.md, "Module size". wasm-opt runs
# again only when Go's output or the flags changed (the last input and flags
# are kept beside it).
# internal/wasmbuild builds test modules with the same Go flags.
WASMFLAGS := -buildmode=c-shared -trimpath -ldflags=-s\ -w
WASM_OPT  ?= wasm-opt
WASM_OPT_FLAGS := -Oz --enable-sign-ext --enable-nontrapping-float-to-int \
	--enable-bulk-memory --enable-mutable-globals
wasm: tools
	@mkdir -p build
	GOOS=wasip1 GOARCH=wasm CGO_ENABLED=0 $(GO) build $(WASMFLAGS) -o build/gatehouse.go.wasm ./plugin
	@if [ -f $(WASM) ] && cmp -s build/gatehouse.go.wasm build/.wasm-opt-input && \
		[ "$$(cat build/.wasm-opt-flags 2>/dev/null)" = "$(WASM_OPT_FLAGS)" ]; then \
		echo "$(WASM) is up to date"; \
	else \
		echo "$(WASM_OPT) $(WASM_OPT_FLAGS) build/gatehouse.go.wasm -o $(WASM)"; \
		$(WASM_OPT) $(WASM_OPT_FLAGS) build/gatehouse.go.wasm -o $(WASM) && \
		cp build/gatehouse.go.wasm build/.wasm-opt-input && \
		echo "$(WASM_OPT_FLAGS)" > build/.wasm-opt-flags; \
	fi
	@echo "built $(WASM) ($$(wc -c < $(WASM)) bytes; Go's output $$(wc -c < build/gatehouse.go.wasm))"

# wasm-opt from Debian's binaryen package, installed when it is missing (as
# root, or through sudo).
tools:
	@command -v $(WASM_OPT) >/dev/null 2>&1 || { \
		command -v apt-get >/dev/null 2>&1 || { \
			echo "make: $(WASM_OPT) not found: install binaryen (e.g. brew install binaryen) or set WASM_OPT" >&2; exit 1; }; \
		echo "installing binaryen (wasm-opt) with apt-get"; \
		if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
		$$sudo apt-get update -qq && $$sudo apt-get install -y -qq binaryen >/dev/null; \
	}
	@$(WASM_OPT) --version

cli:
	@mkdir -p build
	$(GO) build -trimpath -o $(CLI) ./cmd/gatehouse

vet:
	$(GO) vet ./...
	GOOS=wasip1 GOARCH=wasm $(GO) vet ./plugin/... ./filters/... ./config/... ./abi/... ./jsontree/... ./jsonschema/...

# All tests, including the e2e suite that runs build/gatehouse.wasm in wasmhost
# (both Envoy modes) and under the second, independent host.
test: build vet
	GATEHOUSE_WASM=$(CURDIR)/$(WASM) $(GO) test $(TESTFLAGS) ./...
	cd third_party/tidwall-pretty && $(GO) test $(TESTFLAGS) ./...
	@$(MAKE) --no-print-directory e2e-envoy

# Start the real .wasm behind a local proxy with the example policy.
run: build
	$(CLI) run --wasm $(WASM) --policy $(POLICY)

# Budgets and per-request costs, as ratios against the floor module in one run.
bench: build
	GATEHOUSE_WASM=$(CURDIR)/$(WASM) GATEHOUSE_CLI=$(CURDIR)/$(CLI) $(GO) run ./internal/benchreport

# Machine instructions per request of one benchmark case, counted by callgrind
# (needs valgrind): CASE="pass-through (public route)" make instructions.
# Deterministic where times are not; see README, "Tests and measurements".
CASE ?= pass-through (public route)
instructions: wasm
	bash internal/benchcases/instructions.sh $(CURDIR)/$(WASM) "$(CASE)"

# Every fuzz target in the tree, FUZZTIME each (FUZZTIME=5m for longer). The seed
# corpora under testdata/fuzz also run as plain tests in `make test`.
FUZZTIME ?= 20s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf build

.PHONY: compose e2e-envoy

# Gatehouse in a real Envoy with a demo upstream and a JWKS server (needs Docker):
# Envoy on http://127.0.0.1:10000. See README.md, "Running in Envoy and Istio".
compose: wasm
	docker compose -f envoy/docker-compose.yaml up

# Black-box scenario against a real Envoy: the binary in ENVOY_BIN, else the
# compose file's Envoy image when Docker is usable; otherwise one line says why
# it was skipped. `make test` runs it last.
e2e-envoy:
	@if [ -z "$(ENVOY_BIN)" ] && ! docker info >/dev/null 2>&1; then \
	  echo "e2e-envoy: skipped: ENVOY_BIN is not set and Docker is not usable (docker info failed)"; \
	else \
	  $(MAKE) --no-print-directory wasm && \
	  GATEHOUSE_WASM=$(CURDIR)/$(WASM) ENVOY_BIN="$(ENVOY_BIN)" $(GO) test -count=1 -run '^TestRealEnvoy$$' -v ./envoy; \
	fi
