"""Hidden tests: DCGANGenerator, DCGANDiscriminator (spec: self.net = nn.Sequential with the
documented indices) and dcgan_init_ (N(0, 0.02) weights, BatchNorm N(1, 0.02), zero biases).

The reference weights (random, including BatchNorm running statistics) are loaded into the
student's module, which must then give the reference outputs in train and eval mode.
"""
import pytest
import torch

import solutions.ch3_gan as ref
from autograder.carry import module_uses_its_parameters

pytestmark = pytest.mark.grade_id("dcgan")

G_SPEC_EN = ("G: net.0 ConvTranspose2d(z_dim, 4c, 4, 1, 0, bias=False), net.1 BatchNorm2d, net.2 ReLU, net.3 "
             "ConvTranspose2d(4c, 2c, 4, 2, 1), net.4 BN, net.5 ReLU, net.6 ConvTranspose2d(2c, c, 4, 2, 1), net.7 BN, "
             "net.8 ReLU, net.9 ConvTranspose2d(c, out, 4, 2, 1), net.10 Tanh; no BatchNorm after the last layer")
G_SPEC_JA = ("G: net.0 ConvTranspose2d(z_dim, 4c, 4, 1, 0, bias=False)、net.1 BatchNorm2d、net.2 ReLU、net.3 "
             "ConvTranspose2d(4c, 2c, 4, 2, 1)、net.4 BN、net.5 ReLU、net.6 ConvTranspose2d(2c, c, 4, 2, 1)、net.7 BN、"
             "net.8 ReLU、net.9 ConvTranspose2d(c, out, 4, 2, 1)、net.10 Tanh。最後の層の後に BatchNorm は置きません")
D_SPEC_EN = ("D: net.0 Conv2d(in, c, 4, 2, 1, bias=False), net.1 LeakyReLU(0.2) (no BatchNorm on the first layer), "
             "net.2 Conv2d(c, 2c, 4, 2, 1), net.3 BN, net.4 LeakyReLU(0.2), net.5 Conv2d(2c, 4c, 4, 2, 1), net.6 BN, "
             "net.7 LeakyReLU(0.2), net.8 Conv2d(4c, 1, 4, 1, 0); output the logits reshaped to (B,), no sigmoid")
D_SPEC_JA = ("D: net.0 Conv2d(in, c, 4, 2, 1, bias=False)、net.1 LeakyReLU(0.2)（最初の層に BatchNorm なし）、"
             "net.2 Conv2d(c, 2c, 4, 2, 1)、net.3 BN、net.4 LeakyReLU(0.2)、net.5 Conv2d(2c, 4c, 4, 2, 1)、net.6 BN、"
             "net.7 LeakyReLU(0.2)、net.8 Conv2d(4c, 1, 4, 1, 0)。出力はロジットを (B,) にしたもので、sigmoid はかけません")


def _random_state(model, gen):
    """Random parameters and BatchNorm running statistics (float64), drawn from ``gen``."""
    state = {}
    for k, v in model.state_dict().items():
        if k.endswith("num_batches_tracked"):
            state[k] = v.clone()
        elif k.endswith("running_var") or (k.endswith("weight") and v.dim() == 1):
            state[k] = 0.5 + torch.rand(v.shape, generator=gen, dtype=torch.float64)
        else:
            state[k] = 0.2 * torch.randn(v.shape, generator=gen, dtype=torch.float64)
    model.load_state_dict(state)
    return state


def _spec(check, sd, expected, spec_en, spec_ja):
    got = sorted(sd) if isinstance(sd, dict) else type(sd).__name__
    check.true(isinstance(sd, dict) and sorted(sd) == sorted(expected),
               f"state_dict keys differ from the spec: expected {sorted(expected)}, received {got}. " + spec_en,
               f"state_dict のキーが仕様と違います。期待 {sorted(expected)}、受け取ったキー {got}。" + spec_ja, kind="shape")
    for k, v in expected.items():
        check.shape(f"state_dict[{k!r}]", sd[k], tuple(v.shape), hint_en=spec_en, hint_ja=spec_ja)


@pytest.mark.describe("generator layers as the spec names them", "仕様どおりの生成器の層")
@pytest.mark.points(1)
def test_generator_state_dict_spec(student, check):
    for args in [(16, 8, 1), (10, 4, 3)]:
        _spec(check, student.DCGANGenerator(*args).state_dict(), ref.DCGANGenerator(*args).state_dict(),
              G_SPEC_EN, G_SPEC_JA)
    # the parameters must be the ones forward uses (a module with the right layers but a forward that
    # returns a constant, noise or its input earns nothing here)
    g = torch.Generator().manual_seed(52)
    model = ref.DCGANGenerator(16, 8, 1).double()
    states = [_random_state(model, g) for _ in range(2)]
    module_uses_its_parameters(check, lambda: student.DCGANGenerator(16, 8, 1), states, model,
                               torch.randn(2, 16, generator=g, dtype=torch.float64), "DCGANGenerator",
                               G_SPEC_EN, G_SPEC_JA)


@pytest.mark.describe("discriminator layers as the spec names them", "仕様どおりの識別器の層")
@pytest.mark.points(1)
def test_discriminator_state_dict_spec(student, check):
    for args in [(1, 8), (3, 4)]:
        _spec(check, student.DCGANDiscriminator(*args).state_dict(), ref.DCGANDiscriminator(*args).state_dict(),
              D_SPEC_EN, D_SPEC_JA)
    g = torch.Generator().manual_seed(59)
    model = ref.DCGANDiscriminator(1, 8).double()
    states = [_random_state(model, g) for _ in range(2)]
    module_uses_its_parameters(check, lambda: student.DCGANDiscriminator(1, 8), states, model,
                               torch.rand(3, 1, 32, 32, generator=g, dtype=torch.float64) * 2 - 1, "DCGANDiscriminator",
                               D_SPEC_EN, D_SPEC_JA)


