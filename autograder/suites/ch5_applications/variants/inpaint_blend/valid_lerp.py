# title: torch.lerp from the known to the generated sample
# title_ja: 既知サンプルから生成サンプルへの torch.lerp
# diagnosis: valid: lerp(x_known, x_gen, mask) = x_known + mask * (x_gen - x_known).
# diagnosis_ja: 正解: lerp(x_known, x_gen, mask) = x_known + mask * (x_gen - x_known)
def inpaint_blend(x_gen, x0_known, noise, mask, alpha_bar):
    a = torch.as_tensor(alpha_bar, dtype=x_gen.dtype).view(-1, *([1] * (x_gen.dim() - 1)))
    x_known = torch.sqrt(a) * x0_known + torch.sqrt(1 - a) * noise
    return torch.lerp(x_known, x_gen, mask.expand_as(x_gen).to(x_gen.dtype))
