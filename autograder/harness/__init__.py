"""Public, non-secret helpers that hidden tests may call inside the worker: aliases of
:mod:`genmodels_lab.harness` (the student package in ``student/``; one copy of the code).

``student.harness.fn(...)`` resolves ``fn`` in ``genmodels_lab.harness.<assignment>`` first,
then in :mod:`genmodels_lab.harness.common`.  Nothing there may contain a solution: students
install and read those files.
"""
