# title: noise scaled by alpha instead of sqrt(alpha)
# title_ja: ノイズを sqrt(alpha) ではなく alpha 倍した
# diagnosis: Your update looks like it adds alpha * z; the noise of a Langevin step is sqrt(alpha) * z.
# diagnosis_ja: 更新で alpha * z を加えているようです。Langevin の 1 ステップのノイズは sqrt(alpha) * z です。
def annealed_langevin(score_fn, x: torch.Tensor, sigmas: torch.Tensor, step_size: float,
                      noise: torch.Tensor) -> torch.Tensor:
    sig = torch.as_tensor(sigmas, dtype=torch.float64)
    for i in range(noise.shape[0]):
        alpha = step_size * (sig[i] / sig[-1]) ** 2              # (1) alpha_i
        for j in range(noise.shape[1]):
            # (2) Langevin update with the level's score
            x = x + 0.5 * float(alpha) * score_fn(x, float(sig[i])) + float(alpha) * noise[i, j]
    return x
