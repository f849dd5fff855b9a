# title: pixel norm over the batch dimension
# title_ja: バッチ方向で pixel norm をとった
# diagnosis: Your pixel norm averages z^2 over the batch (dim 0); it normalises each sample over its features (dim 1).
# diagnosis_ja: pixel norm がバッチ方向（dim 0）で z² を平均しています。各サンプルを特徴の次元（dim 1）で正規化します。
class MappingNetwork(nn.Module):
    """StyleGAN mapping network f: Z -> W [STYLE] Sec. 2 (without equalised learning rate).

    1. Normalise z per sample to unit second moment ("pixel norm"):
       ``z / sqrt(mean_j z_j^2 + 1e-8)`` over the feature dimension.
    2. ``n_layers`` fully connected layers, each followed by LeakyReLU(0.2)
       (the last one included), as ``self.net = nn.Sequential(Linear, LeakyReLU, ...)``:
       state_dict keys ``net.0.weight``, ``net.0.bias``, ``net.2.weight``, ...,
       ``net.{2 (n_layers - 1)}.bias``; first Linear(z_dim, w_dim), then Linear(w_dim, w_dim).

    Args:
        z_dim, w_dim: sizes (int >= 1). n_layers: int >= 1 (StyleGAN uses 8).

    Forward:
        z: float tensor (B, z_dim)  ->  w: (B, w_dim).
    """

    def __init__(self, z_dim: int = 16, w_dim: int = 16, n_layers: int = 4):
        super().__init__()
        if n_layers < 1:
            raise ValueError(f"n_layers must be >= 1, got {n_layers}")
        layers = []
        for i in range(n_layers):
            layers += [nn.Linear(z_dim if i == 0 else w_dim, w_dim), nn.LeakyReLU(0.2)]
        self.net = nn.Sequential(*layers)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        z = z * torch.rsqrt(z.pow(2).mean(dim=0, keepdim=True) + 1e-8)  # (1) pixel norm, (B, z_dim)
        return self.net(z)                                                # (2) MLP, (B, w_dim)


def style_mixing(w1: torch.Tensor, w2: torch.Tensor, crossover: torch.Tensor, n_styles: int) -> torch.Tensor:
    """Style mixing regularisation [STYLE] Sec. 3.1: per-layer styles from two latents.

    Layer ``i`` (0 = coarsest) of sample ``b`` takes ``w1[b]`` when ``i < crossover[b]``
    and ``w2[b]`` otherwise; ``crossover = n_styles`` means no mixing, ``0`` means all ``w2``.

    Args:
        w1, w2: float tensors (B, w_dim).
        crossover: int64 tensor (B,), values in [0, n_styles].
        n_styles: number of style inputs (synthesis layers), int >= 1.

    Returns:
        tensor (B, n_styles, w_dim).

    Raises:
        ValueError: mismatching shapes or crossover out of range.
    """
    if w1.shape != w2.shape or w1.dim() != 2:
        raise ValueError(f"w1 and w2 must both have shape (B, w_dim), got {tuple(w1.shape)} and {tuple(w2.shape)}")
    if crossover.shape != (w1.shape[0],):
        raise ValueError(f"crossover must have shape (B,) = ({w1.shape[0]},), got {tuple(crossover.shape)}")
    if bool(((crossover < 0) | (crossover > n_styles)).any()):
        raise ValueError(f"crossover values must lie in [0, n_styles={n_styles}], got {crossover.tolist()}")
    layer = torch.arange(n_styles, device=w1.device)                 # (n_styles,)
    use_w1 = layer[None, :] < crossover[:, None].to(w1.device)        # (B, n_styles)
    return torch.where(use_w1[:, :, None], w1[:, None, :], w2[:, None, :])  # (B, n_styles, w_dim)
