# title: prediction compared with x0 instead of the noise
# title_ja: 予測をノイズではなく x0 と比べた
# diagnosis: Your loss looks like the error between eps_model(x_t, t) and x0; the network predicts the noise, so the target is noise.
# diagnosis_ja: 損失が eps_model(x_t, t) と x0 の誤差になっているようです。ネットワークはノイズを予測するので、目標は noise です。
def epsilon_loss(eps_model, x0: torch.Tensor, t: torch.Tensor, noise: torch.Tensor,
                 alphas_cumprod: torch.Tensor) -> torch.Tensor:
    a = alphas_cumprod.to(x0.dtype)[t].reshape(-1, *([1] * (x0.dim() - 1)))  # (B, 1, ..., 1)
    x_t = a.sqrt() * x0 + (1 - a).sqrt() * noise           # (1) [DDPM] eq. 4
    return torch.mean((eps_model(x_t, t) - x0) ** 2)    # (2) [DDPM] eq. 14
