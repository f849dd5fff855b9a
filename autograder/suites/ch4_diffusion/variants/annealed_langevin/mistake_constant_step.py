# title: the same step size at every level
# title_ja: 全レベルで同じステップ幅を使った
# diagnosis: Your step size looks constant; annealed Langevin uses alpha_i = step_size * sigma_i^2 / sigma_L^2, larger steps at larger noise.
# diagnosis_ja: ステップ幅が一定になっているようです。アニーリング Langevin では alpha_i = step_size * σ_i² / σ_L² で、ノイズが大きいほど大きく進みます。
def annealed_langevin(score_fn, x: torch.Tensor, sigmas: torch.Tensor, step_size: float,
                      noise: torch.Tensor) -> torch.Tensor:
    sig = torch.as_tensor(sigmas, dtype=torch.float64)
    for i in range(noise.shape[0]):
        alpha = torch.tensor(step_size)              # (1) alpha_i
        for j in range(noise.shape[1]):
            # (2) Langevin update with the level's score
            x = x + 0.5 * float(alpha) * score_fn(x, float(sig[i])) + math.sqrt(float(alpha)) * noise[i, j]
    return x
