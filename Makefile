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

.PHONY: site serve check test test-fast bench chromium clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

site: $(STAMP)
	$(PY) -m generator build

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

clean:
	rm -rf site build/docs/* test-artifacts benchmarks/work
