"""Alias of the student package :mod:`genmodels_lab` (``student/``): the visible checks and the
data loaders, for notebooks released before the package existed (``from autograder.student import
sanity_check``).  New notebooks import ``genmodels_lab`` directly."""
from genmodels_lab import load_digits_tensor, sanity_check

__all__ = ["sanity_check", "load_digits_tensor"]
