# title: drift alpha * score instead of alpha / 2 * score
# title_ja: ドリフトを alpha / 2 ではなく alpha 倍にした
# diagnosis: Your update looks like x + alpha * score + sqrt(alpha) z; Langevin dynamics uses alpha / 2 in front of the score.
# diagnosis_ja: 更新が x + alpha * score + sqrt(alpha) z になっているようです。Langevin Dynamics ではスコアの係数は alpha / 2 です。
def annealed_langevin(score_fn, x: torch.Tensor, sigmas: torch.Tensor, step_size: float,
                      noise: torch.Tensor) -> torch.Tensor:
    sig = torch.as_tensor(sigmas, dtype=torch.float64)
    for i in range(noise.shape[0]):
        alpha = step_size * (sig[i] / sig[-1]) ** 2              # (1) alpha_i
        for j in range(noise.shape[1]):
            # (2) Langevin update with the level's score
            x = x + float(alpha) * score_fn(x, float(sig[i])) + math.sqrt(float(alpha)) * noise[i, j]
    return x
