# title: refuses float32 inputs (asserts float64)
# title_ja: float32 の入力を拒否した（float64 を assert）
# diagnosis: Your KL refuses float32 inputs: the exercise accepts any floating dtype and keeps it.
# diagnosis_ja: float32 の入力を受け付けていません。課題はどの浮動小数点型も受け付け、その dtype を保ちます。
def gaussian_kl(mu, logvar):
    if mu.dtype != torch.float64:
        raise TypeError(f"gaussian_kl expects float64 inputs, got {mu.dtype}")
    return -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=-1)
