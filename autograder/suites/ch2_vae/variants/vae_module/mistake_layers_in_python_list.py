# title: layers kept in a plain Python list (not registered)
# title_ja: 層を Python のリストに入れた（登録されない）
# diagnosis: Your layers are stored in a plain Python list, so nn.Module does not register them: they are missing from state_dict() and parameters() (the optimizer never sees them); assign each layer as an attribute (self.fc1 = ...).
# diagnosis_ja: 層が Python のリストに入っているため、nn.Module に登録されません。state_dict() と parameters() に現れず、オプティマイザからも見えません。各層を属性（self.fc1 = ...）として代入してください。
class VAE(nn.Module):
    def __init__(self, input_dim=64, hidden_dim=128, latent_dim=2):
        super().__init__()
        self.layers = [nn.Linear(input_dim, hidden_dim), nn.Linear(hidden_dim, latent_dim),
                       nn.Linear(hidden_dim, latent_dim), nn.Linear(latent_dim, hidden_dim),
                       nn.Linear(hidden_dim, input_dim)]

    def encode(self, x):
        h = F.relu(self.layers[0](x))
        return self.layers[1](h), self.layers[2](h)

    def decode(self, z):
        return self.layers[4](F.relu(self.layers[3](z)))

    def forward(self, x, eps=None):
        mu, logvar = self.encode(x)
        if eps is None:
            eps = torch.randn_like(mu)
        return self.decode(reparameterize(mu, logvar, eps)), mu, logvar
