# title: librosa-style loop with linspace bin frequencies
# title_ja: librosa 風のループと linspace によるビン周波数
# diagnosis: valid: bin frequencies as linspace(0, sr/2, n_fft//2+1), triangles built filter by filter.
# diagnosis_ja: 正解: ビン周波数を linspace(0, sr/2, n_fft//2+1) で作り、フィルタを 1 つずつ作る
import numpy as np


def mel_filterbank(sample_rate, n_fft, n_mels, f_min=0.0, f_max=None, norm=None, dtype=torch.float32):
    if f_max is None:
        f_max = sample_rate / 2
    fftfreqs = np.linspace(0, sample_rate / 2, n_fft // 2 + 1)
    hz_to_mel = lambda f: 2595.0 * np.log10(1.0 + np.asarray(f) / 700.0)
    mel_to_hz = lambda m: 700.0 * (10.0 ** (np.asarray(m) / 2595.0) - 1.0)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(f_min), hz_to_mel(f_max), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    weights = np.zeros((n_mels, len(fftfreqs)))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    if norm == "slaney":
        weights *= (2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels]))[:, None]
    return torch.from_numpy(weights).to(dtype)
