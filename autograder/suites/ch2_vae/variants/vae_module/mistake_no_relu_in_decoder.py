# title: no ReLU after fc3
# title_ja: fc3 の後の ReLU を忘れた
# diagnosis: Your decoder has no activation between fc3 and fc4, so it is a single linear map of z: apply ReLU after fc3 (logits = fc4(relu(fc3(z)))).
# diagnosis_ja: デコーダの fc3 と fc4 の間に活性化がないため、z の 1 つの線形写像になっています。fc3 の後に ReLU をかけてください（logits = fc4(relu(fc3(z)))）。
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
        return self.fc4(self.fc3(z))

    def forward(self, x, eps=None):
        mu, logvar = self.encode(x)
        if eps is None:
            eps = torch.randn_like(mu)
        return self.decode(reparameterize(mu, logvar, eps)), mu, logvar
