# title: F.linear on the layers' parameters, helper methods, inline reparameterization
# title_ja: 層のパラメータに F.linear、補助メソッド、reparameterization をその場で計算
import sys


class VAE(nn.Module):
    def __init__(self, input_dim=64, hidden_dim=128, latent_dim=2):
        super().__init__()
        print(f"VAE({input_dim}, {hidden_dim}, {latent_dim})", file=sys.stderr)
        dims = {"fc1": (input_dim, hidden_dim), "fc21": (hidden_dim, latent_dim), "fc22": (hidden_dim, latent_dim),
                "fc3": (latent_dim, hidden_dim), "fc4": (hidden_dim, input_dim)}
        for name, (n_in, n_out) in dims.items():
            setattr(self, name, nn.Linear(n_in, n_out))
        self.latent_dim = latent_dim

    @staticmethod
    def _lin(layer, x):
        return F.linear(x, layer.weight, layer.bias)

    def encode(self, x):
        h = torch.relu(self._lin(self.fc1, x))
        return self._lin(self.fc21, h), self._lin(self.fc22, h)

    def decode(self, z):
        return self._lin(self.fc4, torch.relu(self._lin(self.fc3, z)))

    def sample(self, n):
        return torch.sigmoid(self.decode(torch.randn(n, self.latent_dim)))

    def forward(self, x, eps=None):
        mu, logvar = self.encode(x)
        eps = torch.randn_like(mu) if eps is None else eps
        z = mu + eps * torch.exp(logvar / 2)
        return self.decode(z), mu, logvar
