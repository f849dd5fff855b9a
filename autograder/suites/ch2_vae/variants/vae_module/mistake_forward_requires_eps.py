# title: forward without the eps=None branch
# title_ja: forward で eps=None の場合を扱わなかった
# diagnosis: Your forward fails when eps is None (the spec's default); draw it then: eps = torch.randn_like(mu).
# diagnosis_ja: eps が None（仕様の既定値）のとき forward が失敗します。その場合は eps = torch.randn_like(mu) で生成してください。
# copy: VAE
#@@
#=        mu, logvar = self.encode(x)
#-        if eps is None:
#-            eps = torch.randn_like(mu)
#=        z = reparameterize(mu, logvar, eps)
