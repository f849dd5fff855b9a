"""Hidden tests: MappingNetwork (pixel norm, Linear + LeakyReLU(0.2) layers as self.net) and style_mixing."""
import pytest
import torch

import solutions.ch3_gan as ref
from autograder.carry import module_uses_its_parameters

pytestmark = pytest.mark.grade_id("style_mapping")

SPEC_EN = ("z <- z / sqrt(mean(z^2 over the feature dim) + 1e-8) per sample, then self.net = Sequential(Linear(z_dim, "
           "w_dim), LeakyReLU(0.2), Linear(w_dim, w_dim), LeakyReLU(0.2), ...) with a LeakyReLU(0.2) after every layer, "
           "the last one included")
SPEC_JA = ("z ← z / sqrt(特徴次元での z² の平均 + 1e-8)（サンプルごと）、その後 self.net = Sequential(Linear(z_dim, w_dim), "
           "LeakyReLU(0.2), Linear(w_dim, w_dim), LeakyReLU(0.2), ...)。最後の層を含むすべての層の後に LeakyReLU(0.2)")
MIX_EN = "layer i of sample b takes w1[b] when i < crossover[b], otherwise w2[b]; output (B, n_styles, w_dim)"
MIX_JA = "サンプル b の層 i は i < crossover[b] なら w1[b]、それ以外は w2[b]。出力は (B, n_styles, w_dim)"


@pytest.mark.describe("mapping network layers as the spec names them", "仕様どおりのマッピングネットワークの層")
@pytest.mark.points(1)
def test_mapping_state_dict_spec(student, check):
    for args in [(16, 16, 4), (5, 7, 2)]:
        sd = student.MappingNetwork(*args).state_dict()
        expected = ref.MappingNetwork(*args).state_dict()
        got = sorted(sd) if isinstance(sd, dict) else type(sd).__name__
        check.true(isinstance(sd, dict) and sorted(sd) == sorted(expected),
                   f"state_dict keys differ from the spec: expected {sorted(expected)}, received {got}. " + SPEC_EN,
                   f"state_dict のキーが仕様と違います。期待 {sorted(expected)}、受け取ったキー {got}。" + SPEC_JA, kind="shape")
        for k, v in expected.items():
            check.shape(f"state_dict[{k!r}]", sd[k], tuple(v.shape), hint_en=SPEC_EN, hint_ja=SPEC_JA)
    # the parameters must be the ones forward uses
    g = torch.Generator().manual_seed(19)
    model = ref.MappingNetwork(16, 16, 4).double()
    states = [{k: 0.5 * torch.randn(v.shape, generator=g, dtype=torch.float64) for k, v in model.state_dict().items()}
              for _ in range(2)]
    module_uses_its_parameters(check, lambda: student.MappingNetwork(16, 16, 4), states, model,
                               3 * torch.randn(4, 16, generator=g, dtype=torch.float64), "MappingNetwork",
                               SPEC_EN, SPEC_JA)


@pytest.mark.describe("mapping network forward pass", "マッピングネットワークの順伝播")
@pytest.mark.points(1)
def test_mapping_forward(student, check, gen, device):
    for (zd, wd, n), b in [((16, 16, 4), 5), ((5, 7, 2), 1), ((6, 6, 1), 3)]:
        model = ref.MappingNetwork(zd, wd, n).double()
        state = {k: 0.5 * torch.randn(v.shape, generator=gen, dtype=torch.float64) for k, v in model.state_dict().items()}
        model.load_state_dict(state)
        h = student.MappingNetwork(zd, wd, n)
        h.to(device.type)
        h.double()
        h.load_state_dict(state)
        z = 3 * torch.randn(b, zd, generator=gen, dtype=torch.float64)
        with torch.no_grad():
            expected = model(z)
        check.close(f"w = f(z) (z_dim={zd}, w_dim={wd}, n_layers={n}, batch {b})", h(z), expected,
                    hint_en=SPEC_EN, hint_ja=SPEC_JA)


@pytest.mark.describe("style mixing", "スタイルミキシング")
@pytest.mark.points(1)
def test_style_mixing(student, check, gen):
    for b, wd, n, cross in [(4, 3, 6, [0, 2, 5, 6]), (1, 5, 3, [1]), (3, 2, 8, [8, 4, 1])]:
        w1 = torch.randn(b, wd, generator=gen, dtype=torch.float64)
        w2 = torch.randn(b, wd, generator=gen, dtype=torch.float64)
        c = torch.tensor(cross, dtype=torch.int64)
        check.close(f"style_mixing(crossover={cross}, n_styles={n})", student.style_mixing(w1, w2, c, n),
                    ref.style_mixing(w1, w2, c, n), hint_en=MIX_EN, hint_ja=MIX_JA)
