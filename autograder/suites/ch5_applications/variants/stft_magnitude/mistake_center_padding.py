# title: torch.stft with its default center=True
# title_ja: torch.stft を既定の center=True のまま使った
# diagnosis: Your spectrogram has extra frames from the default centre padding (center=True); this exercise uses no padding: center=False, 1 + (L - n_fft) // hop frames.
# diagnosis_ja: 既定の中央パディング（center=True）でフレームが増えています。この課題はパディングなし（center=False、フレーム数 1 + (L - n_fft) // hop）です。
# copy: magnitude_spectrogram
#@@
#=    spec = torch.stft(wave, n_fft=n_fft, hop_length=hop_length, win_length=n_fft, window=window,
#-                      center=False, normalized=False, onesided=True, return_complex=True)
#+                      center=True, normalized=False, onesided=True, return_complex=True)
#=    return spec.abs()  # (B, N // 2 + 1, n_frames)
