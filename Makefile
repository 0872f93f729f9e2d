# `make run` sets up and opens the dashboard on the 2018 forum demo; `make test` runs every test.
PY := .venv/bin/python

.PHONY: setup run test test-postgres lint reference bench
setup:
	@bash scripts/setup.sh

# The demo listens on this machine only; a named address also stops Streamlit from asking an
# outside service for the machine's public IP (its "External URL" line): nothing leaves the box.
run: setup
	$(PY) -m streamlit run serve.py --server.address localhost

# The store, sign-in, fault and deployment tests run twice: on SQLite with everything else, then
# on a throwaway PostgreSQL cluster (scripts/with_postgres.sh sets FORUMREACH_TEST_DB_URL).
DB_TESTS := tests/test_store.py tests/test_auth.py tests/test_sessions.py tests/test_store_faults.py tests/test_deployment.py
# The SQLite run is spread over worker processes (pytest-xdist), a test file to a worker and
# the browser tests all on one (tests/conftest.py), which starts one server and one Chromium. The
# PostgreSQL run stays in one process: its tests share the one throwaway database.
WORKERS ?= 2

test: setup
	$(PY) -m ruff check .
	env -u FORUMREACH_TEST_DB_URL $(PY) -m pytest -q -rs -n $(WORKERS)
	bash scripts/with_postgres.sh $(PY) -m pytest -q $(DB_TESTS)

test-postgres: setup
	bash scripts/with_postgres.sh $(PY) -m pytest -q $(DB_TESTS)

lint: setup
	$(PY) -m ruff check .

# Re-derive data/vintages/2018, geo/ and the demo from ../shared/reference (outputs are committed).
reference: setup
	$(PY) scripts/build_gazetteer.py
	$(PY) scripts/build_geo.py
	$(PY) scripts/build_demo.py

bench: setup
	$(PY) -m bench
