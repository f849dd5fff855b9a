"""Hidden tests: spectral_norm_weight(weight, v, n_iter, transposed=...) (power iteration in the
order of torch.nn.utils.parametrizations.spectral_norm; tests/test_solutions_ch3_gan.py checks
the reference against torch on the same vectors)."""
import pytest
import torch

import solutions.ch3_gan as ref

pytestmark = pytest.mark.grade_id("spectral_norm")

HINT_EN = ("W = weight.flatten(1) (out, rest); for a ConvTranspose weight (in, out, kh, kw) use "
           "weight.transpose(0, 1).flatten(1). Repeat n_iter times: u = normalize(W v), v = normalize(W^T u); then "
           "sigma = u^T W v with the final u, v (the power-iteration estimate, not the exact SVD); return "
           "(weight / sigma, u, v, sigma)")
HINT_JA = ("W = weight.flatten(1)（(out, rest)）。ConvTranspose の重み (in, out, kh, kw) では weight.transpose(0, 1).flatten(1)。"
           "n_iter 回 u = normalize(W v)、v = normalize(W^T u) を繰り返し、最後の u, v で sigma = u^T W v"
           "（正確な SVD ではなくべき乗法の推定値）。(weight / sigma, u, v, sigma) を返します")
NAMES = ("weight / sigma", "u", "v", "sigma")


def _compare(student, check, weight, v, n_iter, transposed, label):
    out = student.spectral_norm_weight(weight, v, n_iter, transposed=transposed)
    check.true(isinstance(out, (tuple, list)) and len(out) == 4,
               f"{label}: spectral_norm_weight must return a tuple (weight_sn, u, v, sigma).",
               f"{label}: spectral_norm_weight はタプル (weight_sn, u, v, sigma) を返してください。", kind="output")
    expected = ref.spectral_norm_weight(weight, v, n_iter, transposed=transposed)
    for name, got, exp in zip(NAMES, out, expected):
        check.close(f"{label}: {name}", got, exp, hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("a convolution weight", "畳み込みの重み")
@pytest.mark.points(1)
def test_conv_weight(student, check, gen):
    w = torch.randn(6, 3, 3, 3, generator=gen, dtype=torch.float64)
    for n_iter in (1, 3):
        v = torch.randn(27, generator=gen, dtype=torch.float64)
        _compare(student, check, w, v, n_iter, False, f"Conv2d weight (6, 3, 3, 3), n_iter={n_iter}")


@pytest.mark.describe("a transposed-convolution weight", "転置畳み込みの重み")
@pytest.mark.points(1)
def test_transposed_conv_weight(student, check, gen):
    w = torch.randn(4, 6, 4, 4, generator=gen, dtype=torch.float64)   # ConvTranspose2d(4, 6, 4): (in, out, kh, kw)
    v = torch.randn(4 * 16, generator=gen, dtype=torch.float64)
    _compare(student, check, w, v, 2, True, "ConvTranspose2d weight (in=4, out=6, 4, 4), n_iter=2")


@pytest.mark.describe("a linear weight, float32", "全結合層の重み（float32）")
@pytest.mark.points(1)
def test_linear_weight_float32(student, check, gen):
    w = torch.randn(5, 8, generator=gen)
    v = torch.randn(8, generator=gen)
    out = student.spectral_norm_weight(w, v, 1)
    expected = ref.spectral_norm_weight(w.double(), v.double(), 1)
    check.true(isinstance(out, (tuple, list)) and len(out) == 4,
               "spectral_norm_weight must return a tuple (weight_sn, u, v, sigma).",
               "spectral_norm_weight はタプル (weight_sn, u, v, sigma) を返してください。", kind="output")
    for name, got, exp in zip(NAMES, out, expected):
        check.close(f"Linear weight (5, 8), float32: {name}", got, exp, hint_en=HINT_EN, hint_ja=HINT_JA)
