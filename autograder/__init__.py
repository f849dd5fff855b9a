"""Generative Models Lab autograder: grades nbgrader notebooks of the 生成モデル入門 course.

Student code runs only in a separate worker process (:mod:`genmodels_lab.runtime.worker`);
the hidden suites (``autograder/suites/<assignment>/``) run under pytest in the
trusted process and reach the student's functions through :mod:`autograder.proxy`.
"""

__version__ = "0.1.0"
