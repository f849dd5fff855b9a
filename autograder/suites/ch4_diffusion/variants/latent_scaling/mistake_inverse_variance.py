# title: 1 / variance instead of 1 / std
# title_ja: 標準偏差ではなく分散の逆数にした
# diagnosis: Your estimate_scaling_factor looks like 1 / var; scaling by 1 / std gives unit variance.
# diagnosis_ja: estimate_scaling_factor が 1 / 分散 になっているようです。1 / 標準偏差 でスケーリングすると分散が 1 になります。
# copy: encode_latents, decode_latents, estimate_scaling_factor
#@@
#=def estimate_scaling_factor(latents: torch.Tensor) -> torch.Tensor:
#-    return 1.0 / latents.flatten().std()
#+    return 1.0 / latents.flatten().var()
#=
