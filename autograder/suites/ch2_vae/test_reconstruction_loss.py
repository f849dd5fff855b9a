"""Hidden tests: reconstruction_loss (bernoulli_recon_loss, gaussian_recon_loss)."""
import math

import pytest
import torch

import solutions.ch2_vae as ref

pytestmark = pytest.mark.grade_id("reconstruction_loss")

SHAPES = [(1, 5), (7, 64), (3, 13)]


@pytest.mark.describe("Bernoulli reconstruction loss", "ベルヌーイ再構成誤差")
@pytest.mark.points(1)
def test_bernoulli_matches_reference(student, check, gen):
    for (b, d), dtype in [(s, t) for s in SHAPES for t in (torch.float32, torch.float64)]:
        logits = (torch.randn(b, d, generator=gen, dtype=torch.float64) * 4).to(dtype)
        x = torch.rand(b, d, generator=gen, dtype=torch.float64).to(dtype)
        out = student.bernoulli_recon_loss(logits, x)
        check.close("bernoulli_recon_loss", out, ref.bernoulli_recon_loss(logits.double(), x.double()),
                    hint_en="sum over the feature axis (dim=-1), keep the batch axis; use the logits directly "
                            "(binary_cross_entropy_with_logits), do not apply sigmoid first",
                    hint_ja="特徴量の軸（dim=-1）で和をとり、バッチ軸は残します。ロジットをそのまま使い"
                            "（binary_cross_entropy_with_logits）、先に sigmoid をかけないでください")


@pytest.mark.describe("Bernoulli loss stays finite for large logits", "大きなロジットでもベルヌーイ誤差が有限")
@pytest.mark.points(1)
def test_bernoulli_large_logits_stay_finite(student, check, gen):
    # the named extremes, and random large logits of either sign (salted per submission: this exercise
    # is served to negative_elbo, so none of its answers may be fixed across submissions)
    sign = torch.where(torch.rand(2, 3, generator=gen) < 0.5, -1.0, 1.0)
    logits = torch.cat([torch.tensor([[60.0, -60.0, 200.0], [-200.0, 0.0, 30.0]]),
                        sign * (30.0 + 170.0 * torch.rand(2, 3, generator=gen))]).to(torch.float32)
    x = torch.cat([torch.tensor([[0.0, 1.0, 1.0], [0.0, 0.5, 0.0]]), torch.rand(2, 3, generator=gen)]).to(torch.float32)
    out = student.bernoulli_recon_loss(logits, x)
    check.close("bernoulli_recon_loss (large logits)", out, ref.bernoulli_recon_loss(logits.double(), x.double()),
                hint_en="sigmoid followed by log overflows for large |logits|; compute on the logits "
                        "(F.binary_cross_entropy_with_logits)",
                hint_ja="sigmoid の後に log をとると |ロジット| が大きいときに発散します。ロジットのまま計算してください"
                        "（F.binary_cross_entropy_with_logits）")


@pytest.mark.describe("Gaussian reconstruction loss", "ガウス再構成誤差")
@pytest.mark.points(1)
def test_gaussian_matches_reference(student, check, gen):
    for (b, d), dtype in [(s, t) for s in SHAPES for t in (torch.float32, torch.float64)]:
        mean = torch.randn(b, d, generator=gen, dtype=torch.float64).to(dtype)
        x = torch.randn(b, d, generator=gen, dtype=torch.float64).to(dtype)
        logvar = (torch.randn(b, d, generator=gen, dtype=torch.float64) * 0.5).to(dtype)
        out = student.gaussian_recon_loss(mean, x, logvar)
        check.close("gaussian_recon_loss", out, ref.gaussian_recon_loss(mean.double(), x.double(), logvar.double()),
                    hint_en="0.5 * sum_d [log(2π) + logvar + (x - mean)² / exp(logvar)]: keep the log(2π) constant "
                            "and divide by the variance exp(logvar)",
                    hint_ja="0.5 * Σ_d [log(2π) + logvar + (x - mean)² / exp(logvar)]: 定数 log(2π) を含め、"
                            "分散 exp(logvar) で割ります")


@pytest.mark.describe("Gaussian loss with a scalar logvar", "スカラーの logvar でのガウス誤差")
@pytest.mark.points(1)
def test_gaussian_scalar_logvar(student, check, gen):
    mean = torch.randn(4, 6, generator=gen, dtype=torch.float64)
    x = torch.randn(4, 6, generator=gen, dtype=torch.float64)
    out = student.gaussian_recon_loss(mean, x, math.log(0.25))
    check.close("gaussian_recon_loss (float logvar)", out, ref.gaussian_recon_loss(mean, x, math.log(0.25)),
                hint_en="logvar may be a Python float: convert it with torch.as_tensor",
                hint_ja="logvar は Python の float のこともあります。torch.as_tensor で変換してください")
