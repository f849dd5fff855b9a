# title: f_min ignored (mel points start at 0 Hz)
# title_ja: f_min を無視した（0 Hz から始めた）
# diagnosis: Your lowest filter starts at 0 Hz although f_min > 0: space the mel points between mel(f_min) and mel(f_max).
# diagnosis_ja: f_min > 0 なのに最も低いフィルタが 0 Hz から始まっています。メルの点は mel(f_min) と mel(f_max) の間に等間隔にとってください。
def mel_filterbank(sample_rate, n_fft, n_mels, f_min=0.0, f_max=None, norm=None, dtype=torch.float32):
    if f_max is None:
        f_max = sample_rate / 2.0
    if sample_rate <= 0 or n_fft < 2 or n_mels < 1:
        raise ValueError(f"need sample_rate > 0, n_fft >= 2, n_mels >= 1; got {sample_rate}, {n_fft}, {n_mels}")
    if not 0.0 <= f_min < f_max <= sample_rate / 2.0:
        raise ValueError(f"need 0 <= f_min < f_max <= sample_rate / 2 = {sample_rate / 2.0}; "
                         f"got f_min={f_min}, f_max={f_max}")
    if norm not in (None, "slaney"):
        raise ValueError(f"norm must be None or 'slaney', got {norm!r}")
    m_lo = 0.0  # (1)
    m_hi = 2595.0 * math.log10(1.0 + f_max / 700.0)
    mels = torch.linspace(m_lo, m_hi, n_mels + 2, dtype=torch.float64)  # (2)
    hz = 700.0 * (10.0 ** (mels / 2595.0) - 1.0)  # (n_mels + 2,)
    freqs = torch.arange(n_fft // 2 + 1, dtype=torch.float64) * sample_rate / n_fft  # (K,)
    lower, center, upper = hz[:-2, None], hz[1:-1, None], hz[2:, None]  # (n_mels, 1) each
    rise = (freqs[None, :] - lower) / (center - lower)  # (3) (n_mels, K)
    fall = (upper - freqs[None, :]) / (upper - center)
    fb = torch.clamp(torch.minimum(rise, fall), min=0.0)
    if norm == "slaney":
        fb = fb * (2.0 / (upper - lower))  # (4)
    return fb.to(dtype)
