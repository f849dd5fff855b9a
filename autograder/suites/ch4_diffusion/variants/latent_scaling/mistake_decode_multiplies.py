# title: decode multiplies by the scaling factor again
# title_ja: decode でもう一度 scaling_factor を掛けた
# diagnosis: Your decode_latents looks like z * scaling_factor + shift; decoding undoes the scaling: z / scaling_factor + shift.
# diagnosis_ja: decode_latents が z * scaling_factor + shift になっているようです。decode はスケーリングを元に戻すので z / scaling_factor + shift です。
# copy: encode_latents, decode_latents, estimate_scaling_factor
#@@
#=def decode_latents(z: torch.Tensor, scaling_factor: float = 0.18215, shift_factor: float = 0.0) -> torch.Tensor:
#-    return z / scaling_factor + shift_factor
#+    return z * scaling_factor + shift_factor
#=
