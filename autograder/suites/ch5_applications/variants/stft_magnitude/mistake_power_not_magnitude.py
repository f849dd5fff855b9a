# title: power |X|^2 returned instead of the magnitude |X|
# title_ja: 振幅 |X| ではなくパワー |X|^2 を返した
# diagnosis: Your spectrogram looks squared: return the magnitude |X| (spec.abs()), not the power |X|^2.
# diagnosis_ja: スペクトログラムが 2 乗されているようです。パワー |X|^2 ではなく振幅 |X|（spec.abs()）を返してください。
def magnitude_spectrogram(wave, n_fft, hop_length):
    if wave.dim() != 2:
        raise ValueError(f"wave must be (B, L); got shape {tuple(wave.shape)}")
    if n_fft < 2 or hop_length < 1:
        raise ValueError(f"need n_fft >= 2 and hop_length >= 1; got n_fft={n_fft}, hop_length={hop_length}")
    if wave.shape[1] < n_fft:
        raise ValueError(f"signal length {wave.shape[1]} is shorter than n_fft={n_fft}")
    window = torch.hann_window(n_fft, periodic=True, dtype=wave.dtype, device=wave.device)
    spec = torch.stft(wave, n_fft=n_fft, hop_length=hop_length, win_length=n_fft, window=window,
                      center=False, normalized=False, onesided=True, return_complex=True)
    return spec.abs() ** 2  # (B, N // 2 + 1, n_frames)
