"""timestep_embedding: sinusoidal embedding with diffusers' layouts."""
import pytest
import torch

import solutions.ch4_diffusion as ref

pytestmark = pytest.mark.grade_id("timestep_embedding")

HINT_EN = ("half = dim // 2; freq_i = exp(-ln(max_period) * i / (half - downscale_freq_shift)); "
           "emb = cat([sin(scale t freq), cos(scale t freq)]) ([cos, sin] when flip_sin_to_cos); pad one zero column "
           "when dim is odd.")
HINT_JA = ("half = dim // 2、freq_i = exp(-ln(max_period) * i / (half - downscale_freq_shift))、"
           "emb = cat([sin(scale t freq), cos(scale t freq)])（flip_sin_to_cos なら [cos, sin]）。dim が奇数なら"
           "ゼロの列を 1 つ足します。")
#: float32 precision of this exercise (autograder.tolerances, rule 2): float32 frequencies (diffusers'
#: ``torch.arange(..., dtype=torch.float32)``) or float32 timesteps put an absolute error of about
#: |argument| * 6e-8 into sin/cos, up to ~1.5e-4 for the 2500 rad arguments below; it is absolute, not
#: relative, so the float32 floor here is this atol, on float64 timesteps too.
ATOL_F32 = 3e-4


@pytest.mark.describe("default layout", "既定のレイアウト")
@pytest.mark.points(1)
def test_default_layout(student, check):
    t = torch.tensor([0.0, 1.0, 17.0, 500.0, 999.0], dtype=torch.float64)
    check.close("timestep_embedding(t, 32) (float64 timesteps)", student.timestep_embedding(t, 32),
                ref.timestep_embedding(t, 32), atol=ATOL_F32, hint_en=HINT_EN, hint_ja=HINT_JA)
    ti = torch.tensor([3, 250, 999])
    check.close("timestep_embedding(int64 t, 16)", student.timestep_embedding(ti, 16),
                ref.timestep_embedding(ti, 16), rtol=0, atol=ATOL_F32, hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("flip_sin_to_cos and downscale_freq_shift layouts", "flip_sin_to_cos と downscale_freq_shift のレイアウト")
@pytest.mark.points(1)
def test_layouts(student, check, gen):
    for dim, flip, shift, scale, period in [(8, True, 0.0, 1.0, 10000), (33, False, 1.0, 1.0, 10000),
                                            (12, True, 1.0, 2.5, 10000), (7, True, 0.0, 1.0, 10000),
                                            (16, False, 1.0, 1.0, 1000)]:
        t = 1000 * torch.rand(4, generator=gen, dtype=torch.float64)
        kw = dict(flip_sin_to_cos=flip, downscale_freq_shift=shift, scale=scale)
        if period != 10000:
            kw["max_period"] = period
        check.close(f"timestep_embedding(dim={dim}, " + ", ".join(f"{k}={v}" for k, v in kw.items()) + ")",
                    student.timestep_embedding(t, dim, **kw), ref.timestep_embedding(t, dim, **kw),
                    atol=ATOL_F32, hint_en=HINT_EN, hint_ja=HINT_JA)
