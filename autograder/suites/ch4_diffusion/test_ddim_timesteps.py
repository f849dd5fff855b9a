"""ddim_timesteps: leading (with steps_offset), trailing and linspace spacing."""
import pytest

import solutions.ch4_diffusion as ref

pytestmark = pytest.mark.grade_id("ddim_timesteps")


@pytest.mark.describe("leading spacing with steps_offset", "steps_offset 付きの leading 間隔")
@pytest.mark.points(1)
def test_leading(student, check):
    for T, n, offset in [(1000, 10, 0), (1000, 50, 1), (1000, 13, 1), (10, 3, 0), (1000, 1, 0)]:
        check.close(f"ddim_timesteps(T={T}, n={n}, 'leading', steps_offset={offset})",
                    student.ddim_timesteps(T, n, "leading", offset), ref.ddim_timesteps(T, n, "leading", offset),
                    hint_en="leading: arange(n) * (T // n), reversed (descending), plus steps_offset; an int64 tensor.",
                    hint_ja="leading は arange(n) * (T // n) を逆順（降順）にして steps_offset を足したもの（int64）です。")


@pytest.mark.describe("trailing and linspace spacing", "trailing と linspace の間隔")
@pytest.mark.points(1)
def test_trailing_and_linspace(student, check):
    for spacing, T, n in [("trailing", 1000, 13), ("trailing", 1000, 10), ("trailing", 37, 5),
                                         ("linspace", 1000, 10), ("linspace", 1000, 7), ("linspace", 10, 4)]:
        check.close(f"ddim_timesteps(T={T}, n={n}, {spacing!r})", student.ddim_timesteps(T, n, spacing, 1),
                    ref.ddim_timesteps(T, n, spacing, 1),
                    hint_en="trailing: round(arange(T, 0, -T / n)) - 1 (starts at T - 1); linspace: round(linspace(0, T - 1, n)) "
                            "reversed; steps_offset applies to leading only; round half to even like numpy/torch.round.",
                    hint_ja="trailing は round(arange(T, 0, -T / n)) - 1（T - 1 から始まる）、linspace は round(linspace(0, T - 1, n)) "
                            "の逆順です。steps_offset は leading だけに使います。丸めは numpy/torch.round と同じ偶数丸めです。")
