# title: biased standard deviation
# title_ja: 不偏でない標準偏差を使った
# diagnosis: Your estimate_scaling_factor looks like it uses the biased std (divide by n); the exercise uses torch's default unbiased std (divide by n - 1).
# diagnosis_ja: estimate_scaling_factor が n で割る標準偏差を使っているようです。この課題では torch 既定の不偏標準偏差（n - 1 で割る）を使います。
# copy: encode_latents, decode_latents, estimate_scaling_factor
#@@
#=def estimate_scaling_factor(latents: torch.Tensor) -> torch.Tensor:
#-    return 1.0 / latents.flatten().std()
#+    return 1.0 / latents.flatten().std(unbiased=False)
#=
