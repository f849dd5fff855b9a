# title: torch.stft with its default center=True
# title_ja: torch.stft を既定の center=True のまま使った
# diagnosis: Your spectrogram has extra frames from the default centre padding (center=True); this exercise uses no padding: center=False, 1 + (L - n_fft) // hop frames.
# diagnosis_ja: 既定の中央パディング（center=True）でフレームが増えています。この課題はパディングなし（center=False、フレーム数 1 + (L - n_fft) // hop）です。
def magnitude_spectrogram(wave, n_fft, hop_length):
    if wave.dim() != 2:
        raise ValueError(f"wave must be (B, L); got shape {tuple(wave.shape)}")
    if n_fft < 2 or hop_length < 1:
        raise ValueError(f"need n_fft >= 2 and hop_length >= 1; got n_fft={n_fft}, hop_length={hop_length}")
    if wave.shape[1] < n_fft:
        raise ValueError(f"signal length {wave.shape[1]} is shorter than n_fft={n_fft}")
    window = torch.hann_window(n_fft, periodic=True, dtype=wave.dtype, device=wave.device)
    spec = torch.stft(wave, n_fft=n_fft, hop_length=hop_length, win_length=n_fft, window=window,
                      center=True, normalized=False, onesided=True, return_complex=True)
    return spec.abs()  # (B, N // 2 + 1, n_frames)
