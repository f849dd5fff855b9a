# title: mu and logvar both from fc21 (copy-paste)
# title_ja: mu と logvar の両方を fc21 から計算した（コピー＆ペースト）
# diagnosis: Your logvar equals your mu: both come from fc21; logvar is fc22(h).
# diagnosis_ja: logvar が mu と同じ値です。どちらも fc21 から計算されています。logvar は fc22(h) です。
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
        return self.fc21(h), self.fc21(h)

    def decode(self, z):
        return self.fc4(F.relu(self.fc3(z)))

    def forward(self, x, eps=None):
        mu, logvar = self.encode(x)
        if eps is None:
            eps = torch.randn_like(mu)
        return self.decode(reparameterize(mu, logvar, eps)), mu, logvar
