# title: float64 pixel norm and a float mask for mixing
# title_ja: float64 の pixel norm と浮動小数のマスクによるミキシング
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
import sys


class MappingNetwork(nn.Module):
    def __init__(self, z_dim=16, w_dim=16, n_layers=4):
        super().__init__()
        layers = []
        for i in range(n_layers):
            layers.extend([nn.Linear(z_dim if i == 0 else w_dim, w_dim), nn.LeakyReLU(0.2)])
        self.net = nn.Sequential(*layers)

    def forward(self, z):
        z64 = z.double()
        z = (z64 / torch.sqrt((z64 * z64).mean(dim=-1, keepdim=True) + 1e-8)).to(z.dtype)
        return self.net(z)


def style_mixing(w1, w2, crossover, n_styles):
    print("style mixing with crossover", crossover.tolist(), file=sys.stderr)
    mask = (torch.arange(n_styles).unsqueeze(0) < crossover.unsqueeze(1)).to(w1.dtype).unsqueeze(-1)
    return mask * w1.unsqueeze(1) + (1 - mask) * w2.unsqueeze(1)
