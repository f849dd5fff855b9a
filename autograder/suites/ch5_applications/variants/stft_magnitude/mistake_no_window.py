# title: no analysis window (rectangular)
# title_ja: 分析窓を掛けなかった（矩形窓）
# diagnosis: Your spectrogram looks computed without a window (torch.stft's default is a rectangular window); pass window=torch.hann_window(n_fft, periodic=True).
# diagnosis_ja: スペクトログラムが窓なし（torch.stft の既定は矩形窓）で計算されているようです。window=torch.hann_window(n_fft, periodic=True) を渡してください。
def magnitude_spectrogram(wave, n_fft, hop_length):
    if wave.dim() != 2:
        raise ValueError(f"wave must be (B, L); got shape {tuple(wave.shape)}")
    if n_fft < 2 or hop_length < 1:
        raise ValueError(f"need n_fft >= 2 and hop_length >= 1; got n_fft={n_fft}, hop_length={hop_length}")
    if wave.shape[1] < n_fft:
        raise ValueError(f"signal length {wave.shape[1]} is shorter than n_fft={n_fft}")
    window = torch.hann_window(n_fft, periodic=True, dtype=wave.dtype, device=wave.device)
    spec = torch.stft(wave, n_fft=n_fft, hop_length=hop_length, win_length=n_fft,
                      center=False, normalized=False, onesided=True, return_complex=True)
    return spec.abs()  # (B, N // 2 + 1, n_frames)
