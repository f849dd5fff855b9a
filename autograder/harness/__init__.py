"""Public, non-secret helpers that hidden tests may call inside the worker.

``student.harness.fn(...)`` resolves ``fn`` in ``autograder.harness.<assignment>``
first, then in :mod:`autograder.harness.common`.  Nothing here may contain a
solution: the worker (and so the student) can read these files.
"""
