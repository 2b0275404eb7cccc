# Everything a fresh machine needs is set up by these targets; nothing is installed by hand.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test lint unit migrate create-admin verify-audit clean es-node messages

# uv installs from its cache by hard links: seconds, where pip unpacks torch for minutes.
UV_VERSION := 0.13.9

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The papers' PDFs are set in DejaVu Sans (Cyrillic with the Kyrgyz and Tajik letters),
# from Debian's fonts-dejavu-core (PDF_FONT / PDF_FONT_BOLD point elsewhere).
PDF_FONT ?= /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

## run: the API on 127.0.0.1:8000, a Celery worker and beat, on embedded engines
run: $(STAMP) $(PDF_FONT)
	$(BIN)/vetted run

$(PDF_FONT):
	@if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core; \
	else echo "the papers' PDFs need DejaVu Sans: sudo apt-get install fonts-dejavu-core"; fi

# The browser tests drive Debian's Chromium (Playwright's own download cannot reach its host).
# Defined before the rule that names it: make expands a rule's prerequisites as it reads it.
CHROMIUM ?= /usr/bin/chromium

# axe-core, which the browser tests run on every page they visit, from the npm registry;
# the tarball is checked against the registry's published SHA-512 before it is unpacked.
AXE_VERSION   := 4.14.1
AXE_INTEGRITY := FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
AXE           := $(VENV)/axe-core-$(AXE_VERSION)/axe.min.js

## test: lint, types, import contracts, then the whole suite against real engines
test: lint $(CHROMIUM) $(PDF_FONT) $(AXE)
	AXE_JS=$(AXE) $(BIN)/pytest

$(AXE): | $(STAMP)
	curl -fsSL -o $(VENV)/axe-core.tgz https://registry.npmjs.org/axe-core/-/axe-core-$(AXE_VERSION).tgz
	test "$$(openssl dgst -sha512 -binary $(VENV)/axe-core.tgz | base64 -w0)" = "$(AXE_INTEGRITY)"
	mkdir -p $(dir $(AXE))
	tar -xzmf $(VENV)/axe-core.tgz -C $(dir $(AXE)) --strip-components=1 package/axe.min.js
	rm $(VENV)/axe-core.tgz

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "the browser tests need Chromium: sudo apt-get install chromium"; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

## es-node: a local Elasticsearch on 127.0.0.1:9200, data in .data/es (needs a JDK 21+ and Maven;
## built from Maven Central on first use). Then: ELASTICSEARCH_URL=http://127.0.0.1:9200 make run
es-node:
	bash tools/es-node/run.sh --home .data/es --port 9200 --log-level INFO

## messages: the page texts a catalogue lacks, as .po entries to fill in
## (LANGUAGE=ru|ky|uz|tg, default ru; GROUP=common|jobs|me|..., default every group)
messages: $(STAMP)
	@$(BIN)/python tools/po_missing.py $(if $(LANGUAGE),--language $(LANGUAGE)) $(if $(GROUP),--group $(GROUP))

unit: $(STAMP)
	$(BIN)/pytest -m unit

migrate: $(STAMP)
	$(BIN)/vetted migrate

create-admin: $(STAMP)
	$(BIN)/vetted create-admin --email $(EMAIL)

verify-audit: $(STAMP)
	$(BIN)/vetted verify-audit

clean:
	rm -rf $(VENV) .data .pytest_cache .mypy_cache .ruff_cache
