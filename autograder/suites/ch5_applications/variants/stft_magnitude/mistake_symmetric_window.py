# title: symmetric Hann window
# title_ja: 対称なハン窓を使った
# diagnosis: Your spectrogram looks computed with a symmetric Hann window (periodic=False); spectral analysis uses the periodic window torch.hann_window(n_fft, periodic=True).
# diagnosis_ja: スペクトログラムが対称なハン窓（periodic=False）で計算されているようです。スペクトル解析では周期的な窓 torch.hann_window(n_fft, periodic=True) を使います。
# copy: magnitude_spectrogram
#@@
#=        raise ValueError(f"signal length {wave.shape[1]} is shorter than n_fft={n_fft}")
#-    window = torch.hann_window(n_fft, periodic=True, dtype=wave.dtype, device=wave.device)
#+    window = torch.hann_window(n_fft, periodic=False, dtype=wave.dtype, device=wave.device)
#=    spec = torch.stft(wave, n_fft=n_fft, hop_length=hop_length, win_length=n_fft, window=window,
