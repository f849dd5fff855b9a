# title: step-size ratio inverted
# title_ja: ステップ幅の比を逆にした
# diagnosis: Your step size looks like step_size * sigma_L^2 / sigma_i^2; it should grow with the noise level: step_size * sigma_i^2 / sigma_L^2.
# diagnosis_ja: ステップ幅が step_size * σ_L² / σ_i² になっているようです。ノイズレベルとともに大きくなる step_size * σ_i² / σ_L² が正しいです。
def annealed_langevin(score_fn, x: torch.Tensor, sigmas: torch.Tensor, step_size: float,
                      noise: torch.Tensor) -> torch.Tensor:
    sig = torch.as_tensor(sigmas, dtype=torch.float64)
    for i in range(noise.shape[0]):
        alpha = step_size * (sig[-1] / sig[i]) ** 2              # (1) alpha_i
        for j in range(noise.shape[1]):
            # (2) Langevin update with the level's score
            x = x + 0.5 * float(alpha) * score_fn(x, float(sig[i])) + math.sqrt(float(alpha)) * noise[i, j]
    return x