@pytest.mark.describe("generator forward pass", "生成器の順伝播")
@pytest.mark.points(1)
def test_generator_matches_reference(student, check, gen, device):
    # z is (B, z_dim) or, as the spec also allows, (B, z_dim, 1, 1) (the DCGAN paper's layout)
    for (z_dim, c, out), batches in [((16, 8, 1), (1, 4, (2, 1, 1))), ((5, 4, 3), (3,))]:
        model = ref.DCGANGenerator(z_dim, c, out).double()
        state = _random_state(model, gen)
        h = student.DCGANGenerator(z_dim, c, out)
        h.to(device.type)
        h.double()
        h.load_state_dict(state)
        for b in batches:
            b, *trail = b if isinstance(b, tuple) else (b,)
            z = torch.randn(b, z_dim, *trail, generator=gen, dtype=torch.float64)
            for mode in ("train", "eval"):
                getattr(model, mode)()
                getattr(h, mode)()
                with torch.no_grad():
                    expected = model(z)
                got = check.shape(f"G(z) for batch {b}", h(z), (b, out, 32, 32), hint_en=G_SPEC_EN, hint_ja=G_SPEC_JA)
                check.close(f"G(z) ({mode} mode, z of shape {tuple(z.shape)}, c={c})", got, expected,
                            hint_en=G_SPEC_EN, hint_ja=G_SPEC_JA)


@pytest.mark.describe("discriminator forward pass", "識別器の順伝播")
@pytest.mark.points(1)
def test_discriminator_matches_reference(student, check, gen, device):
    for (cin, c), batches in [((1, 8), (1, 5)), ((3, 4), (2,))]:
        model = ref.DCGANDiscriminator(cin, c).double()
        state = _random_state(model, gen)
        h = student.DCGANDiscriminator(cin, c)
        h.to(device.type)
        h.double()
        h.load_state_dict(state)
        for b in batches:
            x = torch.rand(b, cin, 32, 32, generator=gen, dtype=torch.float64) * 2 - 1
            for mode in ("train", "eval"):
                getattr(model, mode)()
                getattr(h, mode)()
                with torch.no_grad():
                    expected = model(x)
                got = check.shape(f"D(x) for batch {b}", h(x), (b,), hint_en=D_SPEC_EN, hint_ja=D_SPEC_JA)
                check.close(f"D(x) ({mode} mode, batch {b})", got, expected, hint_en=D_SPEC_EN, hint_ja=D_SPEC_JA)


@pytest.mark.describe("DCGAN weight initialisation (mean and std)", "DCGAN の重み初期化（平均と標準偏差）")
@pytest.mark.points(1)
def test_init_statistics(student, check):
    """Statistical: 224 BatchNorm weights and >= 512 weights per conv layer. The sample std of
    N(0, 0.02^2) weights lies within 20 % of 0.02 (> 6 standard errors per layer) and the BN weight
    mean within 0.01 of 1 (> 7 standard errors): false-fail probability < 1e-9 (and the seeds are fixed)."""
    hint_en = ("DCGAN init: Conv/ConvTranspose weights ~ N(0, 0.02^2) (std 0.02, not variance), BatchNorm weight ~ "
               "N(1, 0.02^2), BatchNorm bias = 0; use the generator you are given")
    hint_ja = ("DCGAN の初期化: Conv/ConvTranspose の重み ~ N(0, 0.02²)（標準偏差が 0.02、分散ではない）、BatchNorm の重み ~ "
               "N(1, 0.02²)、BatchNorm のバイアス = 0。渡された generator を使ってください")
    for name, args, seed in [("DCGANGenerator", (16, 32, 1), 11), ("DCGANDiscriminator", (2, 32), 12)]:
        h = getattr(student, name)(*args)
        student.dcgan_init_(h, student.harness.make_generator(seed))
        sd = student.harness.state_dict(h)
        bn_w = [v for k, v in sd.items() if k.endswith(".weight") and v.dim() == 1]
        bn_b = [v for k, v in sd.items() if k.endswith(".bias") and v.dim() == 1]
        for k, v in sd.items():
            if k.endswith(".weight") and v.dim() == 4:
                std, mean = float(v.double().std()), float(v.double().mean())
                check.true(0.016 < std < 0.024 and abs(mean) < 0.004,
                           f"{name}: {k} has mean {mean:.4f} and std {std:.4f} after dcgan_init_; expected N(0, 0.02^2). "
                           + hint_en,
                           f"{name}: dcgan_init_ 後の {k} の平均が {mean:.4f}、標準偏差が {std:.4f} です。期待は N(0, 0.02²)。"
                           + hint_ja, kind="statistics")
        w = torch.cat([v.double() for v in bn_w])
        check.true(abs(float(w.mean()) - 1) < 0.01 and 0.012 < float(w.std()) < 0.03,
                   f"{name}: BatchNorm weights have mean {float(w.mean()):.4f} and std {float(w.std()):.4f}; "
                   f"expected N(1, 0.02^2). " + hint_en,
                   f"{name}: BatchNorm の重みの平均が {float(w.mean()):.4f}、標準偏差が {float(w.std()):.4f} です。"
                   f"期待は N(1, 0.02²)。" + hint_ja, kind="statistics")
        b = torch.cat([v.double() for v in bn_b])
        check.true(bool((b == 0).all()), f"{name}: BatchNorm biases must be 0 after dcgan_init_. " + hint_en,
                   f"{name}: dcgan_init_ 後の BatchNorm のバイアスは 0 のはずです。" + hint_ja, kind="statistics")
