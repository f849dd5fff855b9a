# title: slerp without the (anti)parallel fallback
# title_ja: slerp で平行・反平行のときの代替がない
# diagnosis: Your slerp divides by sin Ω even when the codes are (anti)parallel, where sin Ω is 0 (NaN or huge values); fall back to linear interpolation when |sin Ω| < 1e-7.
# diagnosis_ja: 符号が平行・反平行で sin Ω が 0 のときも sin Ω で割っています（NaN や巨大な値）。|sin Ω| < 1e-7 のときは線形補間にしてください。
# copy: interpolate_latents
#@@
#=    so = torch.sin(omega)
#-    if float(so.abs()) < 1e-7:
#-        return z0[None] + t * (z1 - z0)[None]
#=    # 2. slerp(z0, z1; t) = sin((1-t) Ω)/sin Ω z0 + sin(t Ω)/sin Ω z1
