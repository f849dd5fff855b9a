# Generative Models Lab autograder: `make demo` (the main job) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: demo test test-all validity notebooks release clean

$(STAMP): pyproject.toml student/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.14.1 torchvision==0.29.1
	$(PY) -m pip install --quiet -e ./student   # the student package (genmodels_lab), which the grader's worker imports
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/autograder demo --out demo-course

test: $(STAMP)
	$(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

test-all: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

validity: $(STAMP)
	$(VENV)/bin/autograder validity

notebooks: $(STAMP)
	$(PY) tools/build_notebooks.py
	$(PY) tools/release.py

clean:
	rm -rf demo-course .pytest_cache
