# title: step-size ratio inverted
# title_ja: ステップ幅の比を逆にした
# diagnosis: Your step size looks like step_size * sigma_L^2 / sigma_i^2; it should grow with the noise level: step_size * sigma_i^2 / sigma_L^2.
# diagnosis_ja: ステップ幅が step_size * σ_L² / σ_i² になっているようです。ノイズレベルとともに大きくなる step_size * σ_i² / σ_L² が正しいです。
# copy: annealed_langevin
#@@
#=    for i in range(noise.shape[0]):
#-        alpha = step_size * (sig[i] / sig[-1]) ** 2              # (1) alpha_i
#+        alpha = step_size * (sig[-1] / sig[i]) ** 2              # (1) alpha_i
#=        for j in range(noise.shape[1]):
