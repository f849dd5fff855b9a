# title: triangles linear in mel instead of in Hz
# title_ja: 三角形を Hz ではなくメルの上で直線にした
# diagnosis: Your filter slopes are curved: the triangles are linear in Hz (librosa, torchaudio); evaluate (f - f_i) / (f_{i+1} - f_i) with Hz values, not mel values.
# diagnosis_ja: フィルタの傾きが曲がっています。三角形は Hz の上で直線です（librosa、torchaudio）。(f - f_i) / (f_{i+1} - f_i) はメルではなく Hz の値で計算してください。
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
    m_lo = 2595.0 * math.log10(1.0 + f_min / 700.0)  # (1)
    m_hi = 2595.0 * math.log10(1.0 + f_max / 700.0)
    mels = torch.linspace(m_lo, m_hi, n_mels + 2, dtype=torch.float64)  # (2)
    hz = 700.0 * (10.0 ** (mels / 2595.0) - 1.0)  # (n_mels + 2,)
    freqs = torch.arange(n_fft // 2 + 1, dtype=torch.float64) * sample_rate / n_fft  # (K,)
    lower, center, upper = hz[:-2, None], hz[1:-1, None], hz[2:, None]  # (n_mels, 1) each
    fm = 2595.0 * torch.log10(1.0 + freqs / 700.0)
    lo_m, ce_m, up_m = mels[:-2, None], mels[1:-1, None], mels[2:, None]
    rise = (fm[None, :] - lo_m) / (ce_m - lo_m)  # (3) (n_mels, K)
    fall = (up_m - fm[None, :]) / (up_m - ce_m)
    fb = torch.clamp(torch.minimum(rise, fall), min=0.0)
    if norm == "slaney":
        fb = fb * (2.0 / (upper - lower))  # (4)
    return fb.to(dtype)
