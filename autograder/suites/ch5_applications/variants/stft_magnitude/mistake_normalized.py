# title: normalized=True in torch.stft
# title_ja: torch.stft で normalized=True にした
# diagnosis: Your spectrogram is divided by sqrt(n_fft): this exercise uses no normalisation (normalized=False).
# diagnosis_ja: スペクトログラムが sqrt(n_fft) で割られています。この課題では正規化しません（normalized=False）。
def magnitude_spectrogram(wave, n_fft, hop_length):
    if wave.dim() != 2:
        raise ValueError(f"wave must be (B, L); got shape {tuple(wave.shape)}")
    if n_fft < 2 or hop_length < 1:
        raise ValueError(f"need n_fft >= 2 and hop_length >= 1; got n_fft={n_fft}, hop_length={hop_length}")
    if wave.shape[1] < n_fft:
        raise ValueError(f"signal length {wave.shape[1]} is shorter than n_fft={n_fft}")
    window = torch.hann_window(n_fft, periodic=True, dtype=wave.dtype, device=wave.device)
    spec = torch.stft(wave, n_fft=n_fft, hop_length=hop_length, win_length=n_fft, window=window,
                      center=False, normalized=True, onesided=True, return_complex=True)
    return spec.abs()  # (B, N // 2 + 1, n_frames)
