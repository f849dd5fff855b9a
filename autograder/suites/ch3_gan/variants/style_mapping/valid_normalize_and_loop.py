# title: F.normalize pixel norm, loop over layers
# title_ja: F.normalize による pixel norm、層ごとのループ
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
class MappingNetwork(nn.Module):
    def __init__(self, z_dim=16, w_dim=16, n_layers=4):
        super().__init__()
        mods = []
        for i in range(n_layers):
            mods.append(nn.Linear(w_dim if i else z_dim, w_dim))
            mods.append(nn.LeakyReLU(negative_slope=0.2, inplace=True))
        self.net = nn.Sequential(*mods)

    def forward(self, z):
        z = F.normalize(z, dim=1) * z.shape[1] ** 0.5
        return self.net(z)


def style_mixing(w1, w2, crossover, n_styles):
    rows = []
    for b in range(w1.shape[0]):
        k = int(crossover[b])
        rows.append(torch.stack([w1[b] if i < k else w2[b] for i in range(n_styles)]))
    return torch.stack(rows)
