# Plenary: set up, build, test and serve.
#   make site    build the website into site/
#   make test    run the whole test suite (installs Debian's Chromium when missing, and the
#                HTML and accessibility checkers from package-lock.json with npm)
#   make serve   build, serve on http://127.0.0.1:8000/ and rebuild on every change
#   make clean   remove site/ and .venv/
# The virtual environment is created on first use and reinstalled only when
# pyproject.toml is newer than the stamp file inside it; node_modules/ likewise
# when package-lock.json is.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.plenary-installed
CHROMIUM := /usr/bin/chromium
NODE_STAMP := node_modules/.plenary-installed
PYTEST_ARGS ?=

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: site test serve clean chromium

site: $(STAMP)
	$(BIN)/plenary build
	@echo ""
	@echo "Built site/. To look at it:"
	@echo "  make serve                       (or .venv/bin/plenary serve: rebuilds and reloads on every change)"
	@echo "  python3 -m http.server -d site   (serves site/ as it is)"

test: $(STAMP) chromium $(NODE_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

serve: $(STAMP)
	$(BIN)/plenary serve

clean:
	rm -rf site $(VENV)

$(STAMP): pyproject.toml
	@if [ ! -x $(BIN)/python ]; then \
		echo "Creating $(VENV) with $(PYTHON) -m venv"; \
		$(PYTHON) -m venv $(VENV) || { \
			rm -rf $(VENV); \
			echo "error: '$(PYTHON) -m venv' failed; on Debian install it with: apt-get install python3-venv" >&2; \
			exit 1; }; \
	fi
	@echo "Installing plenary-site and its test tools into $(VENV) (pip install -e '.[test]')"
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

# vnu-jar (the Nu HTML Checker) and axe-core, pinned in package-lock.json, for
# tests/test_validity.py and tests/test_accessibility.py. --ignore-scripts: vnu-jar's
# postinstall would download a Java runtime; the machine's Java 17 runs vnu.jar.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
		echo "error: the tests need Node.js and npm to install their checkers: apt-get install nodejs npm" >&2; exit 1; }
	@command -v java >/dev/null 2>&1 || { \
		echo "error: the HTML checker needs Java 17 or newer: apt-get install default-jre-headless" >&2; exit 1; }
	@echo "Installing the HTML and accessibility checkers into node_modules/ (npm ci)"
	@npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ]; then sudo=""; \
		elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
		else echo "error: the browser tests need Chromium at $(CHROMIUM); install Debian's package as root: apt-get install chromium" >&2; exit 1; fi; \
		if ! command -v apt-get >/dev/null 2>&1; then \
			echo "error: the browser tests need Chromium at $(CHROMIUM) and there is no apt-get here to install it" >&2; exit 1; fi; \
		echo "Installing Chromium (apt-get install chromium) for the browser tests"; \
		$$sudo apt-get -q -o DPkg::Lock::Timeout=600 update >/dev/null && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600 install chromium >/dev/null || { \
			echo "error: installing Chromium failed; install it with: apt-get install chromium" >&2; exit 1; }; \
	fi
