# title: forward draws its own noise and ignores eps
# title_ja: forward が eps を無視して自分でノイズを生成した
# diagnosis: Your forward ignores the eps argument (it always draws torch.randn_like(mu)): use the given eps and draw noise only when eps is None.
# diagnosis_ja: forward が引数 eps を無視しています（常に torch.randn_like(mu) を生成）。渡された eps を使い、eps が None のときだけノイズを生成してください。
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
        noise = torch.randn_like(mu)
        return self.decode(reparameterize(mu, logvar, noise)), mu, logvar
