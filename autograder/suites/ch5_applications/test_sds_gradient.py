"""Hidden tests: sds_gradient (DreamFusion Eq. 3: w(t) * (eps_hat - eps), w(t) = 1 - abar_t)."""
import pytest
import torch

import solutions.ch5_applications as ref

pytestmark = pytest.mark.grade_id("sds_gradient")

HINT_EN = ("grad = w(t) * (eps_hat - eps) with w(t) = 1 - alphas_cumprod[t] (sigma_t squared, no square root), "
           "t per sample (index t, not t - 1), sign eps_hat - eps")
HINT_JA = ("grad = w(t) * (eps_hat - eps)、w(t) = 1 - alphas_cumprod[t]（σ_t の 2 乗で平方根なし）。"
           "t はサンプルごと（t - 1 ではなく t 番目）、符号は eps_hat - eps")


def _abar(dtype):
    betas = torch.linspace(1e-4, 0.02, 1000, dtype=torch.float64)
    return torch.cumprod(1 - betas, 0).to(dtype)


@pytest.mark.describe("random timesteps, float64", "ランダムな時刻（float64）")
@pytest.mark.points(1)
def test_float64_random_timesteps(student, check, gen):
    ac = _abar(torch.float64)
    # "(B, ...)": latents of any rank, e.g. (B, 16) feature vectors or (B, C, F, H, W) video
    for shape in [(1, 3, 4, 4), (5, 3, 8, 8), (4, 16), (2, 2, 3, 2, 2)]:
        eps_hat = torch.randn(*shape, generator=gen, dtype=torch.float64)
        eps = torch.randn(*shape, generator=gen, dtype=torch.float64)
        t = torch.randint(1, 1000, (shape[0],), generator=gen)
        check.close(f"SDS gradient {shape}", student.sds_gradient(eps_hat, eps, ac, t),
                    ref.sds_gradient(eps_hat, eps, ac, t), hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("a tiny denoiser, float32", "小さなデノイザー（float32）")
@pytest.mark.points(1)
def test_float32_tiny_model(student, check, gen):
    """eps_hat from a tiny frozen denoiser (a random 3x3 convolution) on x_t."""
    ac = _abar(torch.float32)
    model = torch.nn.Conv2d(3, 3, 3, padding=1)
    with torch.no_grad():
        model.weight.copy_(torch.randn(3, 3, 3, 3, generator=gen) * 0.2)
        model.bias.zero_()
    x = torch.rand(3, 3, 6, 6, generator=gen) * 2 - 1
    eps = torch.randn(3, 3, 6, 6, generator=gen)
    t = torch.tensor([10, 500, 990])
    a = ac[t].view(-1, 1, 1, 1)
    with torch.no_grad():
        eps_hat = model(a.sqrt() * x + (1 - a).sqrt() * eps)
    check.close("SDS gradient (float32, tiny model)", student.sds_gradient(eps_hat, eps, ac, t),
                ref.sds_gradient(eps_hat.double(), eps.double(), ac.double(), t), hint_en=HINT_EN, hint_ja=HINT_JA)
