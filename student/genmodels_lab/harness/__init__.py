"""Public, non-secret helpers that the notebooks and the hidden tests call inside the worker.

The grader resolves ``student.harness.fn(...)`` in ``genmodels_lab.harness.<assignment>`` first,
then in :mod:`genmodels_lab.harness.common` (``autograder.harness`` is an alias of this package).
Nothing here may contain a solution: the student installs and reads these files.
"""
