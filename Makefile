# `make run` sets up and opens the dashboard on the 2018 forum demo; `make test` runs every test.
PY := .venv/bin/python

.PHONY: setup run test lint reference bench
setup:
	@bash scripts/setup.sh

run: setup
	$(PY) -m streamlit run dashboard.py

test: setup
	$(PY) -m ruff check .
	$(PY) -m pytest -q

lint: setup
	$(PY) -m ruff check .

reference: setup
	$(PY) scripts/build_reference.py

bench: setup
	$(PY) -m bench
