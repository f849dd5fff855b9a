"""Hidden tests: img2img (strength -> executed timesteps, as diffusers' get_timesteps; start latent)."""
import pytest
import torch

import solutions.ch5_applications as ref

pytestmark = pytest.mark.grade_id("img2img")

STEPS_EN = ("init = min(int(n * strength), n) (int() truncates, it does not round); t_start = max(n - init, 0); "
            "return timesteps[t_start * order:] (the LAST init steps, not the first ones)")
STEPS_JA = ("init = min(int(n * strength), n)（int() は切り捨てで、四捨五入ではありません）、t_start = max(n - init, 0)、"
            "timesteps[t_start * order:] を返します（「最後」の init ステップで、最初のステップではありません）")
LATENT_EN = ("x_t = sqrt(abar_t) * x0 + sqrt(1 - abar_t) * noise with abar_t = alphas_cumprod[t] (index t, not t - 1), "
             "one t per sample, broadcast over the other axes")
LATENT_JA = ("x_t = sqrt(abar_t) * x0 + sqrt(1 - abar_t) * noise、abar_t = alphas_cumprod[t]（t - 1 ではなく t 番目）。"
             "t はサンプルごとで、他の軸にブロードキャストします")


def _ddim_timesteps(n, train=1000, offset=1):
    """DDIM 'leading' spacing with steps_offset (what DDIMScheduler.set_timesteps gives)."""
    return torch.arange(n - 1, -1, -1, dtype=torch.int64) * (train // n) + offset


def _alphas_cumprod(dtype):
    betas = torch.linspace(0.00085 ** 0.5, 0.012 ** 0.5, 1000, dtype=torch.float64) ** 2  # scaled_linear
    return torch.cumprod(1 - betas, 0).to(dtype)


@pytest.mark.describe("executed timesteps for each strength", "strength ごとに実行される時刻")
@pytest.mark.points(1)
def test_timesteps(student, check):
    for n, strength in [(10, 0.75), (7, 0.5), (50, 0.3), (25, 0.61), (13, 0.999), (1, 1.0), (20, 0.0), (4, 1.0)]:
        ts = _ddim_timesteps(n)
        check.close(f"timesteps run for num_inference_steps={n}, strength={strength}",
                    student.img2img_timesteps(ts, n, strength), ref.img2img_timesteps(ts, n, strength),
                    hint_en=STEPS_EN, hint_ja=STEPS_JA)
    # a second-order scheduler (order=2, e.g. Heun) lists every timestep twice: skip t_start * order entries
    for n, strength in [(10, 0.6), (5, 1.0)]:
        ts = _ddim_timesteps(n).repeat_interleave(2)
        check.close(f"timesteps run for num_inference_steps={n}, strength={strength}, order=2",
                    student.img2img_timesteps(ts, n, strength, order=2), ref.img2img_timesteps(ts, n, strength, order=2),
                    hint_en=STEPS_EN, hint_ja=STEPS_JA)


@pytest.mark.describe("start latent, float32 and float64", "開始潜在表現（float32 と float64）")
@pytest.mark.points(1)
def test_start_latent_float32_and_float64(student, check, gen):
    ac64 = _alphas_cumprod(torch.float64)
    for shape, dtype in [((1, 4, 5, 5), torch.float64), ((3, 4, 7, 6), torch.float32)]:
        x0 = torch.randn(*shape, generator=gen, dtype=dtype)
        noise = torch.randn(*shape, generator=gen, dtype=dtype)
        first = ref.img2img_timesteps(_ddim_timesteps(20), 20, 0.6)[:1]
        t = first.repeat(shape[0])
        check.close(f"start latent {shape} ({str(dtype)[6:]})",
                    student.img2img_start_latent(x0, noise, ac64.to(dtype), t),
                    ref.img2img_start_latent(x0.double(), noise.double(), ac64, t),
                    hint_en=LATENT_EN, hint_ja=LATENT_JA)


@pytest.mark.describe("start latent with a timestep per sample", "サンプルごとの時刻での開始潜在表現")
@pytest.mark.points(1)
def test_start_latent_per_sample_timesteps(student, check, gen):
    ac = _alphas_cumprod(torch.float64)
    x0 = torch.randn(4, 3, 5, generator=gen, dtype=torch.float64)
    noise = torch.randn(4, 3, 5, generator=gen, dtype=torch.float64)
    t = torch.tensor([1, 251, 600, 999])
    check.close("start latent with a different timestep per sample", student.img2img_start_latent(x0, noise, ac, t),
                ref.img2img_start_latent(x0, noise, ac, t), hint_en=LATENT_EN, hint_ja=LATENT_JA)
