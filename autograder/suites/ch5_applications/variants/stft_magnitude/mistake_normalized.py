# title: normalized=True in torch.stft
# title_ja: torch.stft で normalized=True にした
# diagnosis: Your spectrogram is divided by sqrt(n_fft): this exercise uses no normalisation (normalized=False).
# diagnosis_ja: スペクトログラムが sqrt(n_fft) で割られています。この課題では正規化しません（normalized=False）。
# copy: magnitude_spectrogram
#@@
#=    spec = torch.stft(wave, n_fft=n_fft, hop_length=hop_length, win_length=n_fft, window=window,
#-                      center=False, normalized=False, onesided=True, return_complex=True)
#+                      center=False, normalized=True, onesided=True, return_complex=True)
#=    return spec.abs()  # (B, N // 2 + 1, n_frames)
