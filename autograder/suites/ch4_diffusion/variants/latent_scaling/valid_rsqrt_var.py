# title: reciprocal multiply and var().rsqrt()
# title_ja: 逆数の乗算と var().rsqrt()
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
def encode_latents(z, scaling_factor=0.18215, shift_factor=0.0):
    return scaling_factor * z - scaling_factor * shift_factor


def decode_latents(z, scaling_factor=0.18215, shift_factor=0.0):
    return z * (1.0 / scaling_factor) + shift_factor


def estimate_scaling_factor(latents):
    return latents.reshape(-1).var().rsqrt()
