# Every target builds what it needs: a fresh machine needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
STAMP := $(VENV)/.installed

.PHONY: run demo test lint bench validate clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(PY) manage.py init
	$(PY) -m streamlit run asgi.py --server.port $(PORT)

demo: $(STAMP)
	$(PY) manage.py seed-demo --fresh --database-url "sqlite:///data/demo.db"
	PRESSDX_DEMO=1 DATABASE_URL="sqlite:///data/demo.db" $(PY) -m streamlit run asgi.py --server.port $(PORT)

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) manage.py validate
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy

validate: $(STAMP)
	$(PY) manage.py validate

bench: $(STAMP)
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
