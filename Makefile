# apikeyserv — build, run, test.
#   make run    installs what it needs, builds, starts the daemon on ./var
#   make test   installs what the tests need and runs every test
SHELL := /bin/bash
VENV := .build/venv
PY := $(VENV)/bin/python
# What building and running need (make run installs only these) ...
RUN_PACKAGES := libsodium-dev libsqlite3-dev pkg-config openssl curl tzdata
# ... and what the tests, the benchmarks and the generated code need besides (make test, make lint).
TEST_PACKAGES := python3-venv protobuf-compiler postgresql chromium chromium-driver msmtp wrk \
  nginx-light man-db prometheus systemd util-linux
PIP_PACKAGES := grpcio==1.* grpcio-tools==1.* grpcio-health-checking==1.* "PyJWT[crypto]==2.15.0" \
  datadiensten-apikeyclient==0.7.7 Django requests pause h2==4.* selenium==4.* aiosmtpd==1.* PyYAML==6.* \
  pytest==8.* mypy==1.* ruff==0.*
PROTO_FILES := apikeyserv/v1/apikeyserv.proto grpc/health/v1/health.proto
GEN_DIR := Sources/APIKeyRPC/Generated
DATA_DIR ?= var
HTTP_HOST ?= 127.0.0.1
HTTP_PORT ?= 8000
# Hand-written Swift (generated code is protoc's, checked by `make lint` against Protos/).
SWIFT_SOURCES = $$(git ls-files --cached --others --exclude-standard '*.swift' | grep -v '/Generated/')

.PHONY: all build release run test soak install install-files man completions bench bench-smoke bench-http bench-postgres profile deps system-deps test-system-deps python-deps python-client protos plugins clean console-screenshots \
  fuzz fuzz-smoke fuzz-build sanitize format lint

all: build

# System packages, installed only when one is missing (needs root or sudo).
system-deps:
	@$(call apt_install,$(RUN_PACKAGES))

test-system-deps:
	@$(call apt_install,$(RUN_PACKAGES) $(TEST_PACKAGES))

# Installs the Debian packages among $(1) that are missing (needs root or sudo).
define apt_install
missing=""; for p in $(1); do \
  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
if [ -n "$$missing" ]; then \
  echo "installing:$$missing"; \
  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
fi
endef

# Python packages for the end-to-end tests, in a virtualenv under .build/.
python-deps: $(VENV)/.installed
$(VENV)/.installed: Makefile | test-system-deps
	python3 -m venv $(VENV)
	$(PY) -m pip install -q $(PIP_PACKAGES)
	touch $@

deps: test-system-deps python-deps

build: system-deps
	swift build

release: system-deps
	swift build -c release

run: build
	@echo "apikeyserv: data in $(DATA_DIR)/ (public socket $(DATA_DIR)/apikeyserv.sock, admin socket $(DATA_DIR)/admin.sock)"
	@echo "apikey-http: http://$(HTTP_HOST):$(HTTP_PORT)/signingkeys/ (the JWKS), /readyz, /metrics"
	@echo "In another shell:"
	@echo "  .build/debug/apikeyctl issue --email you@example.com --organisation 'Your org'"
	@echo "  .build/debug/apikeyctl public-keys"
	@echo "  curl http://$(HTTP_HOST):$(HTTP_PORT)/signingkeys/"
	@echo "Stop with Ctrl-C."
	@trap 'kill $$bridge $$daemon 2>/dev/null; wait' INT TERM EXIT; \
	  .build/debug/apikeyserv --data-dir $(DATA_DIR) --generate-signing-key-if-none & daemon=$$!; \
	  .build/debug/apikey-http --socket $(DATA_DIR)/apikeyserv.sock --host $(HTTP_HOST) --port $(HTTP_PORT) & bridge=$$!; \
	  wait $$daemon

