# title: softplus form, computed in float64 and cast back
# title_ja: softplus の形、float64 で計算して元の dtype に戻す
import sys


def bernoulli_recon_loss(logits, x):
    print("bernoulli_recon_loss called with", tuple(logits.shape), file=sys.stderr)
    l64, x64 = logits.double(), x.double()
    # -[x log σ(l) + (1-x) log(1-σ(l))] = softplus(l) - x l
    out = (F.softplus(l64) - x64 * l64).sum(dim=-1)
    return out.to(logits.dtype)


def gaussian_recon_loss(mean, x, logvar):
    m64, x64 = mean.double(), x.double()
    lv = torch.as_tensor(logvar, dtype=torch.float64, device=mean.device)
    nll = 0.5 * math.log(2 * math.pi) + 0.5 * lv + 0.5 * (x64 - m64) ** 2 * torch.exp(-lv)
    return nll.sum(dim=-1).to(mean.dtype)
