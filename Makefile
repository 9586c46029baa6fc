# Every target is a command from the README.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
SEED    = seeds/000_4e5fc412234f2c9f.txt
SEED_DATE = 2020-05-30

.PHONY: setup bytecode report parse test unit nbval lint format bench clean

# Create the virtual environment from the lock file (exact versions, no resolution).
setup: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q --no-deps -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	$(BIN)/python -m compileall -q -j 0 $(VENV)/lib > /dev/null
	touch $@

# Byte-compile the package. PYTHONDONTWRITEBYTECODE=1 (set on some machines) keeps
# Python from caching bytecode, and then every notebook kernel recompiles pandas,
# matplotlib and this package from source: the report took twice as long.
bytecode: setup
	$(BIN)/python -m compileall -q analysis

# The main job: the whole report (tables, networks, charts, narrative) for the seed article.
report: bytecode
	$(BIN)/python -m analysis report $(SEED) --date $(SEED_DATE)

# Tables only, into out/<seed>.
parse: setup
	$(BIN)/python -m analysis parse $(SEED) --date $(SEED_DATE) --out out/seed

# Lint, unit tests, doctests, gold scores and the nbval notebook suite.
test: bytecode
	$(BIN)/ruff check analysis tests benchmarks
	$(BIN)/ruff format --check analysis tests benchmarks
	$(BIN)/python -m pytest --doctest-modules analysis tests
	$(BIN)/python -m pytest --nbval notebooks --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

lint: setup
	$(BIN)/ruff check analysis tests benchmarks
	$(BIN)/ruff format --check analysis tests benchmarks

format: setup
	$(BIN)/ruff format analysis tests benchmarks

bench: setup
	$(BIN)/python -m pip install -q "spacy>=3.7"
	$(BIN)/python benchmarks/bench_parse.py

clean:
	rm -rf $(VENV) out