# The console's screenshots in docs/console/, taken by its end-to-end test in headless Chromium.
console-screenshots: deps
	swift build --build-tests
	APIKEYSERV_TEST_PYTHON=$(abspath $(PY)) swift test --skip-build --filter ConsoleEndToEndTests
	cp .build/test-output/console/*.png docs/console/

test: deps python-client
	swift build --build-tests
	APIKEYSERV_TEST_PYTHON=$(abspath $(PY)) swift test --skip-build --parallel
	$(MAKE) bench-smoke
	$(MAKE) fuzz-smoke

# The Python client (clients/python): installed into the virtualenv (editable, so the end-to-end
# tests use this tree), linted (ruff, mypy --strict), tested (pytest), and built as a wheel.
python-client: python-deps
	$(PY) -m pip install -q --no-deps -e clients/python
	cd clients/python && $(abspath $(PY)) -m ruff check . && $(abspath $(PY)) -m ruff format --check . \
	  && $(abspath $(PY)) -m mypy && $(abspath $(PY)) -m pytest -q
	$(PY) -m pip wheel -q --no-deps -w .build/python-dist clients/python

# Long runs of the survival tests (kill -9 during each admin change, the full disk) with many
# rounds; `make test` runs the same tests in a short form. SOAK_ROUNDS rounds of each.
SOAK_ROUNDS ?= 25
soak: deps
	swift build --build-tests
	APIKEYSERV_TEST_PYTHON=$(abspath $(PY)) APIKEYSERV_SOAK_ROUNDS=$(SOAK_ROUNDS) \
	  swift test --skip-build --filter "Survival"

# Installs the programs, their manuals and completions, the systemd units and users, and example
# configuration files (kept when present) under DESTDIR/PREFIX. `install-files` installs what
# BUILD_DIR holds without building (the tests install a debug build into a scratch root).
PREFIX ?= /usr/local
DESTDIR ?=
BUILD_DIR ?= .build/release
SYSCONFDIR ?= /etc
UNITDIR ?= $(if $(filter /usr,$(PREFIX)),/usr/lib/systemd/system,$(SYSCONFDIR)/systemd/system)
PROGRAMS := apikeyserv apikeyctl apikey-http
install: release install-files

install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d $(DESTDIR)$(UNITDIR) \
	  $(DESTDIR)$(PREFIX)/lib/sysusers.d $(DESTDIR)$(PREFIX)/share/apikeyserv
	install -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/apikeyserv
	for p in $(PROGRAMS); do install -m 0755 $(BUILD_DIR)/$$p $(DESTDIR)$(PREFIX)/bin/$$p; \
	  install -m 0644 Deploy/completions/$$p.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$p; \
	  install -m 0644 Deploy/completions/_$$p $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_$$p; \
	  install -m 0644 Deploy/completions/$$p.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/$$p.fish; \
	done
	install -m 0644 Deploy/man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	for u in apikeyserv apikey-http; do \
	  sed 's|@PREFIX@|$(PREFIX)|g' Deploy/systemd/$$u.service > $(DESTDIR)$(UNITDIR)/$$u.service; \
	  chmod 0644 $(DESTDIR)$(UNITDIR)/$$u.service; done
	install -m 0644 Deploy/systemd/apikeyserv.sysusers $(DESTDIR)$(PREFIX)/lib/sysusers.d/apikeyserv.conf
	install -m 0644 Deploy/prometheus/apikeyserv-alerts.yml Deploy/grafana/apikeyserv-dashboard.json \
	  $(DESTDIR)$(PREFIX)/share/apikeyserv/
	for c in apikeyserv.conf apikey-http.conf; do [ -e $(DESTDIR)$(SYSCONFDIR)/apikeyserv/$$c ] || \
	  install -m 0644 Deploy/$$c $(DESTDIR)$(SYSCONFDIR)/apikeyserv/$$c; done
	@echo "Installed under $(DESTDIR)$(PREFIX). Next: systemd-sysusers; create the master key"
	@echo "  (umask 077; head -c 32 /dev/urandom > $(SYSCONFDIR)/apikeyserv/master.key);"
	@echo "  systemctl daemon-reload; systemctl enable --now apikeyserv apikey-http"

# The manual pages (Deploy/man, committed), one per program with every subcommand, from the
# argument parser by its generate-manual plugin on the debug build (dated by the last commit).
MAN_DATE ?= $(shell git log -1 --format=%cs)
man: build
	rm -rf .build/plugins/GenerateManual/outputs
	swift package plugin --allow-writing-to-package-directory generate-manual --configuration debug \
	  --date $(MAN_DATE) --authors "apikeyserv developers"
	rm -rf Deploy/man && mkdir -p Deploy/man
	for p in $(PROGRAMS); do cp .build/plugins/GenerateManual/outputs/$$p/$$p.1 Deploy/man/; done

# Shell completions (Deploy/completions, committed) from the argument parser.
completions: build
	mkdir -p Deploy/completions
	for p in $(PROGRAMS); do \
	  .build/debug/$$p --generate-completion-script bash > Deploy/completions/$$p.bash; \
	  .build/debug/$$p --generate-completion-script zsh > Deploy/completions/_$$p; \
	  .build/debug/$$p --generate-completion-script fish > Deploy/completions/$$p.fish; done

# The performance suite (scripts/bench.py): a release build, then every path beside its limit
# in one run (the RPCs beside the health check, verification beside raw libsodium, the JWKS beside
# nginx, growth to 1M keys, IssueKey on PostgreSQL, raw SQLite inserts); writes bench/results.md,
# results.json and results.svg. BENCH_ARGS passes options (e.g. --only http, --growth-keys 200000;
# a partial run writes to .build/bench/).
bench: release python-deps
	$(PY) scripts/bench.py $(BENCH_ARGS)

# The suite in seconds on the debug build, tiny counts, no targets (make test runs it, so the suite
# cannot rot); writes .build/bench-smoke/.
bench-smoke: python-deps
	$(PY) scripts/bench.py --smoke --bin .build/debug

# perf profiles of the daemon under IssueKey and the health check, and of the bridge under wrk
# (bench/profile-*.txt): what bounds the paths that miss their targets.
profile: release
	@command -v perf >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -qq linux-perf; }
	scripts/profile.sh

# Parts of the suite by themselves.
bench-http: release python-deps
	$(PY) scripts/bench.py --only http
bench-postgres: release python-deps
	$(PY) scripts/bench.py --only postgres

# libFuzzer on the parsers of untrusted input (Fuzz/): tokens, base64url, PEM/PKCS#8, the original's
# dumps. FUZZ_RUNS executions per target (default one million), from the seeds in Fuzz/Corpus and
# the inputs that once crashed in Fuzz/Regressions; new inputs go to Fuzz/.build/corpus, crashing
# ones to Fuzz/.build/crashes (keep them in Fuzz/Regressions and add a unit test).
FUZZ_TARGETS := FuzzToken FuzzBase64URL FuzzPEM FuzzDjangoDump
FUZZ_RUNS ?= 1000000
fuzz-build: test-system-deps
	cd Fuzz && swift build -c release --sanitize=fuzzer --sanitize=address

fuzz: fuzz-build
	@mkdir -p Fuzz/.build/crashes; for t in $(FUZZ_TARGETS); do \
	  seeds=$$(echo $$t | sed 's/^Fuzz//' | tr A-Z a-z | sed 's/djangodump/django/'); \
	  mkdir -p Fuzz/.build/corpus/$$t; \
	  echo "== $$t: $(FUZZ_RUNS) runs"; start=$$(date +%s); \
	  Fuzz/.build/release/$$t -runs=$(FUZZ_RUNS) -max_len=8192 -print_final_stats=1 \
	    -artifact_prefix=Fuzz/.build/crashes/$$t- Fuzz/.build/corpus/$$t Fuzz/Corpus/$$seeds \
	    $$( [ -d Fuzz/Regressions/$$seeds ] && echo Fuzz/Regressions/$$seeds ) \
	    > Fuzz/.build/$$t.log 2>&1 || { tail -40 Fuzz/.build/$$t.log; exit 1; }; \
	  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" Fuzz/.build/$$t.log; \
	  echo "   $$(( $$(date +%s) - start )) s"; \
	done

# A few seconds per target, for CI.
fuzz-smoke:
	$(MAKE) fuzz FUZZ_RUNS=20000

# The unit tests (not the end-to-end suites) under AddressSanitizer, then ThreadSanitizer, each
# in its own build folder. LeakSanitizer is off: the leaks it reports at exit are all in the
# toolchain's XCTest, FoundationNetworking's URLSession and NIO's test channels, none in this
# package (checked: no leaked block has a frame in Sources/ or Tests/).
sanitize: test-system-deps
	time ASAN_OPTIONS=detect_leaks=0 swift test --sanitize=address --scratch-path .build-asan --skip EndToEnd
	time swift test --sanitize=thread --scratch-path .build-tsan --skip EndToEnd

# Regenerates the committed Swift code from Protos/. Builds the two protoc plugins from this
# package's own dependencies first (about a minute); needs protoc (Debian's protobuf-compiler).
plugins:
	swift build --product protoc-gen-swift
	swift build --product protoc-gen-grpc-swift-2

PROTOC = protoc -I Protos \
  --plugin=protoc-gen-swift=.build/debug/protoc-gen-swift \
  --plugin=protoc-gen-grpc-swift-2=.build/debug/protoc-gen-grpc-swift-2 \
  --swift_opt=Visibility=Public,UseAccessLevelOnImports=true \
  --grpc-swift-2_opt=Visibility=Public,Server=true,Client=true,UseAccessLevelOnImports=true

protos: test-system-deps plugins
	rm -rf $(GEN_DIR) && mkdir -p $(GEN_DIR)
	$(PROTOC) --swift_out=$(GEN_DIR) --grpc-swift-2_out=$(GEN_DIR) $(PROTO_FILES)

# Formats the hand-written Swift in place with the toolchain's swift-format (.swift-format).
format:
	swift format --in-place --parallel $(SWIFT_SOURCES)

# What CI checks before the tests: the format (strict: any finding fails), and that the committed
# generated code is what Protos/ generates.
lint: test-system-deps plugins
	swift format lint --strict --parallel $(SWIFT_SOURCES)
	@out=$$(mktemp -d); $(PROTOC) --swift_out=$$out --grpc-swift-2_out=$$out $(PROTO_FILES); \
	  if diff -r $(GEN_DIR) $$out > $$out.diff; then echo "lint: generated code matches Protos/"; \
	  else head -40 $$out.diff; echo "lint: $(GEN_DIR) is not what Protos/ generates: run make protos"; \
	    rm -rf $$out $$out.diff; exit 1; fi; rm -rf $$out $$out.diff

clean:
	rm -rf .build
