# title: gather + view in the input dtype, with a warning on stderr
# title_ja: gather + view を入力の dtype で（stderr に警告あり）
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
import warnings


def q_sample(x0, t, noise, alphas_cumprod):
    warnings.warn("q_sample: computing in the input dtype")
    a = alphas_cumprod.to(x0.dtype).gather(0, t.long()).view(-1, *([1] * (x0.dim() - 1)))
    return torch.sqrt(a) * x0 + torch.sqrt(1 - a) * noise
