# title: result detached from the graph
# title_ja: 結果を計算グラフから切り離した（detach）
# diagnosis: Your z has the right values but is detached from mu and logvar (.detach()), so no gradient reaches the encoder; the point of the trick is that z stays differentiable.
# diagnosis_ja: z の値は正しいのですが mu と logvar から切り離されている（.detach()）ため、エンコーダに勾配が届きません。このトリックの目的は z を微分可能なままにすることです。
def reparameterize(mu, logvar, eps):
    std = torch.exp(0.5 * logvar)
    z = mu + std * eps
    return z.detach()
