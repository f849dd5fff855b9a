"""Hidden tests: clip_similarity (cosine similarity matrix and per-pair CLIP score)."""
import pytest
import torch

import solutions.ch5_applications as ref

pytestmark = pytest.mark.grade_id("clip_similarity")

SIM_EN = ("S[i, j] = cos(a_i, b_j): L2-normalise every ROW (dim=1) of a and of b, then a_n @ b_n.T; "
          "clamp each norm to at least eps")
SIM_JA = ("S[i, j] = cos(a_i, b_j): a と b の各「行」（dim=1）を L2 正規化してから a_n @ b_n.T。"
          "ノルムは eps 以上にクランプします")
SCORE_EN = "CLIP score per pair = 100 * max(cos(image_i, text_i), 0): the diagonal cosine, clamped at 0, times 100"
SCORE_JA = "CLIP スコア（組ごと）= 100 * max(cos(画像_i, テキスト_i), 0)。対角のコサインを 0 で下からクランプして 100 倍します"


def _emb(gen, n, d, dtype):
    # rows with very different norms, so a missing normalisation is visible
    scale = torch.exp(torch.randn(n, 1, generator=gen, dtype=dtype))
    return torch.randn(n, d, generator=gen, dtype=dtype) * scale


@pytest.mark.describe("similarity matrix, float64", "類似度行列（float64）")
@pytest.mark.points(1)
def test_similarity_matrix_float64(student, check, gen):
    for n, m, d in [(1, 1, 3), (4, 7, 16), (9, 2, 5)]:
        a, b = _emb(gen, n, d, torch.float64), _emb(gen, m, d, torch.float64)
        check.close(f"similarity matrix ({n}x{m})", student.cosine_similarity_matrix(a, b),
                    ref.cosine_similarity_matrix(a, b), hint_en=SIM_EN, hint_ja=SIM_JA)


@pytest.mark.describe("float32, and an all-zero embedding", "float32、およびすべて 0 の埋め込み")
@pytest.mark.points(1)
def test_similarity_matrix_float32_and_zero_row(student, check, gen):
    a, b = _emb(gen, 6, 8, torch.float32), _emb(gen, 5, 8, torch.float32)
    a[2] = 0.0  # a zero embedding: similarity 0, not NaN
    check.close("similarity matrix (float32, one zero row)", student.cosine_similarity_matrix(a, b),
                ref.cosine_similarity_matrix(a.double(), b.double()), hint_en=SIM_EN, hint_ja=SIM_JA)


@pytest.mark.describe("CLIP score per pair", "ペアごとの CLIP スコア")
@pytest.mark.points(1)
def test_clip_score(student, check, gen):
    for n, d, dtype in [(1, 4, torch.float64), (12, 8, torch.float64), (7, 5, torch.float32)]:
        img, txt = _emb(gen, n, d, dtype), _emb(gen, n, d, dtype)
        txt[0] = -img[0]  # a negative pair: score 0
        if n > 1:
            img[1] = 0.0  # an all-zero embedding: score 0, not NaN (each norm is clamped to eps)
        check.close(f"CLIP score (N={n}, {str(dtype)[6:]})", student.clip_score(img, txt),
                    ref.clip_score(img.double(), txt.double()), hint_en=SCORE_EN, hint_ja=SCORE_JA)
