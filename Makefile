# Generative Models Lab autograder: `make demo` (the main job) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: demo test test-all validity notebooks release clean lock system-deps

# What the default --isolation strict needs from the system (bubblewrap, libseccomp for the seccomp
# filter): installed here when we are root on a Debian/Ubuntu machine and they are missing; elsewhere
# the grader says what is missing when it starts (and --isolation basic needs neither).
system-deps:
	@if ! command -v bwrap >/dev/null 2>&1 || ! ldconfig -p 2>/dev/null | grep -q libseccomp.so.2; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing bubblewrap and libseccomp2 (needed by --isolation strict, the default)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap libseccomp2 >/dev/null; \
	  else \
	    echo "note: --isolation strict (the default) needs bubblewrap and libseccomp2 and root; without them use --isolation basic"; \
	  fi; \
	fi

$(STAMP): pyproject.toml student/pyproject.toml requirements.lock | system-deps
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock   # every dependency at its locked version (torch 2.14.1 included)
	$(PY) -m pip install --quiet --no-deps -e ./student   # the student package (genmodels_lab), which the grader's worker imports
	$(PY) -m pip install --quiet --no-deps -e '.[test]'
	$(PY) -m pip check
	touch $(STAMP)

# Re-lock after changing dependencies in pyproject.toml: a fresh environment, resolved once, frozen.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet torch==2.14.1 torchvision==0.29.1 ./student '.[test]'
	(head -n 2 requirements.lock; .venv-lock/bin/pip freeze --exclude-editable | grep -v -e '^genmodels' -e '^#') > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .venv-lock

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
