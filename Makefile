# Meterwatch — the two commands a fresh machine needs:
#   make test    builds and runs every test
#   make demo    runs Meterwatch on the embedded demo site
# plus `make bench` for performance figures (never asserted in tests).

SWIFT ?= swift
# Every process a run starts carries this marker; .ci/process-audit.sh fails the run when one
# outlives it (a test's server, the package check's demo). `.ci/run` sets one for the whole run.
ifndef MW_RUN_MARKER
MW_RUN_MARKER := make-$(shell date +%s%N)-$(shell echo $$PPID)
endif
export MW_RUN_MARKER
AUDIT := .ci/process-audit.sh
# Recipes run in bash with pipefail, so that a failing build piped into tee still fails.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
# System libraries the build and the tests need (Debian names).
# chromium and a CJK font: the dashboard tests render pages in headless Chromium; curl: API tests.
# prometheus: promtool checks /metrics and a real Prometheus scrapes it in the tests. libcurl4-openssl-dev:
# the release build links the Swift runtime statically, and Foundation's URLSession (webhooks) needs -lcurl.
# postgresql: the tests start a throwaway cluster of their own (initdb into a temporary folder,
# as the postgres user when run as root, on a free loopback port) for the central store's tests.
APT_PACKAGES := libsqlite3-dev libmodbus-dev pkg-config sqlite3 socat python3-venv curl chromium fonts-wqy-microhei time prometheus \
  libcurl4-openssl-dev postgresql openssl
DEMO_DIR ?= demo-data
# e.g. DEMO_ARGS="--port 0 --fast"; CI adds --exit-when-ready.
DEMO_ARGS ?=

# Test peers from PyPI (a real third-party Modbus implementation), pinned.
PEERS_VENV := .venv-peers
PIP_PEERS := pymodbus==3.11.4 pyserial==3.5
# The city's identity provider for the sign-in tests: a real OpenID Connect provider on loopback.
OIDC_VENV := .venv-oidc
PIP_OIDC := oidc-provider-mock==0.3.4 Authlib==1.9.10
# The OpenAPI conformance check: the document (openapi-spec-validator) and the running server (schemathesis).
API_VENV := .venv-api
PIP_API := schemathesis==4.32.5 openapi-spec-validator==0.9.0
# What an open-data portal checks: Frictionless validates the data package (`open-data export`, /open-data).
DATA_VENV := .venv-data
PIP_DATA := frictionless[json]==5.21.0

.PHONY: deps peers api-peers oidc-peers data-peers build lint test api-check demo bench bench-peers fuzz soak clean release man install uninstall deb \
	package-check

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

oidc-peers:
	@if ! $(OIDC_VENV)/bin/oidc-provider-mock --help >/dev/null 2>&1; then \
	  python3 -m venv $(OIDC_VENV) && $(OIDC_VENV)/bin/pip install -q $(PIP_OIDC); \
	fi

api-peers:
	@if ! $(API_VENV)/bin/schemathesis --version >/dev/null 2>&1; then \
	  python3 -m venv $(API_VENV) && $(API_VENV)/bin/pip install -q $(PIP_API); \
	fi

data-peers:
	@if ! $(DATA_VENV)/bin/python3 -c "import frictionless, ijson" 2>/dev/null; then \
	  python3 -m venv $(DATA_VENV) && $(DATA_VENV)/bin/pip install -q $(PIP_DATA); \
	fi

# Builds everything, tests included. Our own targets build without warnings: a warning in
# Sources/, Tests/ or Plugins/ fails the build (a clean build, as CI's, sees every file).
build: deps
	@mkdir -p .build
	$(SWIFT) build --build-tests 2>&1 | tee .build/build.log
	@if grep -E '^$(CURDIR)/(Sources|Tests|Plugins)/.*: warning:|^warning: .$(notdir $(CURDIR)).: ' .build/build.log | sort -u; then \
	  echo "our code has compiler warnings (above)"; exit 1; fi

# swift-format (.swift-format: 140 columns, no semicolons, ordered imports) and the line length
# it cannot enforce on string literals.
lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Plugins Package.swift
	python3 .ci/line-length.py -q
	python3 .ci/check-links.py

test: lint build peers api-peers oidc-peers data-peers
	$(SWIFT) test
	$(MAKE) api-check
	$(AUDIT) "make test"

# Serves a demo store and checks the server against its own OpenAPI document.
api-check: build api-peers
	.ci/api-check.sh

# `DEMO_ARGS=--secure`: HTTPS and sign-in with an OpenID Connect provider on loopback (installed here).
demo: build $(if $(findstring --secure,$(DEMO_ARGS)),oidc-peers)
	$(SWIFT) run meterwatch demo --data $(DEMO_DIR) $(DEMO_ARGS)
	$(AUDIT) "make demo"

bench: deps
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || { echo "install wrk for the HTTP benchmark"; exit 1; }
	$(SWIFT) build $(RELEASE_FLAGS) --product meterwatch
	$(SWIFT) build $(RELEASE_FLAGS) --product meterwatch-bench
	.build/release/meterwatch-bench

