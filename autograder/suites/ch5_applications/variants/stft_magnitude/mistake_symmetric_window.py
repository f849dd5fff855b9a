# title: symmetric Hann window
# title_ja: 対称なハン窓を使った
# diagnosis: Your spectrogram looks computed with a symmetric Hann window (periodic=False); spectral analysis uses the periodic window torch.hann_window(n_fft, periodic=True).
# diagnosis_ja: スペクトログラムが対称なハン窓（periodic=False）で計算されているようです。スペクトル解析では周期的な窓 torch.hann_window(n_fft, periodic=True) を使います。
def magnitude_spectrogram(wave, n_fft, hop_length):
    if wave.dim() != 2:
        raise ValueError(f"wave must be (B, L); got shape {tuple(wave.shape)}")
    if n_fft < 2 or hop_length < 1:
        raise ValueError(f"need n_fft >= 2 and hop_length >= 1; got n_fft={n_fft}, hop_length={hop_length}")
    if wave.shape[1] < n_fft:
        raise ValueError(f"signal length {wave.shape[1]} is shorter than n_fft={n_fft}")
    window = torch.hann_window(n_fft, periodic=False, dtype=wave.dtype, device=wave.device)
    spec = torch.stft(wave, n_fft=n_fft, hop_length=hop_length, win_length=n_fft, window=window,
                      center=False, normalized=False, onesided=True, return_complex=True)
    return spec.abs()  # (B, N // 2 + 1, n_frames)
