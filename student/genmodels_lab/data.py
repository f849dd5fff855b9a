"""Data the notebooks use, shipped inside packages (nothing is downloaded).

:func:`load_digits_tensor`: scikit-learn's embedded 8x8 digits (``sklearn.datasets.load_digits``).
"""
from __future__ import annotations

__all__ = ["load_digits_tensor"]


def load_digits_tensor(dtype=None):
    """The embedded 8x8 digits (scikit-learn ``load_digits``) as tensors.

    Returns:
        (x, y): ``x`` float tensor of shape (1797, 64) with pixel intensities scaled
        to [0, 1] (the raw data is 0..16), ``y`` int64 tensor of shape (1797,) with
        labels 0..9.
    """
    import torch
    from sklearn.datasets import load_digits

    data = load_digits()
    x = torch.as_tensor(data.data / 16.0, dtype=dtype or torch.get_default_dtype())
    y = torch.as_tensor(data.target, dtype=torch.int64)
    return x, y
