"""nbgrader configuration for the 生成モデル入門 course.

The course directory is this repository (source/ and release/ live here);
instructors grading a class point ``--CourseDirectory.root`` at their own course
folder that holds ``submitted/`` (see README, "Instructor").

``nbgrader autograde`` does not execute student code in nbgrader's own kernel:
our ``SuiteGrader`` preprocessor replaces nbgrader's ``Execute`` step.  It runs
the student's cells in the autograder worker (isolated process), runs the hidden
suite ``autograder/suites/<assignment>/`` and writes each grade cell's score as
an explicit partial-credit value (so nbgrader never awards full credit to a cell
the suite could not evaluate, and stderr from student code never zeroes a cell).
"""
import os

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbconvert.preprocessors.sanitize import SanitizeHTML
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, GetGrades, IgnorePattern,
                                    LimitOutput, SaveAutoGrades)

from autograder.nbgrader_plugin import SuiteGrader

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

c.CourseDirectory.course_id = "genmodels-intro"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))  # the folder of this file
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# Released notebooks: the student's stub is nbgrader's default.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# Grading: our suite runner instead of nbgrader's Execute (student code runs only in our worker).
# SanitizeHTML (nbconvert, with bleach) right after grading: the autograded notebook is what
# formgrader shows the instructor and what `nbgrader generate_feedback` renders for the student, so
# student markdown, raw cells and rich outputs lose scripts, event handlers and javascript: links here.
c.Autograde.autograde_preprocessors = [
    SuiteGrader,
    SanitizeHTML,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]


# The grading run's configuration is SuiteGrader's (autograder/nbgrader_plugin.py), resolved once when
# the first notebook is graded: isolation strict, device auto, lang ja by default.  Where strict cannot
# be set up, nbgrader autograde stops with the reason and exits 1 (nothing is graded, nothing is blamed
# on a student).  Override here or on the command line, e.g.
#   nbgrader autograde ch2_vae --SuiteGrader.isolation=basic --SuiteGrader.lang=en
# c.SuiteGrader.isolation = "basic"          # NOT a security boundary
# c.SuiteGrader.limits = "cell_seconds=120"
c.Execute.timeout = 120

# Defence in depth: feedback pages are sanitised again when rendered (notebooks autograded before
# this setting, or by another configuration).
c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, SanitizeHTML]
# nbconvert preprocessors are disabled unless enabled (nbgrader registers them as they are)
c.SanitizeHTML.enabled = True
