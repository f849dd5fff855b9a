# title: NumPy rfft over strided frames
# title_ja: NumPy の rfft でフレームごとに変換
# diagnosis: valid: frames from sliding_window_view, periodic Hann, |rfft|.
# diagnosis_ja: 正解: sliding_window_view でフレームを作り、周期的ハン窓、|rfft|
import numpy as np


def magnitude_spectrogram(wave, n_fft, hop_length):
    x = wave.detach().cpu().numpy().astype(np.float64)
    frames = np.lib.stride_tricks.sliding_window_view(x, n_fft, axis=-1)[:, ::hop_length, :]
    win = np.hanning(n_fft + 1)[:-1]  # periodic Hann
    mag = np.abs(np.fft.rfft(frames * win, axis=-1))  # (B, M, K)
    return torch.from_numpy(np.ascontiguousarray(mag.transpose(0, 2, 1))).to(wave.dtype)
