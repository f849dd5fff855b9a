# title: descriptive layer names instead of the spec's fc1, fc21, fc22, fc3, fc4
# title_ja: 仕様の fc1, fc21, fc22, fc3, fc4 ではなく独自の層名にした
# diagnosis: Your layers have other names (encoder, fc_mu, fc_logvar, ...): the names are the state_dict keys, so a checkpoint in the spec's format (fc1, fc21, fc22, fc3, fc4) cannot be loaded; rename them.
# diagnosis_ja: 層の名前が仕様と違います（encoder、fc_mu、fc_logvar など）。層の名前は state_dict のキーなので、仕様の形式（fc1, fc21, fc22, fc3, fc4）のチェックポイントを読み込めません。名前を変えてください。
class VAE(nn.Module):
    def __init__(self, input_dim=64, hidden_dim=128, latent_dim=2):
        super().__init__()
        self.encoder = nn.Linear(input_dim, hidden_dim)
        self.fc_mu = nn.Linear(hidden_dim, latent_dim)
        self.fc_logvar = nn.Linear(hidden_dim, latent_dim)
        self.decoder_hidden = nn.Linear(latent_dim, hidden_dim)
        self.decoder_out = nn.Linear(hidden_dim, input_dim)

    def encode(self, x):
        h = F.relu(self.encoder(x))
        return self.fc_mu(h), self.fc_logvar(h)

    def decode(self, z):
        return self.decoder_out(F.relu(self.decoder_hidden(z)))

    def forward(self, x, eps=None):
        mu, logvar = self.encode(x)
        if eps is None:
            eps = torch.randn_like(mu)
        return self.decode(reparameterize(mu, logvar, eps)), mu, logvar