# Meterwatch against VictoriaMetrics, InfluxDB and a raw SQLite loop on one dataset, through each
# one's public paths (Benchmarks/peers/README.md): installs the peers from Debian when run as root.
# PEER_ARGS="--small" for a quick run; the dataset is cached in PEER_WORKDIR.
PEER_WORKDIR ?= test-artifacts/peer-bench
PEER_ARGS ?=
bench-peers: deps
	@if [ "$$(id -u)" = 0 ]; then Benchmarks/peers/setup.sh >/dev/null; else Benchmarks/peers/setup.sh; fi
	$(SWIFT) build $(RELEASE_FLAGS) --product meterwatch
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
	$(AUDIT) "make soak"

# Installation (docs/how-to/install.md). `make install PREFIX=/usr/local` puts the binary, its man pages,
# shell completions, an example configuration (kept if one exists), a root-only environment file for
# tokens and the systemd unit in place; DESTDIR stages them into a folder (as `make deb` does).
PREFIX ?= /usr/local
SYSCONFDIR ?= /etc
DESTDIR ?=
BINDIR := $(PREFIX)/bin
UNITDIR ?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,$(PREFIX)/lib/systemd/system)
# The Swift runtime is linked in, so that the binary needs only Debian's libraries.
RELEASE_FLAGS := -c release --static-swift-stdlib
RELEASE_BIN := .build/release/meterwatch
VERSION := $(shell sed -n 's/.*static let version = "\(.*\)"/\1/p' Sources/MeterwatchCore/BuildInfo.swift)

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product meterwatch

# Man pages (one per command) from the command tree, by swift-argument-parser's generate-manual
# plugin; the debug build serves (the pages do not depend on the build configuration).
man: build
	$(SWIFT) package generate-manual --configuration debug --multi-page --authors "Meterwatch contributors" \
	  --section 1 >/dev/null
	@rm -rf .build/man && mkdir -p .build/man && cp .build/plugins/GenerateManual/outputs/MeterwatchCLI/*.1 .build/man/

install: release man
	install -Dm755 $(RELEASE_BIN) $(DESTDIR)$(BINDIR)/meterwatch
	@# Debug info out (161 MB → 110 MB), symbols kept so that a crash backtrace names functions.
	strip --strip-debug $(DESTDIR)$(BINDIR)/meterwatch
	@# The licence, and those of the packages linked in (Apache-2.0 asks for their NOTICE files too).
	install -d $(DESTDIR)$(PREFIX)/share/doc/meterwatch
	install -m644 LICENSE $(DESTDIR)$(PREFIX)/share/doc/meterwatch/LICENSE
	python3 Packaging/third-party-licenses.py $(DESTDIR)$(PREFIX)/share/doc/meterwatch/THIRD-PARTY-LICENSES
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m644 .build/man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	$(RELEASE_BIN) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/meterwatch
	$(RELEASE_BIN) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_meterwatch
	$(RELEASE_BIN) --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/meterwatch.fish
	install -d $(DESTDIR)$(SYSCONFDIR)/meterwatch/devices
	@[ -e $(DESTDIR)$(SYSCONFDIR)/meterwatch/meterwatch.yaml ] || install -m644 Packaging/meterwatch.yaml $(DESTDIR)$(SYSCONFDIR)/meterwatch/
	@[ -e $(DESTDIR)$(SYSCONFDIR)/meterwatch/meterwatch.env ] || install -m600 Packaging/meterwatch.env $(DESTDIR)$(SYSCONFDIR)/meterwatch/
	install -d $(DESTDIR)$(UNITDIR)
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' Packaging/meterwatch.service.in \
	  > $(DESTDIR)$(UNITDIR)/meterwatch.service
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
	@echo "installed; start the service with: sudo systemctl enable --now meterwatch"

# Removes what `make install` put in place, but the configuration and the store.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/meterwatch $(DESTDIR)$(UNITDIR)/meterwatch.service
	rm -f $(DESTDIR)$(PREFIX)/share/man/man1/meterwatch*.1
	rm -rf $(DESTDIR)$(PREFIX)/share/doc/meterwatch
	rm -f $(DESTDIR)$(PREFIX)/share/bash-completion/completions/meterwatch $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_meterwatch \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/meterwatch.fish

# A Debian package (dpkg-deb) of `make install PREFIX=/usr`: .build/meterwatch_VERSION_ARCH.deb.
deb: release man
	Packaging/deb.sh $(VERSION)

# Installs that package on this machine, runs the demo from / with the source tree hidden, serves
# its dashboard, and removes the package again (CI; needs root).
package-check: deb data-peers
	Packaging/package-check.sh .build/meterwatch_$(VERSION)_$$(dpkg --print-architecture).deb
	$(AUDIT) "make package-check"

clean:
	rm -rf .build $(DEMO_DIR) $(PEERS_VENV) $(API_VENV) $(OIDC_VENV) test-artifacts
