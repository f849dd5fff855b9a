"""What runs inside the grading sandbox: the worker, its wire format, the warm template and confinement.

This subpackage is the whole of the grader's code that a student process may see (the strict
sandbox binds only this distribution, ``genmodels_lab``, besides the Python runtime).  It holds no
reference, suite, catalogue or diagnosis, and imports nothing from ``autograder``; a test
(``tests/test_layers.py``) checks both.

- :mod:`.wire`: the framed JSON + safetensors protocol between the grader and the worker (no pickle).
- :mod:`.worker`: runs the notebook's cells and answers the grader's calls.
- :mod:`.template`: the warm template that forks one fresh worker per submission.
- :mod:`.confine`: what a strict template's child does to itself before any student code runs
  (namespaces, read-only mounts, fresh tmpfs, capabilities, no_new_privs, seccomp).
- :mod:`.limits`: the one function that applies the rlimits.
"""
