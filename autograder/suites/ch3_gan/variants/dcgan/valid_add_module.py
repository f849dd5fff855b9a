# title: layers added one by one with add_module, init through parameters
# title_ja: add_module で層を追加、パラメータ経由の初期化
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
import sys


class DCGANGenerator(nn.Module):
    def __init__(self, z_dim=16, base_channels=8, out_channels=1):
        super().__init__()
        c = base_channels
        chans = [z_dim, 4 * c, 2 * c, c]
        self.net = nn.Sequential()
        idx = 0
        for i in range(3):
            self.net.add_module(str(idx), nn.ConvTranspose2d(chans[i], chans[i + 1], 4, 1 if i == 0 else 2,
                                                             0 if i == 0 else 1, bias=False))
            self.net.add_module(str(idx + 1), nn.BatchNorm2d(chans[i + 1]))
            self.net.add_module(str(idx + 2), nn.ReLU(inplace=True))
            idx += 3
        self.net.add_module(str(idx), nn.ConvTranspose2d(c, out_channels, 4, 2, 1, bias=False))
        self.net.add_module(str(idx + 1), nn.Tanh())

    def forward(self, z):
        return self.net(z.view(z.size(0), z.size(1), 1, 1))


class DCGANDiscriminator(nn.Module):
    def __init__(self, in_channels=1, base_channels=8):
        super().__init__()
        c = base_channels
        self.net = nn.Sequential(
            nn.Conv2d(in_channels, c, kernel_size=4, stride=2, padding=1, bias=False),
            nn.LeakyReLU(negative_slope=0.2, inplace=True),
            nn.Conv2d(c, 2 * c, kernel_size=4, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(2 * c),
            nn.LeakyReLU(negative_slope=0.2, inplace=True),
            nn.Conv2d(2 * c, 4 * c, kernel_size=4, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(4 * c),
            nn.LeakyReLU(negative_slope=0.2, inplace=True),
            nn.Conv2d(4 * c, 1, kernel_size=4, stride=1, padding=0, bias=False),
        )

    def forward(self, x):
        return self.net(x).flatten()


def dcgan_init_(module, generator):
    print("initialising", type(module).__name__, file=sys.stderr)
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
                m.weight.copy_(0.02 * torch.randn(m.weight.shape, generator=generator))
            elif isinstance(m, nn.BatchNorm2d):
                m.weight.copy_(1.0 + 0.02 * torch.randn(m.weight.shape, generator=generator))
                m.bias.zero_()
    return module
