# The two commands a user needs: `make run` and `make test`. Both set up .venv from pyproject.toml
# (versions pinned by constraints.txt, so every machine installs the same) on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := samples/permendag-17-2024-lampiran.pdf

.PHONY: run test bench fuzz damage clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)  ## extract the embedded sample into output/
	$(BIN)/lampiran extract $(SAMPLE) --out output/

test: $(STAMP)  ## run the test suite (-rs: each skipped test is named, with what would make it run)
	$(BIN)/python -m pytest -q -rs

bench: $(STAMP)  ## print speed and memory figures (not a test)
	$(BIN)/python bench/run.py

SEEDS ?= 500
fuzz: $(STAMP)  ## draw seeded layouts with every PDF producer and read them back (a report, not a test)
	$(BIN)/python samples/fuzz/run.py --seeds $(SEEDS) --jobs 2

COPIES ?= 1000
damage: $(STAMP)  ## damage documents at random and judge what the tool makes of each copy (a report, not a test)
	$(BIN)/python samples/damage.py --copies $(COPIES) --jobs 2

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache bench/.cache
