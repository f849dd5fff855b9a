"""Hidden tests: nerf_rendering (NeRF Eq. 3: exclusive transmittance, ray-direction norm, infinite last interval)."""
import pytest
import torch

import solutions.ch5_applications as ref

pytestmark = pytest.mark.grade_id("nerf_rendering")

HINT_EN = ("delta_i = (t[i+1] - t[i]) * ||d|| with the last delta = far_delta * ||d||; alpha = 1 - exp(-sigma * delta); "
           "T_i = exp(-sum_{j<i} sigma_j delta_j) is EXCLUSIVE (T_0 = 1); w = T * alpha; build the exclusive sum as "
           "cat([0, cumsum(x[:, :-1])]), not cumsum(x) - x (which cancels against the huge last interval)")
HINT_JA = ("delta_i = (t[i+1] - t[i]) * ||d||、最後は far_delta * ||d||。alpha = 1 - exp(-sigma * delta)、"
           "T_i = exp(-Σ_{j<i} sigma_j delta_j) は排他的（T_0 = 1）、w = T * alpha。排他的累積和は "
           "cat([0, cumsum(x[:, :-1])]) で作ります（cumsum(x) - x は最後の巨大な区間で桁落ちします）")


def _rays(gen, r, s, dtype, zero_some=False):
    sigma = torch.rand(r, s, generator=gen, dtype=dtype) * 3
    if zero_some:
        sigma[:, ::3] = 0.0
    rgb = torch.rand(r, s, 3, generator=gen, dtype=dtype)
    t = torch.sort(torch.rand(r, s, generator=gen, dtype=dtype) * 4 + 2, dim=1).values
    d = torch.randn(r, 3, generator=gen, dtype=dtype) * 2
    return sigma, rgb, t, d


def _call(student, check, args):
    out = student.volume_render(*args)
    check.true(isinstance(out, (tuple, list)) and len(out) == 2,
               "volume_render must return a pair (rgb_map, weights).",
               "volume_render は (rgb_map, weights) の組を返してください。", kind="type")
    return out


@pytest.mark.describe("rendering weights, float64", "レンダリングの重み（float64）")
@pytest.mark.points(1)
def test_weights_float64(student, check, gen):
    for r, s in [(1, 1), (3, 8), (5, 17)]:
        args = _rays(gen, r, s, torch.float64)
        check.close(f"weights (R={r}, S={s})", _call(student, check, args)[1], ref.volume_render(*args)[1],
                    hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("rendered colour, float64", "レンダリングした色（float64）")
@pytest.mark.points(1)
def test_rgb_map_float64(student, check, gen):
    for r, s in [(2, 5), (4, 12)]:
        args = _rays(gen, r, s, torch.float64)
        check.close(f"rgb_map (R={r}, S={s})", _call(student, check, args)[0], ref.volume_render(*args)[0],
                    hint_en=HINT_EN, hint_ja=HINT_JA)
    # a finite far plane: the last interval is far_delta * ||d||, so the last sample is not opaque
    args = _rays(gen, 3, 6, torch.float64) + (0.25,)
    rgb_map, weights = _call(student, check, args)
    exp_rgb, exp_w = ref.volume_render(*args)
    check.close("weights (far_delta=0.25)", weights, exp_w, hint_en=HINT_EN, hint_ja=HINT_JA)
    check.close("rgb_map (far_delta=0.25)", rgb_map, exp_rgb, hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("empty space along the ray (float32)", "光線上の空の領域（float32）")
@pytest.mark.points(1)
def test_float32_with_empty_space(student, check, gen):
    args = _rays(gen, 6, 9, torch.float32, zero_some=True)
    rgb_map, weights = _call(student, check, args)
    exp_rgb, exp_w = ref.volume_render(*(a.double() for a in args))
    check.close("weights (float32, some sigma = 0)", weights, exp_w, hint_en=HINT_EN, hint_ja=HINT_JA)
    check.close("rgb_map (float32, some sigma = 0)", rgb_map, exp_rgb, hint_en=HINT_EN, hint_ja=HINT_JA)
