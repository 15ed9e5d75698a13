# Meterwatch — the two commands a fresh machine needs:
#   make test    builds and runs every test
#   make demo    runs Meterwatch on the embedded demo site
# plus `make bench` for performance figures (never asserted in tests).

SWIFT ?= swift
# Recipes run in bash with pipefail, so that a failing build piped into tee still fails.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
# System libraries the build and the tests need (Debian names).
# chromium and a CJK font: the dashboard tests render pages in headless Chromium; curl: API tests.
APT_PACKAGES := libsqlite3-dev libmodbus-dev pkg-config sqlite3 socat python3-venv curl chromium fonts-wqy-microhei time
DEMO_DIR ?= demo-data
# e.g. DEMO_ARGS="--port 0 --fast"; CI adds --exit-when-ready.
DEMO_ARGS ?=

# Test peers from PyPI (a real third-party Modbus implementation), pinned.
PEERS_VENV := .venv-peers
PIP_PEERS := pymodbus==3.11.4 pyserial==3.5
# The OpenAPI conformance check: the document (openapi-spec-validator) and the running server (schemathesis).
API_VENV := .venv-api
PIP_API := schemathesis==4.32.5 openapi-spec-validator==0.9.0

.PHONY: deps peers api-peers build lint test api-check demo bench bench-peers fuzz soak clean

# Installs missing Debian packages when run as root; otherwise says exactly what to install.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing packages:$$missing"; echo "run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

# pymodbus in a private venv for the peer tests (MW_PYTHON overrides it).
peers:
	@if ! $(PEERS_VENV)/bin/python3 -c "import pymodbus" 2>/dev/null; then \
	  python3 -m venv $(PEERS_VENV) && $(PEERS_VENV)/bin/pip install -q $(PIP_PEERS); \
	fi

api-peers:
	@if ! $(API_VENV)/bin/schemathesis --version >/dev/null 2>&1; then \
	  python3 -m venv $(API_VENV) && $(API_VENV)/bin/pip install -q $(PIP_API); \
	fi

# Builds everything, tests included. Our own targets build without warnings: a warning in
# Sources/, Tests/ or Plugins/ fails the build (a clean build, as CI's, sees every file).
build: deps
	@mkdir -p .build
	$(SWIFT) build --build-tests 2>&1 | tee .build/build.log
	@if grep -E '^$(CURDIR)/(Sources|Tests|Plugins)/.*: warning:' .build/build.log | sort -u; then \
	  echo "our code has compiler warnings (above)"; exit 1; fi

# swift-format (.swift-format: 140 columns, no semicolons, ordered imports) and the line length
# it cannot enforce on string literals.
lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Plugins Package.swift
	python3 .ci/line-length.py -q

test: lint build peers api-peers
	$(SWIFT) test
	$(MAKE) api-check

# Serves a demo store and checks the server against its own OpenAPI document.
api-check: build api-peers
	.ci/api-check.sh

demo: build
	$(SWIFT) run meterwatch demo --data $(DEMO_DIR) $(DEMO_ARGS)

bench: deps
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || { echo "install wrk for the HTTP benchmark"; exit 1; }
	$(SWIFT) build -c release --product meterwatch
	$(SWIFT) build -c release --product meterwatch-bench
	.build/release/meterwatch-bench

# Meterwatch against VictoriaMetrics, InfluxDB and a raw SQLite loop on one dataset, through each
# one's public paths (Benchmarks/peers/README.md): installs the peers from Debian when run as root.
# PEER_ARGS="--small" for a quick run; the dataset is cached in PEER_WORKDIR.
PEER_WORKDIR ?= test-artifacts/peer-bench
PEER_ARGS ?=
bench-peers: deps
	@if [ "$$(id -u)" = 0 ]; then Benchmarks/peers/setup.sh >/dev/null; else Benchmarks/peers/setup.sh; fi
	$(SWIFT) build -c release --product meterwatch
	python3 Benchmarks/peers/peer_bench.py --workdir $(PEER_WORKDIR) $(PEER_ARGS)

# libFuzzer on every entrance (FuzzTarget: csv, config, registers, period, json), FUZZ_SECONDS each.
# A crash leaves its input in test-artifacts/fuzz/TARGET/; copy it to Tests/Fuzz/regressions/TARGET/
# so that `make test` replays it for good.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= csv config registers period json
fuzz: deps
	$(SWIFT) build --product meterwatch-fuzz --scratch-path .build-fuzz \
	  -Xswiftc -sanitize=fuzzer -Xswiftc -DMW_LIBFUZZER -Xswiftc -parse-as-library -Xswiftc -use-ld=lld
	@failed=""; for t in $(FUZZ_TARGETS); do \
	  mkdir -p .build-fuzz/corpus/$$t test-artifacts/fuzz/$$t; \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  MW_FUZZ_TARGET=$$t SWIFT_BACKTRACE=enable=no .build-fuzz/debug/meterwatch-fuzz \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 -print_final_stats=1 \
	    -artifact_prefix=test-artifacts/fuzz/$$t/ .build-fuzz/corpus/$$t Tests/Fuzz/seeds/$$t 2>&1 \
	    | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|INFO: Loaded|==|SUMMARY|.*Fatal error|artifact_prefix)" ; \
	  if ls test-artifacts/fuzz/$$t/crash-* >/dev/null 2>&1; then failed="$$failed $$t"; fi; \
	done; \
	if [ -n "$$failed" ]; then echo "crashes in:$$failed (inputs under test-artifacts/fuzz/)"; exit 1; fi; echo "fuzz: no crash"

# `serve` with simulated devices under faults (SIGKILLs, a locked store, dead devices, a webhook
# receiver down, 32 readers), then an account of samples, alerts, stalls and memory. CI runs 2m.
DURATION ?= 30m
soak: build
	$(SWIFT) build --product meterwatch-soak
	@mkdir -p test-artifacts
	.build/debug/meterwatch-soak --duration $(DURATION) --binary .build/debug/meterwatch --report test-artifacts/soak-report.md

clean:
	rm -rf .build $(DEMO_DIR) $(PEERS_VENV) $(API_VENV) test-artifacts
