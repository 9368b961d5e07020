# Two commands do all the set-up: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
SYSTEM_PACKAGES_RUN := fonts-noto-core fonts-dejavu-core chromium
SYSTEM_PACKAGES_TEST := chromium poppler-utils postgresql
# The cluster tests: PostgreSQL for the DuckLake catalog, HAProxy in front, Chromium to drive the pages.
SYSTEM_PACKAGES_CLUSTER := postgresql haproxy chromium

.PHONY: run test test-lake test-cluster db lint bench system-run system-test clean

# MALLOC_ARENA_MAX: each page run is a thread, and glibc's per-thread memory arenas kept what the
# runs freed: the server's memory grew 12 % over a minute of 20 readers, 5 % with two arenas.
run: system-run $(VENV)/.runtime db
	MALLOC_ARENA_MAX=2 $(VENV)/bin/streamlit run dashboard.py --server.address 127.0.0.1 --server.port $(PORT)

test: system-run system-test $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

# Two app servers on one DuckLake store (PostgreSQL catalog) behind HAProxy, as deploy/ describes.
# Every test again, each test database a DuckLake (a PostgreSQL catalog started for the run).
test-lake: system-run system-test $(VENV)/.dev
	$(PY) -m pytest --store ducklake

test-cluster: $(VENV)/.dev
	@sh scripts/system-packages.sh $(SYSTEM_PACKAGES_CLUSTER)
	$(PY) -m pytest -m cluster

db: $(VENV)/.runtime
	$(PY) -m mel init --if-missing

# mypy checks the files pyproject.toml lists (every Python file); lint-imports, its layering contracts.
lint: $(VENV)/.dev
	$(PY) -m ruff check . && $(PY) -m ruff format --check . && $(PY) -m mypy && $(VENV)/bin/lint-imports

$(VENV)/.runtime: requirements.txt requirements-nodeps.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -r requirements-nodeps.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Debian packages: Arabic fonts for the app, Chromium for the brief's charts; Chromium and pdftoppm for the tests.
system-run:
	@sh scripts/system-packages.sh $(SYSTEM_PACKAGES_RUN)

system-test:
	@sh scripts/system-packages.sh $(SYSTEM_PACKAGES_TEST)

# The benchmark: every collectivity a member, ten years of quarterly values (data/national.duckdb).
NATIONAL_DB := data/national.duckdb
bench: $(VENV)/.dev
	@sh scripts/system-packages.sh chromium postgresql
	MEL_DB=$(NATIONAL_DB) $(PY) -m mel init --scale national --if-missing
	MEL_DB=$(NATIONAL_DB) $(PY) -m mel bench --json bench.json  # every mode: about 15 minutes
	MEL_DB=$(NATIONAL_DB) $(PY) -m mel bench --store ducklake --json bench-ducklake.json  # a DuckLake copy: as long

clean:
	rm -rf $(VENV) data/*.duckdb data/*.duckdb.wal tests/screenshots
