"""Hidden tests: clip_loss (symmetric contrastive loss with logit_scale = log(1 / temperature))."""
import math

import pytest
import torch

import solutions.ch5_applications as ref
from autograder import claims

pytestmark = pytest.mark.grade_id("clip_loss")

HINT_EN = ("logits = exp(logit_scale) * normalize(img) @ normalize(txt).T; loss = (CE(logits, arange(N)) + "
           "CE(logits.T, arange(N))) / 2 with batch-mean cross entropies: exponentiate the log-scale, use both "
           "directions, L2-normalise the embeddings")
HINT_JA = ("logits = exp(logit_scale) * normalize(img) @ normalize(txt).T、loss = (CE(logits, arange(N)) + "
           "CE(logits.T, arange(N))) / 2（交差エントロピーはバッチ平均）。対数スケールを exp し、両方向を使い、"
           "埋め込みを L2 正規化します")


def _inputs(gen, n, d, dtype):
    img = torch.randn(n, d, generator=gen, dtype=dtype) * torch.exp(torch.randn(n, 1, generator=gen, dtype=dtype))
    txt = img + torch.randn(n, d, generator=gen, dtype=dtype)  # correlated pairs, asymmetric logits
    txt = txt * torch.exp(torch.randn(n, 1, generator=gen, dtype=dtype))
    return img, txt


@pytest.mark.describe("loss value, float64", "損失の値（float64）")
@pytest.mark.points(1)
def test_loss_float64(student, check, gen):
    for n, d, s in [(1, 3, 2.0), (5, 8, math.log(1 / 0.07)), (8, 4, 0.5)]:
        img, txt = _inputs(gen, n, d, torch.float64)
        ls = torch.tensor(s, dtype=torch.float64)
        out = student.clip_contrastive_loss(img, txt, ls)
        check.shape("loss", out, (), hint_en="return a 0-dim tensor (the mean loss)",
                    hint_ja="0 次元テンソル（平均損失）を返してください")
        check.close(f"contrastive loss (N={n}, logit_scale={s:.3g})", out, ref.clip_contrastive_loss(img, txt, ls),
                    hint_en=HINT_EN, hint_ja=HINT_JA)
    # the spec allows logit_scale as a Python float too
    img, txt = _inputs(gen, 4, 6, torch.float64)
    check.close("contrastive loss (N=4, logit_scale=2.5 as a Python float)", student.clip_contrastive_loss(img, txt, 2.5),
                ref.clip_contrastive_loss(img, txt, 2.5),
                hint_en="logit_scale may be a float: exponentiate it with torch.as_tensor(logit_scale).exp() or "
                        "math.exp, not logit_scale.exp(). " + HINT_EN,
                hint_ja="logit_scale は float のこともあります。logit_scale.exp() ではなく torch.as_tensor(logit_scale).exp() "
                        "や math.exp で指数を取ってください。" + HINT_JA)


@pytest.mark.describe("large logit_scale, float32", "大きな logit_scale（float32）")
@pytest.mark.points(1)
def test_loss_float32_large_scale(student, check, gen):
    img, txt = _inputs(gen, 11, 16, torch.float32)
    ls = torch.tensor(math.log(100.0))
    check.close("contrastive loss (float32, 1/tau = 100)", student.clip_contrastive_loss(img, txt, ls),
                ref.clip_contrastive_loss(img.double(), txt.double(), ls.double()), hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("gradients with respect to the embeddings", "埋め込みに関する勾配")
@pytest.mark.points(1)
def test_gradients(student, check, gen):
    img, txt = _inputs(gen, 4, 6, torch.float64)
    ls = torch.tensor(1.5, dtype=torch.float64)
    out, grads = claims.grad_of(student, "clip_contrastive_loss", [img, txt, ls])
    check.true(all(g is not None for g in grads),
               "The loss must be differentiable with respect to both embeddings and logit_scale (do not detach, "
               "do not convert to Python floats or NumPy inside).",
               "損失は両方の埋め込みと logit_scale について微分可能でなければなりません（detach や Python の float・"
               "NumPy への変換をしないでください）。", kind="grad")
    i2, t2, s2 = (x.clone().requires_grad_(True) for x in (img, txt, ls))
    expected = torch.autograd.grad(ref.clip_contrastive_loss(i2, t2, s2), [i2, t2, s2])
    for name, g, e in zip(["d loss / d image_emb", "d loss / d text_emb", "d loss / d logit_scale"], grads, expected):
        check.close(name, g, e, hint_en=HINT_EN, hint_ja=HINT_JA)
