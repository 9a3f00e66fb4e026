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

.PHONY: site serve check edit test test-fast bench chromium importer-tools node-modules clean dist audit

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

# npm packages of package-lock.json: Decap CMS (the web editor at /admin/, copied into the site),
# decap-server (make edit) and the audit tools.  Reinstalled when the lockfile is newer than the last
# install (npm ci writes node_modules/.package-lock.json).  --ignore-scripts: none of them needs its
# install script, and vnu-jar's would download a Java runtime when none is on PATH.  Node.js and npm
# come from Debian when missing.
node-modules:
	@if ! command -v npm >/dev/null 2>&1; then \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q nodejs npm; \
	fi
	@if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
		npm ci --no-audit --no-fund --ignore-scripts; \
	fi

site: $(STAMP) node-modules
	$(PY) -m generator build

# The built site as dist/<slug>-<version>.tar.gz (+ .sha256), for the office's own server.
dist: site
	$(PY) -m generator dist

serve: $(STAMP) node-modules
	$(VENV)/bin/mkdocs serve --dirty

# The web editor on this computer, no account: decap-server (MODE=git) on 127.0.0.1:8081 commits each
# save to this repository; the editor and a preview of the site at http://127.0.0.1:8000/, the preview
# rebuilt after each publication (generator/editor.py, serve).
edit: $(STAMP) node-modules
	$(PY) -m generator.editor serve

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

# The importer's readers: antiword for .doc/.wps, LibreOffice for RTF and what antiword cannot read
# (it also makes the .doc/.pdf test fixtures), Tesseract with its Chinese model for scans
# (site_tests/unit/test_import_formats.py); fonts-wqy-microhei draws the fixtures' scans.
importer-tools:
	@if ! command -v antiword >/dev/null 2>&1 || ! command -v soffice >/dev/null 2>&1 \
			|| ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx chi_sim \
			|| ! [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q --no-install-recommends \
			antiword libreoffice-writer-nogui tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-microhei; \
	fi

test: $(TESTSTAMP) chromium importer-tools node-modules
	$(PY) -m pytest

test-fast: $(TESTSTAMP) node-modules
	$(PY) -m pytest -m "not browser"

bench: $(TESTSTAMP) node-modules
	$(PY) benchmarks/bench.py

# Lighthouse and the Nu Html Checker on the site served by nginx under a sub-path (benchmarks/audit.py).
# npm tools from package-lock.json (lighthouse, vnu-jar); Java 11+ runs vnu.jar.
audit: $(TESTSTAMP) chromium node-modules
	$(PY) benchmarks/audit.py

clean:
	rm -rf site build/docs/* test-artifacts benchmarks/work dist .build-cache .site-edit .discarded-* .site-pagefind-*
