"""solutions.ch2_vae against public references (torch.distributions, torch.nn.functional) on random inputs."""
import math

import pytest
import torch
import torch.nn.functional as F
from torch.distributions import Bernoulli, Normal, kl_divergence

import solutions.ch2_vae as ref

RTOL64, ATOL64 = 1e-10, 1e-12


@pytest.fixture
def gen():
    return torch.Generator().manual_seed(20261129)


def test_bernoulli_recon_equals_distribution_log_prob(gen):
    logits = torch.randn(9, 17, generator=gen, dtype=torch.float64) * 5
    x = torch.randint(0, 2, (9, 17), generator=gen).double()
    expected = -Bernoulli(logits=logits).log_prob(x).sum(-1)
    torch.testing.assert_close(ref.bernoulli_recon_loss(logits, x), expected, rtol=RTOL64, atol=RTOL64)


def test_bernoulli_recon_equals_bce_for_intensities(gen):
    logits = torch.randn(4, 64, generator=gen, dtype=torch.float64) * 3
    x = torch.rand(4, 64, generator=gen, dtype=torch.float64)
    expected = F.binary_cross_entropy(torch.sigmoid(logits), x, reduction="none").sum(-1)
    torch.testing.assert_close(ref.bernoulli_recon_loss(logits, x), expected, rtol=1e-9, atol=1e-9)


def test_gaussian_recon_equals_normal_log_prob(gen):
    mean = torch.randn(6, 11, generator=gen, dtype=torch.float64)
    x = torch.randn(6, 11, generator=gen, dtype=torch.float64)
    logvar = torch.randn(6, 11, generator=gen, dtype=torch.float64)
    expected = -Normal(mean, torch.exp(0.5 * logvar)).log_prob(x).sum(-1)
    torch.testing.assert_close(ref.gaussian_recon_loss(mean, x, logvar), expected, rtol=RTOL64, atol=ATOL64)
    torch.testing.assert_close(ref.gaussian_recon_loss(mean, x, 0.3),
                               -Normal(mean, math.exp(0.15)).log_prob(x).sum(-1), rtol=RTOL64, atol=ATOL64)


def test_gaussian_kl_equals_kl_divergence(gen):
    mu = torch.randn(8, 5, generator=gen, dtype=torch.float64)
    logvar = torch.randn(8, 5, generator=gen, dtype=torch.float64)
    expected = kl_divergence(Normal(mu, torch.exp(0.5 * logvar)), Normal(0.0, 1.0)).sum(-1)
    torch.testing.assert_close(ref.gaussian_kl(mu, logvar), expected, rtol=RTOL64, atol=ATOL64)


def test_case_c08_reference_value():
    kl = ref.gaussian_kl(torch.tensor([[1.0]], dtype=torch.float64), torch.tensor([[math.log(4.0)]], dtype=torch.float64))
    assert kl.item() == pytest.approx(1.306853, abs=1e-6)


def test_reparameterize_distribution_and_gradients(gen):
    mu = torch.randn(3, generator=gen, dtype=torch.float64, requires_grad=True)
    logvar = torch.randn(3, generator=gen, dtype=torch.float64, requires_grad=True)
    eps = torch.randn(200_000, 3, generator=gen, dtype=torch.float64)
    z = ref.reparameterize(mu, logvar, eps)
    # Monte Carlo: mean mu, std exp(0.5 logvar); 6 standard errors => false-fail probability < 1e-8
    se = torch.exp(0.5 * logvar).detach() / math.sqrt(len(eps))
    assert torch.all((z.mean(0) - mu).abs() < 6 * se)
    torch.testing.assert_close(z.std(0), torch.exp(0.5 * logvar).detach(), rtol=0.01, atol=0)
    torch.autograd.gradcheck(lambda m, lv: ref.reparameterize(m, lv, eps[:4]), (mu, logvar))


def test_negative_elbo_composition(gen):
    logits = torch.randn(5, 7, generator=gen, dtype=torch.float64)
    x = torch.rand(5, 7, generator=gen, dtype=torch.float64)
    mu = torch.randn(5, 2, generator=gen, dtype=torch.float64)
    logvar = torch.randn(5, 2, generator=gen, dtype=torch.float64)
    recon = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / 5
    kl = kl_divergence(Normal(mu, torch.exp(0.5 * logvar)), Normal(0.0, 1.0)).sum() / 5
    torch.testing.assert_close(ref.negative_elbo(logits, x, mu, logvar), recon + kl, rtol=RTOL64, atol=ATOL64)
    torch.testing.assert_close(ref.negative_elbo(logits, x, mu, logvar, beta=3.0), recon + 3 * kl,
                               rtol=RTOL64, atol=ATOL64)


def test_vae_spec_and_forward(gen):
    model = ref.VAE(64, 32, 3).double()
    assert sorted(model.state_dict()) == sorted(f"{n}.{p}" for n in ["fc1", "fc21", "fc22", "fc3", "fc4"]
                                                for p in ["weight", "bias"])
    x = torch.rand(4, 64, generator=gen, dtype=torch.float64)
    eps = torch.randn(4, 3, generator=gen, dtype=torch.float64)
    logits, mu, logvar = model(x, eps)
    h = torch.relu(x @ model.fc1.weight.T + model.fc1.bias)
    torch.testing.assert_close(mu, h @ model.fc21.weight.T + model.fc21.bias)
    z = mu + torch.exp(0.5 * logvar) * eps
    torch.testing.assert_close(logits, model.fc4(torch.relu(model.fc3(z))))


def test_train_step_matches_manual_sgd(gen):
    torch.manual_seed(0)
    model = ref.VAE(8, 4, 2).double()
    clone = ref.VAE(8, 4, 2).double()
    clone.load_state_dict(model.state_dict())
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.rand(3, 8, generator=gen, dtype=torch.float64)
    eps = torch.randn(3, 2, generator=gen, dtype=torch.float64)
    loss = ref.train_step(model, opt, x, eps, ref.negative_elbo)
    expected = ref.negative_elbo(*clone(x, eps)[:1], x, *clone(x, eps)[1:])
    grads = torch.autograd.grad(expected, list(clone.parameters()))
    assert isinstance(loss, float) and loss == pytest.approx(expected.item(), rel=1e-12)
    for p, q, g in zip(model.parameters(), clone.parameters(), grads):
        torch.testing.assert_close(p, q - 0.1 * g)


def test_interpolation_linear_and_slerp(gen):
    z0 = torch.randn(6, generator=gen, dtype=torch.float64)
    z1 = torch.randn(6, generator=gen, dtype=torch.float64)
    lin = ref.interpolate_latents(z0, z1, 5)
    torch.testing.assert_close(lin[0], z0)
    torch.testing.assert_close(lin[-1], z1)
    torch.testing.assert_close(lin[2], (z0 + z1) / 2)
    sl = ref.interpolate_latents(z0, z1, 7, method="slerp")
    torch.testing.assert_close(sl[0], z0)
    torch.testing.assert_close(sl[-1], z1)
    # slerp between unit vectors stays on the unit sphere
    u0, u1 = z0 / z0.norm(), z1 / z1.norm()
    torch.testing.assert_close(ref.interpolate_latents(u0, u1, 9, method="slerp").norm(dim=1),
                               torch.ones(9, dtype=torch.float64))
    with pytest.raises(ValueError, match="num_steps"):
        ref.interpolate_latents(z0, z1, 1)
    with pytest.raises(ValueError, match="unknown method"):
        ref.interpolate_latents(z0, z1, 3, method="cubic")
