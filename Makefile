# Meterwatch — the two commands a fresh machine needs:
#   make test    builds and runs every test
#   make demo    runs Meterwatch on the embedded demo site
# plus `make bench` for performance figures (never asserted in tests).

SWIFT ?= swift
# System libraries the build and the tests need (Debian names).
APT_PACKAGES := libsqlite3-dev libmodbus-dev pkg-config sqlite3 socat python3-venv
DEMO_DIR ?= demo-data

# Test peers from PyPI (a real third-party Modbus implementation), pinned.
PEERS_VENV := .venv-peers
PIP_PEERS := pymodbus==3.11.4 pyserial==3.5

.PHONY: deps peers build test demo bench clean

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

build: deps
	$(SWIFT) build

test: build peers
	$(SWIFT) test

demo: build
	$(SWIFT) run meterwatch demo --data $(DEMO_DIR)

bench: deps
	$(SWIFT) build -c release --product meterwatch-bench
	.build/release/meterwatch-bench

clean:
	rm -rf .build $(DEMO_DIR) $(PEERS_VENV)
