# title: torch.addcmul with a helper, prints to stderr
# title_ja: ヘルパー関数と torch.addcmul、stderr への出力つき
import sys


def _std_from_logvar(logvar):
    return logvar.mul(0.5).exp()


def reparameterize(mu, logvar, eps):
    print(f"reparameterize: batch shape {tuple(mu.shape)}", file=sys.stderr)
    return torch.addcmul(mu, _std_from_logvar(logvar), eps)
