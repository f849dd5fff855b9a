# title: method="slerp" ignored (always linear)
# title_ja: method="slerp" を無視した（常に線形補間）
# diagnosis: Your slerp result equals the linear interpolation: handle method="slerp" with sin((1-t)Ω)/sin Ω z0 + sin(tΩ)/sin Ω z1, Ω the angle between z0 and z1.
# diagnosis_ja: slerp の結果が線形補間と同じです。method="slerp" のときは sin((1-t)Ω)/sin Ω z0 + sin(tΩ)/sin Ω z1（Ω は z0 と z1 のなす角）を計算してください。
def interpolate_latents(z0, z1, num_steps, method="linear"):
    t = torch.linspace(0, 1, num_steps, dtype=z0.dtype)[:, None]
    return z0[None] + t * (z1 - z0)[None]
