"""Hidden tests: prompt_ranking (rank prompts by cosine similarity; weighted prompt embedding)."""
import pytest
import torch

import solutions.ch5_applications as ref

pytestmark = pytest.mark.grade_id("prompt_ranking")

RANK_EN = ("scores = cosine similarity of each prompt with the image (normalise both; keep the prompts' ORIGINAL "
           "order); order = indices from the MOST to the least similar (argsort descending, stable)")
RANK_JA = ("scores = 各プロンプトと画像のコサイン類似度（両方を正規化し、プロンプトの「元の順番」のまま）。"
           "order = 類似度の大きい順の番号（降順・安定な argsort）")
MIX_EN = ("e = normalize(sum_i w_i * normalize(e_i)): unit-normalise each prompt BEFORE weighting, and the weighted "
          "sum AFTER")
MIX_JA = "e = normalize(Σ_i w_i * normalize(e_i))。重み付けの「前」に各プロンプトを正規化し、和の「後」にも正規化します"


def _prompts(gen, p, d, dtype):
    norms = torch.exp(2 * torch.randn(p, 1, generator=gen, dtype=dtype))  # very different norms
    return torch.randn(p, d, generator=gen, dtype=dtype) * norms


@pytest.mark.describe("ranking of prompts", "プロンプトの順位付け")
@pytest.mark.points(1)
def test_rank_prompts(student, check, gen):
    for p, d, dtype in [(1, 4, torch.float64), (6, 8, torch.float64), (9, 5, torch.float32)]:
        img = torch.randn(d, generator=gen, dtype=dtype) * 3
        prompts = _prompts(gen, p, d, dtype)
        out = student.rank_prompts(img, prompts)
        check.true(isinstance(out, (tuple, list)) and len(out) == 2,
                   "rank_prompts must return a pair (order, scores).",
                   "rank_prompts は (order, scores) の組を返してください。", kind="type")
        order_ref, scores_ref = ref.rank_prompts(img.double(), prompts.double())
        check.close(f"scores (P={p})", out[1], scores_ref, hint_en=RANK_EN, hint_ja=RANK_JA)
        check.close(f"order (P={p})", out[0], order_ref, dtype=torch.int64, hint_en=RANK_EN, hint_ja=RANK_JA)
    # ties keep the lower index first (the spec): prompts 1, 3 and 4 are the same prompt
    img = torch.randn(6, generator=gen, dtype=torch.float64)
    prompts = _prompts(gen, 5, 6, torch.float64)
    prompts[3] = prompts[1]
    prompts[4] = prompts[1]
    out = student.rank_prompts(img, prompts)
    check.close("order (P=5, prompts 1, 3 and 4 equal: ties keep the lower index first)", out[0],
                ref.rank_prompts(img, prompts)[0], dtype=torch.int64,
                hint_en="Equal scores keep their original order (lower index first): a stable descending sort, "
                        "torch.argsort(scores, descending=True, stable=True); argsort(scores).flip(0) reverses ties.",
                hint_ja="同じスコアは元の順番（番号の小さい方が先）のままにします。安定な降順ソート "
                        "torch.argsort(scores, descending=True, stable=True) を使います。argsort(scores).flip(0) は同点の順番を逆にします。")


@pytest.mark.describe("weighted prompt embedding", "重み付きプロンプト埋め込み")
@pytest.mark.points(1)
def test_weighted_prompt_embedding(student, check, gen):
    for p, d, w, dtype in [(1, 3, [2.5], torch.float64), (3, 6, [1.0, 0.5, -0.4], torch.float64),
                           (4, 8, [0.2, 1.0, 0.3, 0.7], torch.float32)]:
        prompts = _prompts(gen, p, d, dtype)
        weights = torch.tensor(w, dtype=dtype)
        check.close(f"weighted prompt embedding (P={p})", student.weighted_prompt_embedding(prompts, weights),
                    ref.weighted_prompt_embedding(prompts.double(), weights.double()), hint_en=MIX_EN, hint_ja=MIX_JA)
