# Two commands on a fresh machine: `make site` and `make test`.
VENV      := .venv
PY        := $(VENV)/bin/python
PIP       := $(PY) -m pip
STAMP     := $(VENV)/.installed
TESTSTAMP := $(VENV)/.installed-test
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Quiet the upstream MkDocs 2 notices printed by material and properdocs on every build.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: site serve check test test-fast bench chromium clean dist audit

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

site: $(STAMP)
	$(PY) -m generator build

# The built site as dist/<slug>-<version>.tar.gz (+ .sha256), for the office's own server.
dist: site
	$(PY) -m generator dist

serve: $(STAMP)
	$(VENV)/bin/mkdocs serve

check: $(STAMP)
	$(PY) -m generator check

$(TESTSTAMP): $(STAMP)
	$(PIP) install -q -e '.[test]'
	touch $@

# Browser tests drive Debian's chromium (no browser download); CJK fonts for screenshots;
# Debian's nginx serves the site as an office's server would (site_tests/browser/test_nginx.py).
chromium:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk' \
			|| ! [ -x /usr/sbin/nginx ]; then \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium fonts-wqy-microhei nginx-light; \
	fi

test: $(TESTSTAMP) chromium
	$(PY) -m pytest

test-fast: $(TESTSTAMP)
	$(PY) -m pytest -m "not browser"

bench: $(TESTSTAMP)
	$(PY) benchmarks/bench.py

# Lighthouse and the Nu Html Checker on the site served by nginx under a sub-path (benchmarks/audit.py).
# npm tools from package-lock.json (lighthouse, vnu-jar); Java 11+ runs vnu.jar.  --ignore-scripts:
# vnu-jar's postinstall would download a Java runtime when none is on PATH.
audit: $(TESTSTAMP) chromium
	@if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
		npm ci --no-audit --no-fund --ignore-scripts; \
	fi
	$(PY) benchmarks/audit.py

clean:
	rm -rf site build/docs/* test-artifacts benchmarks/work dist
