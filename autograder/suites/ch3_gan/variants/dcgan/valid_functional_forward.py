# title: same modules, forward written layer by layer
# title_ja: 同じモジュール、forward を層ごとに記述
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
class DCGANGenerator(nn.Module):
    def __init__(self, z_dim=16, base_channels=8, out_channels=1):
        super().__init__()
        c = base_channels
        self.net = nn.Sequential(
            nn.ConvTranspose2d(z_dim, c * 4, 4, 1, 0, bias=False), nn.BatchNorm2d(c * 4), nn.ReLU(),
            nn.ConvTranspose2d(c * 4, c * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(c * 2), nn.ReLU(),
            nn.ConvTranspose2d(c * 2, c, 4, 2, 1, bias=False), nn.BatchNorm2d(c), nn.ReLU(),
            nn.ConvTranspose2d(c, out_channels, 4, 2, 1, bias=False), nn.Tanh())

    def forward(self, z):
        h = z[:, :, None, None] if z.dim() == 2 else z
        for layer in self.net:
            h = layer(h)
        return h


class DCGANDiscriminator(nn.Module):
    def __init__(self, in_channels=1, base_channels=8):
        super().__init__()
        c = base_channels
        self.net = nn.Sequential(
            nn.Conv2d(in_channels, c, 4, 2, 1, bias=False), nn.LeakyReLU(0.2),
            nn.Conv2d(c, c * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(c * 2), nn.LeakyReLU(0.2),
            nn.Conv2d(c * 2, c * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(c * 4), nn.LeakyReLU(0.2),
            nn.Conv2d(c * 4, 1, 4, 1, 0, bias=False))

    def forward(self, x):
        h = x
        for i, layer in enumerate(self.net):
            h = F.leaky_relu(h, 0.2) if isinstance(layer, nn.LeakyReLU) else layer(h)
        return h[:, 0, 0, 0]


def dcgan_init_(module, generator):
    for m in module.modules():
        name = type(m).__name__
        if "Conv" in name:
            nn.init.normal_(m.weight, mean=0.0, std=0.02, generator=generator)
        elif "BatchNorm" in name:
            nn.init.normal_(m.weight, mean=1.0, std=0.02, generator=generator)
            nn.init.constant_(m.bias, 0.0)
    return module
