"""genmodels-lab: what a student's kernel needs for the 生成モデル入門 notebooks.

- :func:`sanity_check` (``genmodels_lab.checks``): the visible checks of the released notebooks;
- :func:`load_digits_tensor` (``genmodels_lab.data``): the embedded 8x8 digits as tensors;
- ``genmodels_lab.harness``: the public helpers the notebooks and the grader's worker share
  (test critics, the ring GAN driver, toy diffusion models).

It holds no reference solution, no hidden test and no catalogue of mistakes: those live in the
instructor's ``genmodels-autograder`` distribution, which students do not install.
"""
from .checks import sanity_check
from .data import load_digits_tensor

__all__ = ["sanity_check", "load_digits_tensor"]
__version__ = "0.1.0"
