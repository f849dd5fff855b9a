# title: squared norm per sample averaged over the batch
# title_ja: サンプルごとの二乗ノルムをバッチで平均した
# diagnosis: Your loss looks like the batch mean of ||eps - eps_hat||^2 (a sum over the features); take the mean over every element instead.
# diagnosis_ja: 損失が ||eps - eps_hat||² のバッチ平均（特徴次元で和）になっているようです。全要素について平均をとってください。
def epsilon_loss(eps_model, x0: torch.Tensor, t: torch.Tensor, noise: torch.Tensor,
                 alphas_cumprod: torch.Tensor) -> torch.Tensor:
    a = alphas_cumprod.to(x0.dtype)[t].reshape(-1, *([1] * (x0.dim() - 1)))  # (B, 1, ..., 1)
    x_t = a.sqrt() * x0 + (1 - a).sqrt() * noise           # (1) [DDPM] eq. 4
    return ((eps_model(x_t, t) - noise) ** 2).flatten(1).sum(1).mean()    # (2) [DDPM] eq. 14
