"""Hidden tests: bce_logits, d_loss_minimax, g_loss_minimax (losses on logits). Case C09."""
import pytest
import torch

import solutions.ch3_gan as ref

pytestmark = pytest.mark.grade_id("bce_losses")

HINT_EN = ("BCE on logits: softplus(l) - t * l, mean over all elements; apply no sigmoid before a with-logits loss "
           "(the sigmoid would be applied twice)")
HINT_JA = ("ロジットのままの BCE は softplus(l) - t·l、全要素の平均です。with_logits の損失の前に sigmoid をかけないこと"
           "（シグモイドが二重にかかります）")


@pytest.mark.describe("BCE computed from logits", "ロジットから計算する BCE")
@pytest.mark.points(1)
def test_case_c09_bce_on_logits(student, check):
    # C09: logits [3, -2], targets 1 -> 1.087758; sigmoid applied twice gives 0.480780
    logits = torch.tensor([3.0, -2.0], dtype=torch.float64)
    check.close("bce_logits([3, -2], 1)", student.bce_logits(logits, 1.0), ref.bce_logits(logits, 1.0),
                hint_en=HINT_EN, hint_ja=HINT_JA)
    # a fixed case: the same function must also be right on random logits (no remembered value)
    random_logits = 3 * torch.randn(5, generator=torch.Generator().manual_seed(909), dtype=torch.float64)
    check.close("bce_logits(random logits, 1)", student.bce_logits(random_logits, 1.0),
                ref.bce_logits(random_logits, 1.0), hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("BCE and discriminator loss, float64", "BCE と識別器の損失（float64）")
@pytest.mark.points(1)
def test_bce_and_d_loss_float64(student, check, gen):
    for b, t in [(1, 0.0), (7, 1.0), (12, 0.3)]:
        logits = 3 * torch.randn(b, 1, generator=gen, dtype=torch.float64)
        check.close(f"bce_logits(logits of shape ({b}, 1), target={t})", student.bce_logits(logits, t),
                    ref.bce_logits(logits, t), hint_en=HINT_EN, hint_ja=HINT_JA)
    # logits (B,) and (B, 1), as the spec allows (an nn.Linear(..., 1) head gives (B, 1))
    for shape_real, shape_fake in [((5,), (3,)), ((4, 1), (6, 1))]:
        real = 2 * torch.randn(*shape_real, generator=gen, dtype=torch.float64)
        fake = 2 * torch.randn(*shape_fake, generator=gen, dtype=torch.float64)
        check.close(f"d_loss_minimax (logits {shape_real} and {shape_fake})", student.d_loss_minimax(real, fake),
                    ref.d_loss_minimax(real, fake),
                    hint_en="L_D = BCE(real_logits, 1) + BCE(fake_logits, 0), each the mean over its own batch; "
                            "real is labelled 1 and fake 0; targets shaped like the logits",
                    hint_ja="L_D = BCE(real_logits, 1) + BCE(fake_logits, 0)（それぞれのバッチで平均）。本物のラベルは 1、偽物は 0。"
                            "ターゲットはロジットと同じ形です")


@pytest.mark.describe("large logits stay finite (float32)", "大きなロジットでも有限（float32）")
@pytest.mark.points(1)
def test_large_logits_float32_stable(student, check):
    real = torch.tensor([120.0, -90.0, 0.5])
    fake = torch.tensor([-150.0, 95.0, -0.5])
    hint_en = "compute from the logits (softplus / with_logits); log(sigmoid(l)) gives -inf for large |l| in float32"
    hint_ja = "ロジットから計算してください（softplus / with_logits）。float32 では |l| が大きいと log(sigmoid(l)) が -inf になります"
    check.close("d_loss_minimax with large logits (float32)", student.d_loss_minimax(real, fake),
                ref.d_loss_minimax(real.double(), fake.double()), hint_en=hint_en, hint_ja=hint_ja)
    check.close("g_loss_minimax with large logits (float32)", student.g_loss_minimax(fake),
                ref.g_loss_minimax(fake.double()), hint_en=hint_en, hint_ja=hint_ja)


@pytest.mark.describe("minimax generator loss", "ミニマックスの生成器損失")
@pytest.mark.points(1)
def test_g_loss_minimax(student, check, gen):
    for b in (1, 6):
        fake = 2 * torch.randn(b, generator=gen, dtype=torch.float64)
        check.close(f"g_loss_minimax (batch {b})", student.g_loss_minimax(fake), ref.g_loss_minimax(fake),
                    hint_en="the original generator loss is E[log(1 - D(G(z)))] = -BCE(fake_logits, 0) = "
                            "-mean(softplus(l)); it is negative and G minimises it",
                    hint_ja="元の Generator 損失は E[log(1 - D(G(z)))] = -BCE(fake_logits, 0) = -mean(softplus(l)) です"
                            "（負の値で、G はこれを最小化します）")
