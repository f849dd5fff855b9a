# title: ReLU on logvar
# title_ja: logvar に ReLU をかけた
# diagnosis: Your logvar goes through a ReLU (or the same activation as the hidden layer): log σ² must be able to be negative (σ < 1), so fc22's output is used without an activation.
# diagnosis_ja: logvar に ReLU（隠れ層と同じ活性化）がかかっています。log σ² は負（σ < 1）にもなれる必要があるので、fc22 の出力は活性化なしで使います。
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
        return self.fc21(h), F.relu(self.fc22(h))

    def decode(self, z):
        return self.fc4(F.relu(self.fc3(z)))

    def forward(self, x, eps=None):
        mu, logvar = self.encode(x)
        if eps is None:
            eps = torch.randn_like(mu)
        return self.decode(reparameterize(mu, logvar, eps)), mu, logvar
