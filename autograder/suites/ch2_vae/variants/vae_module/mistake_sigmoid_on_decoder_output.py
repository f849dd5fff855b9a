# title: sigmoid on the decoder output
# title_ja: デコーダの出力に sigmoid をかけた
# diagnosis: Your decoder returns probabilities (sigmoid(fc4(...))) where the spec asks for logits: the loss applies the sigmoid itself (binary_cross_entropy_with_logits), so a sigmoid here is applied twice.
# diagnosis_ja: デコーダが仕様のロジットではなく確率 sigmoid(fc4(...)) を返しています。損失（binary_cross_entropy_with_logits）が内部で sigmoid をかけるので、ここでかけると 2 回かかります。
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
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z))))

    def forward(self, x, eps=None):
        mu, logvar = self.encode(x)
        if eps is None:
            eps = torch.randn_like(mu)
        return self.decode(reparameterize(mu, logvar, eps)), mu, logvar
