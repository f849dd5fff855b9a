"""Hidden tests: d_loss_hinge, g_loss_hinge."""
import pytest
import torch

import solutions.ch3_gan as ref

pytestmark = pytest.mark.grade_id("hinge_loss")


@pytest.mark.describe("discriminator hinge loss", "識別器のヒンジ損失")
@pytest.mark.points(1)
def test_d_loss_hinge(student, check, gen):
    # logits (B,) and (B, 1), as the spec allows
    for b, b2, dtype, col in [(1, 1, torch.float64, ()), (6, 4, torch.float64, ()), (9, 9, torch.float32, ()),
                              (5, 3, torch.float64, (1,))]:
        real = (2 * torch.randn(b, *col, generator=gen, dtype=torch.float64)).to(dtype)
        fake = (2 * torch.randn(b2, *col, generator=gen, dtype=torch.float64)).to(dtype)
        check.close(f"d_loss_hinge (logits {tuple(real.shape)} and {tuple(fake.shape)}, {dtype})", student.d_loss_hinge(real, fake),
                    ref.d_loss_hinge(real.double(), fake.double()),
                    hint_en="L_D = mean(relu(1 - real_logits)) + mean(relu(1 + fake_logits)); the clamp at 0 is "
                            "inside the mean, and the signs differ for real and fake",
                    hint_ja="L_D = mean(relu(1 - real_logits)) + mean(relu(1 + fake_logits))。0 でのクランプは平均の内側、"
                            "本物と偽物で符号が逆です")


@pytest.mark.describe("generator hinge loss", "生成器のヒンジ損失")
@pytest.mark.points(1)
def test_g_loss_hinge(student, check, gen):
    for b in (1, 5):
        fake = 2 * torch.randn(b, 1, generator=gen, dtype=torch.float64)
        check.close(f"g_loss_hinge (batch {b})", student.g_loss_hinge(fake), ref.g_loss_hinge(fake),
                    hint_en="the hinge generator loss is -mean(fake_logits), with no relu",
                    hint_ja="ヒンジ損失の Generator 側は -mean(fake_logits) です（relu なし）")
