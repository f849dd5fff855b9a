# title: the same step size at every level
# title_ja: 全レベルで同じステップ幅を使った
# diagnosis: Your step size looks constant; annealed Langevin uses alpha_i = step_size * sigma_i^2 / sigma_L^2, larger steps at larger noise.
# diagnosis_ja: ステップ幅が一定になっているようです。アニーリング Langevin では alpha_i = step_size * σ_i² / σ_L² で、ノイズが大きいほど大きく進みます。
# copy: annealed_langevin
#@@
#=    for i in range(noise.shape[0]):
#-        alpha = step_size * (sig[i] / sig[-1]) ** 2              # (1) alpha_i
#+        alpha = torch.tensor(step_size)              # (1) alpha_i
#=        for j in range(noise.shape[1]):
