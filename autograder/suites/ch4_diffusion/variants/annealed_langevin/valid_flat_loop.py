# title: one flat loop over (level, step) pairs
# title_ja: (レベル, ステップ) の組で 1 重ループ
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
import itertools


def annealed_langevin(score_fn, x, sigmas, step_size, noise):
    L, n_steps = noise.shape[0], noise.shape[1]
    s_last = float(sigmas[-1])
    for i, j in itertools.product(range(L), range(n_steps)):
        s = float(sigmas[i])
        a = step_size * s * s / (s_last * s_last)
        x = x + (a / 2) * score_fn(x, s) + (a ** 0.5) * noise[i][j]
    return x
