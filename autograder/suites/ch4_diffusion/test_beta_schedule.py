"""beta_schedule (linear, scaled_linear, squaredcos_cap_v2 with the 0.999 cap) and alphas_cumprod_from_betas."""
import pytest
import torch

import solutions.ch4_diffusion as ref
from autograder.suites.ch4_diffusion._common import uniform

pytestmark = pytest.mark.grade_id("beta_schedule")

#: A schedule has no input tensor to take its dtype from. The reference returns float64, and
#: diffusers' float32 schedules are accepted (catalogue: valid_float32_vectorised), so the
#: precision the exercise specifies is float32: bfloat16 and float16 schedules fail a dtype check.
SCHEDULE_DTYPE = torch.float32


@pytest.mark.describe("linear and scaled_linear schedules", "linear と scaled_linear のスケジュール")
@pytest.mark.points(1)
def test_linear_schedules(student, check):
    # T = 1 is allowed (T >= 1): linspace gives [beta_start]
    for kind, T, start, end in [("linear", 1000, 1e-4, 0.02), ("linear", 10, 1e-3, 0.05), ("linear", 1, 1e-4, 0.02),
                                              ("scaled_linear", 1000, 0.00085, 0.012),
                                              ("scaled_linear", 10, 1e-4, 0.02)]:
        check.close(f"beta_schedule({kind!r}, T={T}, beta_start={start}, beta_end={end})",
                    student.beta_schedule(kind, T, start, end), ref.beta_schedule(kind, T, start, end),
                    out_dtype=SCHEDULE_DTYPE,
                    hint_en="linear: torch.linspace(beta_start, beta_end, T); scaled_linear: "
                            "torch.linspace(beta_start ** 0.5, beta_end ** 0.5, T) ** 2 (both endpoints included).",
                    hint_ja="linear は torch.linspace(beta_start, beta_end, T)、scaled_linear は "
                            "torch.linspace(beta_start ** 0.5, beta_end ** 0.5, T) ** 2 です（両端を含みます）。")


@pytest.mark.describe("cosine schedule with the 0.999 cap", "上限 0.999 付きのコサインスケジュール")
@pytest.mark.points(1)
def test_cosine_schedule_capped(student, check):
    # case C07: T = 1000, last beta 0.999 (uncapped it is 1.0 and 1 / sqrt(alpha_T) is infinite)
    for T, max_beta in [(1000, 0.999), (10, 0.999), (7, 0.5)]:
        check.close(f"beta_schedule('squaredcos_cap_v2', T={T}, max_beta={max_beta})",
                    student.beta_schedule("squaredcos_cap_v2", T, max_beta=max_beta),
                    ref.beta_schedule("squaredcos_cap_v2", T, max_beta=max_beta), rtol=1e-5, atol=1e-7,
                    out_dtype=SCHEDULE_DTYPE,
                    hint_en="beta_t = min(1 - abar((t+1)/T) / abar(t/T), max_beta) with "
                            "abar(s) = cos((s + 0.008) / 1.008 * pi / 2) ** 2, for t = 0..T-1; do not forget the cap.",
                    hint_ja="beta_t = min(1 - abar((t+1)/T) / abar(t/T), max_beta)、"
                            "abar(s) = cos((s + 0.008) / 1.008 * π / 2) ** 2（t = 0..T-1）です。上限 max_beta を忘れずに。")


@pytest.mark.describe("alphas_cumprod from betas", "betas からの alphas_cumprod")
@pytest.mark.points(1)
def test_alphas_cumprod(student, check, gen):
    for T, dtype in [(1, torch.float64), (9, torch.float32), (1000, torch.float64)]:
        betas = uniform(gen, T, low=1e-4, high=0.05, dtype=dtype)
        check.close(f"alphas_cumprod_from_betas (T={T}, {dtype})", student.alphas_cumprod_from_betas(betas),
                    ref.alphas_cumprod_from_betas(betas),
                    hint_en="abar_t = prod_{s<=t} (1 - beta_s): torch.cumprod(1 - betas, dim=0).",
                    hint_ja="abar_t = Π_{s≤t} (1 - β_s)、つまり torch.cumprod(1 - betas, dim=0) です。")
