# title: no analysis window (rectangular)
# title_ja: 分析窓を掛けなかった（矩形窓）
# diagnosis: Your spectrogram looks computed without a window (torch.stft's default is a rectangular window); pass window=torch.hann_window(n_fft, periodic=True).
# diagnosis_ja: スペクトログラムが窓なし（torch.stft の既定は矩形窓）で計算されているようです。window=torch.hann_window(n_fft, periodic=True) を渡してください。
# copy: magnitude_spectrogram
#@@
#=    window = torch.hann_window(n_fft, periodic=True, dtype=wave.dtype, device=wave.device)
#-    spec = torch.stft(wave, n_fft=n_fft, hop_length=hop_length, win_length=n_fft, window=window,
#+    spec = torch.stft(wave, n_fft=n_fft, hop_length=hop_length, win_length=n_fft,
#=                      center=False, normalized=False, onesided=True, return_complex=True)
