"""Hidden tests: mode_coverage(samples, centers, std, n_std) -> (modes hit, high-quality fraction)."""
import pytest
import torch

import solutions.ch3_gan as ref

pytestmark = pytest.mark.grade_id("mode_coverage")

HINT_EN = ("a sample is high quality when its Euclidean distance to the NEAREST center is <= n_std * std (std, not the "
           "variance); a mode is hit when it is the nearest center of at least one high-quality sample (ignore the "
           "others); the fraction is over all N samples")
HINT_JA = ("最も近い中心までのユークリッド距離が n_std · std 以下（分散ではなく標準偏差）のサンプルが高品質です。"
           "少なくとも 1 つの高品質サンプルの最近傍の中心になったモードを捉えたモードとします（高品質でないサンプルは数えない）。"
           "割合は全 N サンプルに対してです")


def _samples(gen, centers, n, std, modes, dtype=torch.float64):
    """Points around a subset of modes at distances of 0.3 to 6 std (about half high quality)."""
    k = torch.tensor(modes)[torch.randint(0, len(modes), (n,), generator=gen)]
    ang = torch.rand(n, generator=gen, dtype=torch.float64) * 6.283185307179586
    r = std * (0.3 + 5.7 * torch.rand(n, generator=gen, dtype=torch.float64))
    pts = centers[k] + r[:, None] * torch.stack([ang.cos(), ang.sin()], dim=1)
    return pts.to(dtype)


def _compare(check, got, expected, label):
    ok = isinstance(got, (tuple, list)) and len(got) == 2
    check.true(ok, f"{label}: mode_coverage must return a tuple (modes_hit, hq_fraction).",
               f"{label}: mode_coverage はタプル (modes_hit, hq_fraction) を返してください。", kind="output")
    modes = got[0]
    try:
        modes_val = float(modes)
    except Exception:  # noqa: BLE001
        modes_val = float("nan")
    check.true(modes_val == expected[0],
               f"{label}: modes hit: expected {expected[0]}, received {modes}. " + HINT_EN,
               f"{label}: 捉えたモード数: 期待 {expected[0]}、受け取った値 {modes}。" + HINT_JA)
    check.close(f"{label}: high-quality fraction", got[1], float(expected[1]), rtol=1e-9, atol=1e-9,
                hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("samples around a ring of modes", "リング状のモードの周りのサンプル")
@pytest.mark.points(1)
def test_ring_samples(student, check, gen):
    centers = ref.ring_centers(8, 2.0, torch.float64)
    for n, std, modes in [(400, 0.05, [0, 1, 2, 5]), (60, 0.02, list(range(8))), (1, 0.1, [3])]:
        pts = _samples(gen, centers, n, std, modes)
        _compare(check, student.mode_coverage(pts, centers, std), ref.mode_coverage(pts, centers, std),
                 f"{n} samples around modes {modes}, std={std}")


@pytest.mark.describe("the distance threshold and outliers", "距離のしきい値と外れ値")
@pytest.mark.points(1)
def test_threshold_and_outliers(student, check, gen):
    centers = ref.ring_centers(5, 1.0, torch.float64)
    pts = _samples(gen, centers, 300, 0.04, [0, 2, 4])
    # outliers near the origin are far from every mode: they never count
    pts = torch.cat([pts, 0.05 * torch.randn(50, 2, generator=gen, dtype=torch.float64)])
    _compare(check, student.mode_coverage(pts, centers, 0.04, n_std=2.0), ref.mode_coverage(pts, centers, 0.04, 2.0),
             "5 modes, n_std=2, with outliers")
    pts32 = pts.float()
    _compare(check, student.mode_coverage(pts32, centers.float(), 0.04), ref.mode_coverage(pts32, centers.float(), 0.04),
             "float32 samples")
    # "at most n_std * std": samples exactly on the threshold are high quality (distances 0.5, exact in
    # binary, to the mode at (1, 0) with std 0.25 and n_std 2; the third sample is just outside)
    edge = torch.tensor([[1.5, 0.0], [1.0, -0.5], [1.0, 0.5 + 2.0 ** -20]], dtype=torch.float64)
    _compare(check, student.mode_coverage(edge, centers, 0.25, n_std=2.0), ref.mode_coverage(edge, centers, 0.25, 2.0),
             "samples exactly at distance n_std * std (they count)")
    far = torch.full((7, 2), 10.0, dtype=torch.float64)
    _compare(check, student.mode_coverage(far, centers, 0.04), ref.mode_coverage(far, centers, 0.04),
             "only outliers (no mode hit)")
