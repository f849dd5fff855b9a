# title: nn.ReLU modules as attributes, flatten of image input, tuple built from dict
# title_ja: nn.ReLU を属性として持ち、画像入力を平坦化する版
class VAE(nn.Module):
    def __init__(self, input_dim=64, hidden_dim=128, latent_dim=2):
        super().__init__()
        self.input_dim = input_dim
        self.fc1 = nn.Linear(input_dim, hidden_dim)
        self.fc21 = nn.Linear(hidden_dim, latent_dim)
        self.fc22 = nn.Linear(hidden_dim, latent_dim)
        self.fc3 = nn.Linear(latent_dim, hidden_dim)
        self.fc4 = nn.Linear(hidden_dim, input_dim)
        self.act_enc = nn.ReLU()  # no parameters: state_dict keys unchanged
        self.act_dec = nn.ReLU()

    def encode(self, x):
        x = x.reshape(-1, self.input_dim)  # (B, 8, 8) images are accepted too
        h = self.act_enc(self.fc1(x))
        mu = self.fc21(h)
        logvar = self.fc22(h)
        return mu, logvar

    def decode(self, z):
        hidden = self.act_dec(self.fc3(z))
        return self.fc4(hidden)

    def forward(self, x, eps=None):
        mu, logvar = self.encode(x)
        if eps is None:
            eps = torch.randn_like(mu)
        out = {"logits": self.decode(reparameterize(mu, logvar, eps)), "mu": mu, "logvar": logvar}
        return out["logits"], out["mu"], out["logvar"]
