# handbok — de to kommandoene i README: `make serve` og `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installert

.PHONY: install serve sjekk bygg test bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

sjekk: install
	$(BIN)/handbok sjekk

serve: install
	$(BIN)/handbok sjekk
	$(BIN)/handbok bygg
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

bygg: install
	$(BIN)/handbok bygg

test: install
	@sh scripts/sikre-chromium.sh
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/kjor.py

clean:
	rm -rf $(VENV) site build .pytest_cache node_modules
