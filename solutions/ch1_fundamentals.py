"""Reference implementations for chapter 1 (生成モデルの基礎 / fundamentals of generative models).

One self-contained module: every graded exercise of ``source/ch1_fundamentals/fundamentals.ipynb``
is copied from here (``tools/notebooks/ch1_fundamentals.py``), and the Fréchet distance
utilities at the end (:class:`FeatureStatistics`, :func:`fid_from_features`,
:func:`compute_fid`) are a public feature: a float64, streaming, never-complex FID that
accepts any torch feature extractor.

Conventions: tensors are ``torch.Tensor``; "diagonal Gaussian" parameters are the mean and
the *variance* (not the standard deviation, not the log-variance); all randomness comes in
through explicit arguments (uniforms ``u``, standard normals ``z``, samples ``x``).
"""
from __future__ import annotations

import math
from typing import Callable, Iterable, Optional

import torch

__all__ = [
    "gaussian_log_prob", "diag_gaussian_log_prob", "gaussian_mle",
    "fit_class_conditional_gaussian", "class_posterior",
    "kl_diag_gaussians", "kl_monte_carlo",
    "gmm_log_likelihood", "em_step",
    "sample_categorical", "importance_estimate", "metropolis_hastings_gamma",
    "inception_score", "feature_statistics", "frechet_distance",
    "FeatureStatistics", "fid_from_features", "compute_fid",
]

LOG_2PI = math.log(2.0 * math.pi)


# ----------------------------------------------------------------------------- validation
def _tensor(name: str, value) -> torch.Tensor:
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(value).__name__}")
    if not value.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got dtype {value.dtype}; "
                        "convert with .double() or .float()")
    return value


def _positive(name: str, value: torch.Tensor) -> torch.Tensor:
    _tensor(name, value)
    if bool((value <= 0).any()):
        raise ValueError(f"{name} must be > 0 everywhere (a variance), got min {float(value.min()):.3g}")
    return value


def _matrix(name: str, value, rows: Optional[int] = None) -> torch.Tensor:
    _tensor(name, value)
    if value.dim() != 2:
        raise ValueError(f"{name} must be 2-D (N, D), got shape {tuple(value.shape)}")
    if rows is not None and value.shape[0] < rows:
        raise ValueError(f"{name} needs at least {rows} rows, got shape {tuple(value.shape)}")
    return value


# ----------------------------------------------------------------------------- 1. likelihood
def gaussian_log_prob(x: torch.Tensor, mean: torch.Tensor, var: torch.Tensor) -> torch.Tensor:
    """Element-wise log-density of a univariate Gaussian, log N(x; mean, var).

    log N(x; m, v) = -1/2 (log 2π + log v + (x - m)^2 / v)   (Bishop, PRML, eq. 1.46, in logs).
    Same as ``torch.distributions.Normal(mean, var.sqrt()).log_prob(x)``.

    Args:
        x: float tensor, any shape.
        mean: float tensor broadcastable with ``x``.
        var: float tensor broadcastable with ``x``, the variance σ² (> 0), not σ.

    Returns:
        float tensor of the broadcast shape, in nats.

    Raises:
        TypeError: a non-tensor or integer input.  ValueError: ``var <= 0`` somewhere.
    """
    _tensor("x", x), _tensor("mean", mean), _positive("var", var)
    return -0.5 * (LOG_2PI + torch.log(var) + (x - mean) ** 2 / var)


def diag_gaussian_log_prob(x: torch.Tensor, mean: torch.Tensor, var: torch.Tensor) -> torch.Tensor:
    """Log-density of a Gaussian with diagonal covariance, summed over the last dimension.

    log N(x; m, diag(v)) = Σ_d log N(x_d; m_d, v_d)   (independent coordinates).
    Same as ``Independent(Normal(mean, var.sqrt()), 1).log_prob(x)``.

    Args:
        x: (..., D) float tensor.
        mean, var: tensors broadcastable to (..., D); ``var`` is the variance (> 0).

    Returns:
        (...) float tensor: one log-density per point (nats).
    """
    return gaussian_log_prob(x, mean, var).sum(dim=-1)


