"""cross_attention: queries from image tokens, keys/values from text tokens, multi-head."""
import pytest
import torch

import solutions.ch4_diffusion as ref
from autograder.suites.ch4_diffusion._common import rand

pytestmark = pytest.mark.grade_id("cross_attention")

HINT_EN = ("q = x W_q^T, k = context W_k^T, v = context W_v^T; split the last dim into (heads, d) and move heads before "
           "the tokens; softmax(q k^T / sqrt(d)) over the text tokens (last dim), d = head width (not the full width); "
           "merge heads back, then out @ W_o^T + b_o.")
HINT_JA = ("q = x W_q^T、k = context W_k^T、v = context W_v^T。最後の次元を (heads, d) に分けヘッドをトークンの前へ移します。"
           "softmax(q k^T / sqrt(d)) はテキストトークン方向（最後の次元）、d はヘッドの幅（全体の幅ではありません）。"
           "ヘッドを戻して結合し、out @ W_o^T + b_o とします。")


def _weights(gen, Dq, Dc, inner, dtype):
    s = 0.4
    return (rand(gen, inner, Dq, scale=s, dtype=dtype), rand(gen, inner, Dc, scale=s, dtype=dtype),
            rand(gen, inner, Dc, scale=s, dtype=dtype), rand(gen, Dq, inner, scale=s, dtype=dtype),
            rand(gen, Dq, scale=s, dtype=dtype))


def _run(student, check, gen, B, N, M, Dq, Dc, heads, d, dtype):
    x, c = rand(gen, B, N, Dq, dtype=dtype), rand(gen, B, M, Dc, dtype=dtype)
    w = _weights(gen, Dq, Dc, heads * d, dtype)
    check.close(f"cross_attention (B={B}, N={N} image tokens, M={M} text tokens, heads={heads}, head width {d}, {dtype})",
                student.cross_attention(x, c, *w, heads), ref.cross_attention(x, c, *w, heads),
                hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("one attention head", "ヘッド 1 つ")
@pytest.mark.points(1)
def test_single_head(student, check, gen):
    _run(student, check, gen, 1, 5, 3, 6, 4, 1, 8, torch.float64)


@pytest.mark.describe("several attention heads", "複数のヘッド")
@pytest.mark.points(1)
def test_multi_head(student, check, gen):
    for heads, d in [(2, 3), (4, 2)]:
        _run(student, check, gen, 2, 4, 7, 5, 3, heads, d, torch.float64)


@pytest.mark.describe("many tokens, float32", "多数のトークン（float32）")
@pytest.mark.points(1)
def test_float32_many_tokens(student, check, gen):
    _run(student, check, gen, 3, 9, 2, 8, 6, 4, 4, torch.float32)
