"""Hidden tests: interpolate_latents (linear and slerp)."""
import pytest
import torch

import solutions.ch2_vae as ref

pytestmark = pytest.mark.grade_id("interpolate_latents")

#: float64 outputs: t = torch.linspace(0, 1, num_steps) in the default float32 (as the notebook text
#: writes it) carries a relative error of ~6e-8 into z0 + t (z1 - z0) (received max 8e-8 abs at |z| ~ 0.2,
#: which fails the float64 default rtol 1e-7/atol 1e-9 near zero crossings).  Every catalogued mistake
#: (endpoint, direction, slerp normalisation, number of points) differs by more than 1e-2.
RTOL, ATOL = 1e-6, 1e-6


@pytest.mark.describe("linear interpolation", "線形補間")
@pytest.mark.points(2)
def test_linear(student, check, gen):
    for j, n in [(2, 2), (5, 7), (16, 11)]:
        z0 = torch.randn(j, generator=gen, dtype=torch.float64)
        z1 = torch.randn(j, generator=gen, dtype=torch.float64)
        check.close("linear interpolation", student.interpolate_latents(z0, z1, n),
                    ref.interpolate_latents(z0, z1, n), rtol=RTOL, atol=ATOL,
                    hint_en="t = torch.linspace(0, 1, num_steps) includes both endpoints; z(t) = z0 + t (z1 - z0); "
                            "shape (num_steps, J)",
                    hint_ja="t = torch.linspace(0, 1, num_steps) は両端を含みます。z(t) = z0 + t (z1 - z0)、"
                            "形状 (num_steps, J)")


@pytest.mark.describe("spherical interpolation (slerp)", "球面線形補間（slerp）")
@pytest.mark.points(2)
def test_slerp(student, check, gen):
    # the spec's fallback: (anti)parallel codes are interpolated linearly (sin Ω is 0 there)
    for j, n, relation in [(2, 5, None), (8, 9, None), (4, 5, 2.0), (3, 6, -1.0)]:
        z0 = torch.randn(j, generator=gen, dtype=torch.float64)
        z1 = relation * z0 if relation is not None else torch.randn(j, generator=gen, dtype=torch.float64)
        label = {None: "slerp", 2.0: "slerp of parallel codes (z1 = 2 z0)",
                 -1.0: "slerp of antiparallel codes (z1 = -z0)"}[relation]
        check.close(label, student.interpolate_latents(z0, z1, n, method="slerp"),
                    ref.interpolate_latents(z0, z1, n, method="slerp"), rtol=RTOL, atol=ATOL,
                    hint_en="slerp: Ω = arccos(z0·z1 / (|z0| |z1|)); sin((1-t)Ω)/sin Ω z0 + sin(tΩ)/sin Ω z1; "
                            "linear when |sin Ω| < 1e-7 ((anti)parallel codes)",
                    hint_ja="slerp: Ω = arccos(z0·z1 / (|z0| |z1|))、sin((1-t)Ω)/sin Ω z0 + sin(tΩ)/sin Ω z1。"
                            "|sin Ω| < 1e-7（平行・反平行）なら線形補間")
