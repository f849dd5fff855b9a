# title: LeakyReLU with the default slope 0.01
# title_ja: LeakyReLU の傾きが既定値 0.01
# diagnosis: Your discriminator's LeakyReLU uses PyTorch's default slope 0.01; DCGAN uses 0.2.
# diagnosis_ja: Discriminator の LeakyReLU が PyTorch の既定値 0.01 の傾きです。DCGAN は 0.2 を使います。
class DCGANGenerator(nn.Module):
    """DCGAN generator [DCGAN] for 32x32 images.

    Spec (c = ``base_channels``; all transposed convs kernel 4, ``bias=False``),
    as ``self.net = nn.Sequential(...)`` with exactly these indices (they are the
    ``state_dict`` keys ``net.0.weight``, ``net.1.weight``, ``net.1.bias``,
    ``net.1.running_mean``, ...):

    ====  ===============================================  ==============
    idx   layer                                            output shape
    ====  ===============================================  ==============
    0     ConvTranspose2d(z_dim, 4c, 4, stride 1, pad 0)   (B, 4c, 4, 4)
    1     BatchNorm2d(4c)
    2     ReLU
    3     ConvTranspose2d(4c, 2c, 4, stride 2, pad 1)      (B, 2c, 8, 8)
    4     BatchNorm2d(2c)
    5     ReLU
    6     ConvTranspose2d(2c, c, 4, stride 2, pad 1)       (B, c, 16, 16)
    7     BatchNorm2d(c)
    8     ReLU
    9     ConvTranspose2d(c, out_channels, 4, 2, 1)        (B, out, 32, 32)
    10    Tanh                                             values in (-1, 1)
    ====  ===============================================  ==============

    No BatchNorm after the last layer.

    Args:
        z_dim: latent size (int >= 1).
        base_channels: c (int >= 1).
        out_channels: image channels (int >= 1).

    Forward:
        z: float tensor (B, z_dim) or (B, z_dim, 1, 1)  ->  (B, out_channels, 32, 32).
    """

    def __init__(self, z_dim: int = 16, base_channels: int = 8, out_channels: int = 1):
        super().__init__()
        c = base_channels
        self.z_dim = z_dim
        self.net = nn.Sequential(
            nn.ConvTranspose2d(z_dim, 4 * c, 4, 1, 0, bias=False),   # (B, 4c, 4, 4)
            nn.BatchNorm2d(4 * c),
            nn.ReLU(),
            nn.ConvTranspose2d(4 * c, 2 * c, 4, 2, 1, bias=False),   # (B, 2c, 8, 8)
            nn.BatchNorm2d(2 * c),
            nn.ReLU(),
            nn.ConvTranspose2d(2 * c, c, 4, 2, 1, bias=False),       # (B, c, 16, 16)
            nn.BatchNorm2d(c),
            nn.ReLU(),
            nn.ConvTranspose2d(c, out_channels, 4, 2, 1, bias=False),  # (B, out, 32, 32)
            nn.Tanh(),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        z = z.reshape(z.shape[0], -1, 1, 1)  # (B, z_dim) -> (B, z_dim, 1, 1)
        return self.net(z)


class DCGANDiscriminator(nn.Module):
    """DCGAN discriminator [DCGAN] for 32x32 images; returns one logit per image.

    Spec (c = ``base_channels``; all convs kernel 4, ``bias=False``; LeakyReLU
    slope 0.2; no BatchNorm on the first layer; no sigmoid at the end), as
    ``self.net = nn.Sequential(...)`` with exactly these indices (state_dict keys
    ``net.0.weight``, ``net.2.weight``, ``net.3.weight``, ``net.3.running_var``, ...):

    ====  ===============================================  ==============
    idx   layer                                            output shape
    ====  ===============================================  ==============
    0     Conv2d(in_channels, c, 4, stride 2, pad 1)       (B, c, 16, 16)
    1     LeakyReLU(0.2)
    2     Conv2d(c, 2c, 4, stride 2, pad 1)                (B, 2c, 8, 8)
    3     BatchNorm2d(2c)
    4     LeakyReLU(0.2)
    5     Conv2d(2c, 4c, 4, stride 2, pad 1)               (B, 4c, 4, 4)
    6     BatchNorm2d(4c)
    7     LeakyReLU(0.2)
    8     Conv2d(4c, 1, 4, stride 1, pad 0)                (B, 1, 1, 1)
    ====  ===============================================  ==============

    Forward:
        x: float tensor (B, in_channels, 32, 32)  ->  logits of shape (B,).
    """

    def __init__(self, in_channels: int = 1, base_channels: int = 8):
        super().__init__()
        c = base_channels
        self.net = nn.Sequential(
            nn.Conv2d(in_channels, c, 4, 2, 1, bias=False),  # (B, c, 16, 16)
            nn.LeakyReLU(),
            nn.Conv2d(c, 2 * c, 4, 2, 1, bias=False),        # (B, 2c, 8, 8)
            nn.BatchNorm2d(2 * c),
            nn.LeakyReLU(),
            nn.Conv2d(2 * c, 4 * c, 4, 2, 1, bias=False),    # (B, 4c, 4, 4)
            nn.BatchNorm2d(4 * c),
            nn.LeakyReLU(),
            nn.Conv2d(4 * c, 1, 4, 1, 0, bias=False),        # (B, 1, 1, 1)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).reshape(-1)  # (B, 1, 1, 1) -> (B,)


def dcgan_init_(module: nn.Module, generator: torch.Generator) -> nn.Module:
    """DCGAN weight initialisation [DCGAN] Sec. 4, in place.

    For every submodule (in ``module.modules()`` order):
    - ``Conv2d`` / ``ConvTranspose2d`` / ``Linear``: weight ~ N(0, 0.02^2); bias (if any) = 0;
    - ``BatchNorm*``: weight ~ N(1, 0.02^2), bias = 0.

    Args:
        module: the network to initialise (modified in place).
        generator: ``torch.Generator`` that supplies all the randomness.

    Returns:
        the same ``module``.
    """
    if not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator, got {type(generator).__name__}")
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
                nn.init.normal_(m.weight, 0.0, 0.02, generator=generator)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.modules.batchnorm._BatchNorm) and m.affine:
                nn.init.normal_(m.weight, 1.0, 0.02, generator=generator)
                nn.init.zeros_(m.bias)
    return module