def gaussian_mle(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Maximum-likelihood mean and (diagonal) variance of samples.

    μ̂ = (1/N) Σ_n x_n,  σ̂² = (1/N) Σ_n (x_n - μ̂)²   (PRML eqs. 1.55-1.56: the MLE variance
    divides by N, i.e. ``torch.var(x, dim=0, unbiased=False)``).

    Args:
        x: (N, D) float tensor, N >= 1 samples in rows.

    Returns:
        (mean, var): two (D,) tensors of ``x``'s dtype.

    Raises:
        ValueError: ``x`` is not 2-D or has no rows.
    """
    _matrix("x", x, rows=1)
    mean = x.mean(dim=0)
    var = ((x - mean) ** 2).mean(dim=0)
    return mean, var


# ----------------------------------------------------------------------------- 2. generative classifier
def fit_class_conditional_gaussian(x: torch.Tensor, y: torch.Tensor, num_classes: int,
                                   var_smoothing: float = 0.0):
    """Fit p(y) p(x | y) with a diagonal Gaussian per class by maximum likelihood.

    π_k = N_k / N,  μ_k = mean of the x_n with y_n = k,  σ²_k = their MLE variance (/N_k)
    + ``var_smoothing`` (added so that constant pixels keep a positive variance, as
    scikit-learn's ``GaussianNB`` does).

    Args:
        x: (N, D) float tensor.
        y: (N,) int64 labels in 0..num_classes-1; every class must occur.
        num_classes: K >= 1.
        var_smoothing: float >= 0 added to every variance.

    Returns:
        (log_prior, means, variances): (K,), (K, D), (K, D) tensors of ``x``'s dtype.

    Raises:
        TypeError / ValueError: bad dtypes or shapes, labels out of range, an empty class.
    """
    _matrix("x", x, rows=1)
    if not isinstance(y, torch.Tensor) or y.dtype not in (torch.int64, torch.int32):
        raise TypeError(f"y must be an int64 tensor of labels, got {type(y).__name__} "
                        f"{getattr(y, 'dtype', '')}")
    if y.shape != (x.shape[0],):
        raise ValueError(f"y must have shape ({x.shape[0]},), got {tuple(y.shape)}")
    if int(y.min()) < 0 or int(y.max()) >= num_classes:
        raise ValueError(f"labels must lie in 0..{num_classes - 1}, got {int(y.min())}..{int(y.max())}")
    counts = torch.bincount(y, minlength=num_classes)
    if bool((counts == 0).any()):
        raise ValueError(f"every class needs a sample; empty classes: {torch.nonzero(counts == 0).flatten().tolist()}")
    if var_smoothing < 0:
        raise ValueError(f"var_smoothing must be >= 0, got {var_smoothing}")
    onehot = torch.nn.functional.one_hot(y.long(), num_classes).to(x.dtype)   # (N, K)
    n_k = counts.to(x.dtype)                                                    # (K,)
    log_prior = torch.log(n_k / x.shape[0])                                     # (K,)
    means = onehot.T @ x / n_k[:, None]                                         # (K, D)
    sq = onehot.T @ (x - means[y]) ** 2                                         # (K, D)
    variances = sq / n_k[:, None] + var_smoothing
    return log_prior, means, variances


def class_posterior(x: torch.Tensor, log_prior: torch.Tensor, means: torch.Tensor,
                    variances: torch.Tensor) -> torch.Tensor:
    """Class posteriors p(y = k | x) of the class-conditional Gaussian model (Bayes' rule).

    p(k | x) = π_k N(x; μ_k, σ²_k) / Σ_j π_j N(x; μ_j, σ²_j), computed as a softmax of
    log π_k + log N(x; μ_k, σ²_k) over k (stable for points far from every class).

    Args:
        x: (N, D) float tensor.
        log_prior: (K,) log class probabilities.
        means, variances: (K, D) tensors (variances > 0).

    Returns:
        (N, K) tensor; each row sums to 1.
    """
    _matrix("x", x), _positive("variances", variances)
    logits = log_prior + diag_gaussian_log_prob(x[:, None, :], means, variances)   # (N, K)
    return torch.softmax(logits, dim=-1)


# ----------------------------------------------------------------------------- 3. KL divergence
def kl_diag_gaussians(mu1: torch.Tensor, var1: torch.Tensor, mu2: torch.Tensor,
                      var2: torch.Tensor) -> torch.Tensor:
    """Closed-form KL(N(mu1, diag var1) ‖ N(mu2, diag var2)), summed over the last dimension.

    KL = 1/2 Σ_d [ log(v2/v1) + (v1 + (m1 - m2)^2) / v2 - 1 ]
    (same as ``torch.distributions.kl_divergence`` of two ``Independent(Normal, 1)``).

    Args:
        mu1, var1, mu2, var2: float tensors broadcastable to (..., D); variances > 0.

    Returns:
        (...) tensor of KL values (nats, >= 0).
    """
    _tensor("mu1", mu1), _tensor("mu2", mu2), _positive("var1", var1), _positive("var2", var2)
    return 0.5 * (torch.log(var2 / var1) + (var1 + (mu1 - mu2) ** 2) / var2 - 1.0).sum(dim=-1)


def kl_monte_carlo(x: torch.Tensor, mu1: torch.Tensor, var1: torch.Tensor, mu2: torch.Tensor,
                   var2: torch.Tensor) -> torch.Tensor:
    """Monte Carlo estimate of KL(p ‖ q) from samples x_s ~ p, p = N(mu1, var1), q = N(mu2, var2).

    KL(p ‖ q) = E_p[log p(x) - log q(x)] ≈ (1/S) Σ_s [log p(x_s) - log q(x_s)]  (diagonal Gaussians).

    Args:
        x: (S, ..., D) samples from p (S along dim 0).
        mu1, var1, mu2, var2: broadcastable to (..., D).

    Returns:
        (...) tensor: the estimate (unbiased; it can be negative for small S).
    """
    _tensor("x", x)
    log_p = diag_gaussian_log_prob(x, mu1, var1)     # (S, ...)
    log_q = diag_gaussian_log_prob(x, mu2, var2)     # (S, ...)
    return (log_p - log_q).mean(dim=0)


# ----------------------------------------------------------------------------- 4. latent variables
def gmm_log_likelihood(x: torch.Tensor, weights: torch.Tensor, means: torch.Tensor,
                       variances: torch.Tensor) -> torch.Tensor:
    """Per-point log-likelihood of a diagonal Gaussian mixture, computed with logsumexp.

    log p(x) = log Σ_k π_k N(x; μ_k, σ²_k) = logsumexp_k [log π_k + log N(x; μ_k, σ²_k)]
    (PRML eq. 9.14); finite even where every N(x; μ_k, σ²_k) underflows to 0.

    Args:
        x: (N, D) float tensor.
        weights: (K,) mixture weights π (>= 0, summing to 1).
        means, variances: (K, D) tensors (variances > 0).

    Returns:
        (N,) tensor of log p(x_n) (nats).
    """
    _matrix("x", x), _tensor("weights", weights), _positive("variances", variances)
    log_joint = torch.log(weights) + diag_gaussian_log_prob(x[:, None, :], means, variances)  # (N, K)
    return torch.logsumexp(log_joint, dim=-1)


def em_step(x: torch.Tensor, weights: torch.Tensor, means: torch.Tensor, variances: torch.Tensor):
    """One EM iteration for a diagonal Gaussian mixture (PRML section 9.2.2).

    E step: γ_nk = π_k N(x_n; μ_k, σ²_k) / Σ_j π_j N(x_n; μ_j, σ²_j)   (eq. 9.23, in log space)
    M step: N_k = Σ_n γ_nk;  μ_k = Σ_n γ_nk x_n / N_k  (9.24);
            σ²_k = Σ_n γ_nk (x_n - μ_k^new)² / N_k  (9.25, diagonal);  π_k = N_k / N  (9.26).

    Args:
        x: (N, D) float tensor.
        weights: (K,), means: (K, D), variances: (K, D): the current parameters.

    Returns:
        (weights, means, variances): the updated parameters, same shapes and dtype.
    """
    _matrix("x", x, rows=1), _tensor("weights", weights), _positive("variances", variances)
    # (1) E step: responsibilities γ (N, K), normalised in log space
    log_joint = torch.log(weights) + diag_gaussian_log_prob(x[:, None, :], means, variances)  # (N, K)
    resp = torch.softmax(log_joint, dim=-1)
    # (2) effective counts N_k
    n_k = resp.sum(dim=0)                                        # (K,)
    # (3) means, eq. 9.24
    new_means = resp.T @ x / n_k[:, None]                        # (K, D)
    # (4) variances around the *new* means, eq. 9.25
    diff2 = (x[:, None, :] - new_means[None]) ** 2               # (N, K, D)
    new_vars = (resp[:, :, None] * diff2).sum(dim=0) / n_k[:, None]
    # (5) weights, eq. 9.26
    new_weights = n_k / x.shape[0]
    return new_weights, new_means, new_vars


# ----------------------------------------------------------------------------- 5. sampling
def sample_categorical(weights: torch.Tensor, u: torch.Tensor) -> torch.Tensor:
    """Inverse-CDF sampling of a categorical distribution from given uniforms.

    With F_k = (w_0 + ... + w_k) / Σ_j w_j, the sample for u ∈ [0, 1) is the smallest k with
    u < F_k, i.e. ``searchsorted(F, u, right=True)``: category k receives u ∈ [F_{k-1}, F_k),
    so a zero-weight category is never returned.

    Args:
        weights: (K,) non-negative float weights (need not sum to 1; positive sum).
        u: (...) float uniforms in [0, 1).

    Returns:
        (...) int64 tensor of categories in 0..K-1.
    """
    _tensor("weights", weights), _tensor("u", u)
    if weights.dim() != 1 or bool((weights < 0).any()) or not float(weights.sum()) > 0:
        raise ValueError("weights must be a 1-D tensor of non-negative values with a positive sum, "
                         f"got shape {tuple(weights.shape)}")
    cdf = torch.cumsum(weights.to(torch.float64), dim=0)
    cdf = cdf / cdf[-1]                                            # F_k, F_{K-1} = 1
    idx = torch.searchsorted(cdf, u.to(torch.float64).contiguous(), right=True)
    return idx.clamp_max(weights.shape[0] - 1)                     # u rounding up to 1.0


def importance_estimate(f_values: torch.Tensor, log_p: torch.Tensor, log_q: torch.Tensor) -> torch.Tensor:
    """Self-normalised importance sampling estimate of E_p[f], in log space.

    With x_s ~ q, log weights l_s = log p̃(x_s) - log q(x_s) (p̃ may be unnormalised),
    w̃_s = exp(l_s - logsumexp(l)) and E_p[f] ≈ Σ_s w̃_s f(x_s)  (Owen, "Monte Carlo theory,
    methods and examples", eq. 9.6).  Works for log weights of any magnitude.

    Args:
        f_values: (S, ...) values f(x_s), samples along dim 0.
        log_p: (S,) unnormalised target log-density at x_s.
        log_q: (S,) proposal log-density at x_s.

    Returns:
        (...) tensor: the estimate.
    """
    _tensor("f_values", f_values), _tensor("log_p", log_p), _tensor("log_q", log_q)
    log_w = log_p - log_q                                           # (S,)
    w = torch.softmax(log_w, dim=0)                                 # normalised weights
    w = w.reshape(w.shape + (1,) * (f_values.dim() - 1))            # (S, 1, ...)
    return (w * f_values).sum(dim=0)


def metropolis_hastings_gamma(x0: torch.Tensor, shape: float, rate: float, step: float,
                              z: torch.Tensor, u: torch.Tensor) -> torch.Tensor:
    """Metropolis-Hastings for a Gamma(shape, rate) target with a log-normal (asymmetric) proposal.

    Target π(x) ∝ x^{k-1} e^{-θx} (x > 0, k = shape, θ = rate).  Proposal x' = x exp(step z),
    i.e. q(x' | x) = LogNormal(x'; log x, step²), so q(x | x') / q(x' | x) = x' / x.
    Acceptance (Hastings 1970): α = min(1, π(x') q(x | x') / (π(x) q(x' | x)));
      (1) log α = (k - 1)(log x' - log x) - θ (x' - x) + (log x' - log x)
      (2) accept when log u < log α (u ~ U(0, 1)), otherwise stay at x.

    Args:
        x0: (C,) positive starting points of C independent chains.
        shape, rate: Gamma parameters k > 0, θ > 0.
        step: proposal scale (> 0) in log space.
        z: (T, C) standard normals, one per step and chain.
        u: (T, C) uniforms in (0, 1).

    Returns:
        (T, C) tensor: the state after each of the T steps (x0 itself not included).
    """
    _positive("x0", x0), _tensor("z", z), _tensor("u", u)
    if z.shape != u.shape or z.dim() != 2 or z.shape[1:] != x0.shape:
        raise ValueError(f"z and u must both have shape (T, {tuple(x0.shape)[0] if x0.dim() else 1}), "
                         f"got {tuple(z.shape)} and {tuple(u.shape)}")
    if shape <= 0 or rate <= 0 or step <= 0:
        raise ValueError(f"shape, rate and step must be > 0, got {shape}, {rate}, {step}")
    x = x0.clone()
    out = []
    for t in range(z.shape[0]):
        x_new = x * torch.exp(step * z[t])
        log_ratio = torch.log(x_new) - torch.log(x)
        log_alpha = (shape - 1.0) * log_ratio - rate * (x_new - x) + log_ratio    # (1)
        accept = torch.log(u[t]) < log_alpha                                          # (2)
        x = torch.where(accept, x_new, x)
        out.append(x)
    return torch.stack(out)


# ----------------------------------------------------------------------------- 6. metrics
def inception_score(probs: torch.Tensor, num_splits: int = 10) -> tuple[torch.Tensor, torch.Tensor]:
    """Inception Score from class probabilities p(y | x_n), with torchmetrics' split convention.

    IS = exp( E_x KL(p(y | x) ‖ p(y)) )  (Salimans et al. 2016, section 4), per split:
      (1) the rows are split in order with ``probs.chunk(num_splits, dim=0)`` (contiguous chunks,
          ceil(N / num_splits) rows each, no shuffling);
      (2) p(y) = mean of the rows of the split;
      (3) score = exp( mean_n Σ_y p(y|x_n) (log p(y|x_n) - log p(y)) )   (0 log 0 = 0);
      (4) return the mean and the *unbiased* standard deviation (``torch.std``) of the split scores
          (as ``torchmetrics.image.InceptionScore.compute``, which also shuffles first; NaN for one split).
    torch-fidelity's ``isc_features_to_metric(shuffle=False)`` gives the same mean when N is divisible by
    num_splits, and the population std (ddof = 0), i.e. ours times sqrt((S - 1) / S).

    Args:
        probs: (N, C) non-negative rows summing to 1.
        num_splits: number of splits, 1 <= num_splits <= N.

    Returns:
        (mean, std): 0-d tensors of ``probs``' dtype.
    """
    _matrix("probs", probs, rows=1)
    if not isinstance(num_splits, int) or not 1 <= num_splits <= probs.shape[0]:
        raise ValueError(f"num_splits must be an int in 1..{probs.shape[0]}, got {num_splits!r}")
    scores = []
    for p in probs.chunk(num_splits, dim=0):                                   # (1)
        p_y = p.mean(dim=0, keepdim=True)                                      # (2)
        kl = (torch.xlogy(p, p) - torch.xlogy(p, p_y)).sum(dim=1)              # (3)
        scores.append(torch.exp(kl.mean()))
    scores = torch.stack(scores)
    return scores.mean(), scores.std()                                          # (4)


def feature_statistics(features: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean and covariance of features, in float64 whatever the input dtype.

    μ = (1/N) Σ x_n,  Σ = (1/(N-1)) Σ (x_n - μ)(x_n - μ)^T   (unbiased, as ``numpy.cov(rowvar=False)``
    in pytorch-fid's ``calculate_activation_statistics``).  The input is converted to float64
    *before* centring: the textbook ``Σ x x^T - N μ μ^T`` in float32 cancels catastrophically
    when the mean is large relative to the spread.

    Args:
        features: (N, D) float tensor, N >= 2.

    Returns:
        (mu, sigma): (D,) and (D, D) float64 tensors.
    """
    _matrix("features", features, rows=2)
    x = features.to(torch.float64)
    mu = x.mean(dim=0)
    xc = x - mu                                                    # (N, D) centred
    sigma = xc.T @ xc / (x.shape[0] - 1)
    return mu, sigma


def _sqrt_psd(eigvals: torch.Tensor) -> torch.Tensor:
    return torch.sqrt(torch.clamp(eigvals, min=0.0))


def frechet_distance(mu1: torch.Tensor, sigma1: torch.Tensor, mu2: torch.Tensor,
                     sigma2: torch.Tensor) -> torch.Tensor:
    """Fréchet distance between N(mu1, sigma1) and N(mu2, sigma2) (FID when the features are Inception's).

    d² = ‖μ1 - μ2‖² + tr Σ1 + tr Σ2 - 2 tr (Σ1 Σ2)^{1/2}   (Dowson & Landau 1982; Heusel et al. 2017, eq. 6).
    tr (Σ1 Σ2)^{1/2} is computed from eigenvalues, never with a general matrix square root:
      (1) a factor B with B B^T = Σ1: the Cholesky factor when Σ1 is positive definite (n³/3 flops),
          otherwise (rank-deficient Σ1) B = U diag(√λ⁺) from Σ1 = U diag(λ) U^T (``eigh``, λ⁺ = max(λ, 0));
      (2) M = B^T Σ2 B is symmetric PSD and has the same non-zero eigenvalues as B B^T Σ2 = Σ1 Σ2
          (eig(XY) = eig(YX)), which are therefore real and >= 0;
      (3) tr (Σ1 Σ2)^{1/2} = Σ_i √eig_i(M)   (``eigvalsh``).
    Rank-deficient covariances: an eigenvalue below D·eps·max|λ| (of Σ1, Σ2 or M) is the rounding noise of
    a zero eigenvalue and counts as 0 in the factors, the traces and the square roots alike; otherwise √ of
    that noise (~1e-8 each) and tiny negative eigenvalues in tr Σ made d(X, X) about -1e-6 for 200 samples
    in 256 dimensions.  d² is returned clamped at 0 (it is >= 0 mathematically).
    Always real, finite and >= 0 for finite PSD inputs (rank-deficient included); float64 throughout.
    Agrees with ``pytorch_fid.fid_score.calculate_frechet_distance`` to ~1e-10 relative on
    well-conditioned statistics (it uses ``scipy.linalg.sqrtm``).

    Args:
        mu1, mu2: (D,) means.  sigma1, sigma2: (D, D) symmetric PSD covariances.

    Returns:
        0-d float64 tensor, >= 0; 0 within 1e-9 for identical statistics, also when D > N.

    Raises:
        TypeError: non-tensor inputs.  ValueError: inconsistent shapes or non-finite values.
    """
    for name, v in (("mu1", mu1), ("sigma1", sigma1), ("mu2", mu2), ("sigma2", sigma2)):
        _tensor(name, v)
        if not bool(torch.isfinite(v).all()):
            raise ValueError(f"{name} contains NaN or inf")
    d = mu1.shape[-1] if mu1.dim() == 1 else -1
    if mu1.dim() != 1 or mu2.shape != mu1.shape or sigma1.shape != (d, d) or sigma2.shape != (d, d):
        raise ValueError(f"expected mu1, mu2 of shape (D,) and sigma1, sigma2 of shape (D, D); got "
                         f"{tuple(mu1.shape)}, {tuple(mu2.shape)}, {tuple(sigma1.shape)}, {tuple(sigma2.shape)}")
    mu1, mu2 = mu1.to(torch.float64), mu2.to(torch.float64)
    s1 = sigma1.to(torch.float64)
    s2 = sigma2.to(torch.float64)
    s1, s2 = 0.5 * (s1 + s1.T), 0.5 * (s2 + s2.T)               # exact symmetry for eigh

    def nonzero(lam):
        # below D·eps·max|λ|: the rounding noise of a zero eigenvalue (the backward error bound of a
        # symmetric eigensolver is ~ D·eps·‖A‖₂; Golub & Van Loan 2013, §8.4)
        floor = lam.abs().max() * lam.shape[-1] * torch.finfo(lam.dtype).eps
        return torch.where(lam > floor, lam, torch.zeros_like(lam))

    def psd_part(s):
        # (B with B B^T = s⁺, tr s⁺, s⁺): Cholesky when s is positive definite, else the eigen factor
        # of its PSD part (rank-deficient covariances, e.g. fewer samples than dimensions)
        chol, info = torch.linalg.cholesky_ex(s)
        if int(info) == 0:
            return chol, torch.trace(s), s
        lam, vecs = torch.linalg.eigh(s)
        lam = nonzero(lam)
        return vecs * torch.sqrt(lam), lam.sum(), (vecs * lam) @ vecs.T

    b, tr1, _ = psd_part(s1)                                     # (1) B B^T = Σ1⁺
    _, tr2, s2 = psd_part(s2)
    m = b.T @ s2 @ b                                             # (2)
    m = 0.5 * (m + m.T)
    tr_sqrt = torch.sqrt(nonzero(torch.linalg.eigvalsh(m))).sum()  # (3)
    diff = mu1 - mu2
    d2 = diff @ diff + tr1 + tr2 - 2.0 * tr_sqrt
    return torch.clamp(d2, min=0.0)                              # d² >= 0: a rounding residue below 0 is 0


# ----------------------------------------------------------------------------- public FID utilities
class FeatureStatistics:
    """Streaming mean and covariance of feature batches, accumulated in float64.

    Batches are merged with Chan et al.'s pairwise update (each batch is centred on its own
    mean in float64 before its scatter matrix is formed), so float32 features with a large
    common offset do not cancel catastrophically (case C03).  The result equals
    :func:`feature_statistics` of the concatenated features.

    Example::

        stats = FeatureStatistics()
        for batch in loader:
            stats.update(extractor(batch))      # (B, D) features, any float dtype
        mu, sigma = stats.compute()
    """

    def __init__(self) -> None:
        self.n = 0
        self.mean: Optional[torch.Tensor] = None     # (D,) float64
        self.scatter: Optional[torch.Tensor] = None  # (D, D) float64, Σ (x - mean)(x - mean)^T

    def update(self, features: torch.Tensor) -> "FeatureStatistics":
        """Add a (B, D) batch (B >= 1); returns self."""
        _matrix("features", features, rows=1)
        x = features.detach().to(device="cpu", dtype=torch.float64)
        if self.mean is not None and x.shape[1] != self.mean.shape[0]:
            raise ValueError(f"feature dimension changed: {self.mean.shape[0]} before, {x.shape[1]} now")
        b = x.shape[0]
        mean_b = x.mean(dim=0)
        xc = x - mean_b
        scatter_b = xc.T @ xc
        if self.mean is None:
            self.n, self.mean, self.scatter = b, mean_b, scatter_b
            return self
        n = self.n + b
        delta = mean_b - self.mean
        # Chan, Golub & LeVeque (1979): M2 = M2_a + M2_b + δ δ^T n_a n_b / n
        self.scatter = self.scatter + scatter_b + torch.outer(delta, delta) * (self.n * b / n)
        self.mean = self.mean + delta * (b / n)
        self.n = n
        return self

    def compute(self) -> tuple[torch.Tensor, torch.Tensor]:
        """(mu (D,), sigma (D, D)) in float64, sigma unbiased (divides by N - 1)."""
        if self.n < 2:
            raise ValueError(f"need at least 2 feature vectors, got {self.n}")
        return self.mean.clone(), self.scatter / (self.n - 1)


def fid_from_features(features_a, features_b) -> torch.Tensor:
    """Fréchet distance between two sets of features.

    Args:
        features_a, features_b: (N, D) tensors, or iterables of (B, D) batches (streamed in float64).

    Returns:
        0-d float64 tensor.
    """
    def stats(f):
        acc = FeatureStatistics()
        for batch in ([f] if isinstance(f, torch.Tensor) else f):
            acc.update(batch)
        return acc.compute()
    return frechet_distance(*stats(features_a), *stats(features_b))


def compute_fid(feature_extractor: Callable[[torch.Tensor], torch.Tensor], batches_a: Iterable[torch.Tensor],
                batches_b: Iterable[torch.Tensor], device: Optional[torch.device] = None) -> torch.Tensor:
    """FID-style distance between two image sets through any torch feature extractor.

    Every batch goes through ``feature_extractor`` (e.g. an ``nn.Module`` in eval mode: a small
    classifier's penultimate layer here, or an InceptionV3 pool3 network with local weights,
    which gives the usual FID); the features are flattened to (B, D), streamed into
    :class:`FeatureStatistics` in float64 and compared with :func:`frechet_distance`.

    Args:
        feature_extractor: callable (B, ...) -> (B, D) or (B, D, 1, 1) features.
        batches_a, batches_b: iterables of input batches (tensors).
        device: where the extractor runs (the batches are moved there); None keeps them.

    Returns:
        0-d float64 tensor.
    """
    stats = []
    with torch.no_grad():
        for batches in (batches_a, batches_b):
            acc = FeatureStatistics()
            for batch in batches:
                if device is not None:
                    batch = batch.to(device)
                feats = feature_extractor(batch)
                acc.update(feats.reshape(feats.shape[0], -1))
            stats.append(acc.compute())
    return frechet_distance(*stats[0], *stats[1])
