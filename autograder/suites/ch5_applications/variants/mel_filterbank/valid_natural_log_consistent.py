# title: mel scale written with natural logs (consistent both ways)
# title_ja: 自然対数で書いたメル尺度（往復で一貫）
# diagnosis: valid: 1127 * ln(1 + f/700) is the same HTK scale (2595 / ln 10 = 1127.01...), inverted with exp.
# diagnosis_ja: 正解: 1127 * ln(1 + f/700) は同じ HTK 尺度（2595 / ln 10 = 1127.01...）で、exp で逆変換
import math


def mel_filterbank(sample_rate, n_fft, n_mels, f_min=0.0, f_max=None, norm=None, dtype=torch.float32):
    f_max = sample_rate / 2.0 if f_max is None else f_max
    k = 2595.0 / math.log(10.0)
    mel = lambda f: k * torch.log1p(torch.as_tensor(f, dtype=torch.float64) / 700.0)
    pts = torch.linspace(float(mel(f_min)), float(mel(f_max)), n_mels + 2, dtype=torch.float64)
    hz = 700.0 * torch.expm1(pts / k)
    freqs = torch.linspace(0, sample_rate / 2.0, n_fft // 2 + 1, dtype=torch.float64)
    out = torch.zeros(n_mels, n_fft // 2 + 1, dtype=torch.float64)
    for i in range(n_mels):
        up = (freqs - hz[i]) / (hz[i + 1] - hz[i])
        down = (hz[i + 2] - freqs) / (hz[i + 2] - hz[i + 1])
        out[i] = torch.clamp(torch.minimum(up, down), min=0)
        if norm == "slaney":
            out[i] *= 2.0 / (hz[i + 2] - hz[i])
    return out.to(dtype)
