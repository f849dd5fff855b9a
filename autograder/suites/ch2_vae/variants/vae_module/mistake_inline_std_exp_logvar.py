# title: forward samples z with std = exp(logvar) instead of calling reparameterize
# title_ja: forward で reparameterize を使わず std = exp(logvar) で z を作った
# diagnosis: Your forward computes z itself as mu + exp(logvar) * eps: exp(logvar) is the variance; use reparameterize(mu, logvar, eps) (σ = exp(0.5 * logvar)).
# diagnosis_ja: forward の中で z = mu + exp(logvar) * eps と計算しています。exp(logvar) は分散です。reparameterize(mu, logvar, eps) を使ってください（σ = exp(0.5 * logvar)）。
class VAE(nn.Module):
    def __init__(self, input_dim=64, hidden_dim=128, latent_dim=2):
        super().__init__()
        self.fc1 = nn.Linear(input_dim, hidden_dim)
        self.fc21 = nn.Linear(hidden_dim, latent_dim)
        self.fc22 = nn.Linear(hidden_dim, latent_dim)
        self.fc3 = nn.Linear(latent_dim, hidden_dim)
        self.fc4 = nn.Linear(hidden_dim, input_dim)

    def encode(self, x):
        h = F.relu(self.fc1(x))
        return self.fc21(h), self.fc22(h)

    def decode(self, z):
        return self.fc4(F.relu(self.fc3(z)))

    def forward(self, x, eps=None):
        mu, logvar = self.encode(x)
        if eps is None:
            eps = torch.randn_like(mu)
        z = mu + torch.exp(logvar) * eps
        return self.decode(z), mu, logvar
