"""sample_categorical: inverse-CDF sampling from given uniforms."""
import pytest
import torch

import solutions.ch1_fundamentals as ref
from autograder.suites.ch1_fundamentals._common import positive

pytestmark = pytest.mark.grade_id("sample_categorical")

HINT_EN = ("Return the smallest k with u < F_k, where F_k = (w_0 + ... + w_k) / Σ w (torch.searchsorted(cdf, u, "
           "right=True)); category k owns [F_{k-1}, F_k), so u = F_k belongs to k + 1 and zero-weight categories are "
           "never drawn.")
HINT_JA = ("u < F_k を満たす最小の k を返します（F_k = (w_0 + ... + w_k) / Σ w、torch.searchsorted(cdf, u, "
           "right=True)）。カテゴリ k の区間は [F_{k-1}, F_k) なので、u = F_k は k + 1 に属し、重み 0 のカテゴリは"
           "選ばれません。")


@pytest.mark.describe("samples for random uniforms", "ランダムな一様乱数でのサンプル")
@pytest.mark.points(1)
@pytest.mark.parametrize("k,n,dtype", [(5, 40, torch.float64), (1, 3, torch.float32), (3, 1, torch.float32)])
def test_random_uniforms(student, check, gen, k, n, dtype):
    w = positive(gen, k, dtype=dtype, low=0.1, high=3.0)
    u = torch.rand(n, generator=gen, dtype=torch.float64).to(dtype)
    got = student.sample_categorical(w, u)
    check.close("sample_categorical", got, ref.sample_categorical(w, u), hint_en=HINT_EN, hint_ja=HINT_JA)
    # with one category (or one draw) a constant answer can be right: each case also draws from 4 categories
    w4 = positive(gen, 4, dtype=dtype, low=0.1, high=3.0)
    u4 = torch.rand(16, generator=gen, dtype=torch.float64).to(dtype)
    check.close("sample_categorical (4 categories, 16 draws)", student.sample_categorical(w4, u4),
                ref.sample_categorical(w4, u4), hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("unnormalised weights and uniforms on the boundaries", "正規化されていない重みと境界上の一様乱数")
@pytest.mark.points(1)
def test_unnormalised_weights_and_boundaries(student, check):
    w = torch.tensor([2.0, 2.0, 0.0, 4.0], dtype=torch.float64)            # F = [.25, .5, .5, 1]
    u = torch.tensor([0.0, 0.1, 0.25, 0.3, 0.5, 0.75, 0.9999], dtype=torch.float64)
    check.close("sample_categorical(weights=[2, 2, 0, 4], u)", student.sample_categorical(w, u),
                ref.sample_categorical(w, u), hint_en=HINT_EN + " The weights need not sum to 1: normalise the CDF.",
                hint_ja=HINT_JA + " 重みの和は 1 とは限りません。CDF を正規化してください。")
    # u may have any shape (...): the samples have u's shape
    u2 = torch.tensor([[0.0, 0.1, 0.25, 0.3, 0.5], [0.75, 0.9999, 0.49, 0.6, 0.2],
                       [0.5, 0.5, 0.0, 0.99, 0.26], [0.1, 0.2, 0.3, 0.4, 0.8]], dtype=torch.float64)
    check.close("sample_categorical(weights=[2, 2, 0, 4], u of shape (4, 5))", student.sample_categorical(w, u2),
                ref.sample_categorical(w, u2), hint_en=HINT_EN + " u may have any shape: return samples of u's shape.",
                hint_ja=HINT_JA + " u の形は任意です。u と同じ形のサンプルを返してください。")


@pytest.mark.describe("a first category with zero weight", "重み 0 の最初のカテゴリ")
@pytest.mark.points(1)
def test_zero_weight_first_category(student, check):
    w = torch.tensor([0.0, 1.0, 1.0], dtype=torch.float32)
    u = torch.tensor([0.0, 0.5, 0.2], dtype=torch.float32)
    check.close("sample_categorical(weights=[0, 1, 1], u=[0, .5, .2])", student.sample_categorical(w, u),
                ref.sample_categorical(w, u), hint_en=HINT_EN, hint_ja=HINT_JA)
