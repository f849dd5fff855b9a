# title: exact largest singular value instead of the power-iteration estimate
# title_ja: べき乗法の推定値ではなく正確な最大特異値を使った
# diagnosis: Your sigma is the exact spectral norm (SVD / matrix_norm(ord=2)); spectral normalisation uses the power-iteration estimate u^T W v after n_iter steps.
# diagnosis_ja: sigma が正確なスペクトルノルム（SVD / matrix_norm(ord=2)）になっています。Spectral Normalization は n_iter 回のべき乗法の推定値 u^T W v を使います。
def spectral_norm_weight(weight: torch.Tensor, v: torch.Tensor, n_iter: int = 1, *,
                         transposed: bool = False, eps: float = 1e-12):
    """Spectral normalisation by power iteration [SN] Algorithm 1, eq. (8).

    The weight is viewed as a matrix ``W`` of shape (out, rest) whose rows are the
    output units: ``weight.flatten(1)`` for Linear (out, in) and Conv2d
    (out, in, kh, kw); for ConvTranspose2d, whose weight is (in, out, kh, kw), the
    output dimension is 1, so ``W = weight.transpose(0, 1).flatten(1)``.
    Starting from the right vector ``v``, each iteration (``n_iter`` times, in the
    order of ``torch.nn.utils.parametrizations.spectral_norm`` in training mode) is

        u <- normalize(W v),   v <- normalize(W^T u)      (normalize: x / max(||x||, eps))

    then ``sigma = u^T W v`` (with the final u and v) and the result is ``weight / sigma``.
    The power iteration runs without gradient; sigma is differentiable in ``weight``.

    Args:
        weight: float tensor of rank >= 2.
        v: float tensor (rest,) with rest = numel / out: the starting right vector
            (need not be normalised).
        n_iter: number of power iterations, int >= 1.
        transposed: True for a ConvTranspose weight (output dimension 1).
        eps: floor of the norms in ``normalize``.

    Returns:
        (weight_sn, u, v, sigma): tensor shaped like ``weight``; the updated vectors
        u (out,) and v (rest,); the scalar estimate of the largest singular value.

    Raises:
        ValueError: bad rank, v of the wrong length, or n_iter < 1.
    """
    if not (isinstance(weight, torch.Tensor) and weight.is_floating_point()):
        raise TypeError(f"weight must be a floating-point tensor (float32 or float64), got {weight!r:.80}")
    if weight.dim() < 2:
        raise ValueError(f"weight must have rank >= 2, got shape {tuple(weight.shape)}")
    if int(n_iter) < 1:
        raise ValueError(f"n_iter must be >= 1, got {n_iter}")
    w_mat = (weight.transpose(0, 1) if transposed else weight).flatten(1)   # (out, rest)
    if tuple(v.shape) != (w_mat.shape[1],):
        raise ValueError(f"v must have shape (rest,) = ({w_mat.shape[1]},) for a weight of shape "
                         f"{tuple(weight.shape)} (transposed={transposed}), got {tuple(v.shape)}")
    v = v.to(weight.dtype)
    with torch.no_grad():
        for _ in range(int(n_iter)):
            u = F.normalize(w_mat @ v, dim=0, eps=eps)       # (out,)
            v = F.normalize(w_mat.t() @ u, dim=0, eps=eps)   # (rest,)
    sigma = torch.linalg.matrix_norm(w_mat, ord=2)                           # u^T W v, eq. (8)
    return weight / sigma, u, v, sigma
