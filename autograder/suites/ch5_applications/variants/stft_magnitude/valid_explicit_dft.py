# title: frames with unfold and an explicit DFT matrix
# title_ja: unfold でフレームを作り、DFT 行列を明示的に掛ける
# diagnosis: valid: periodic Hann window written out, DFT as a complex matmul in float64.
# diagnosis_ja: 正解: 周期的ハン窓を式で書き、DFT を float64 の複素行列積で計算
import math


def magnitude_spectrogram(wave, n_fft, hop_length):
    n = torch.arange(n_fft, dtype=torch.float64, device=wave.device)
    window = 0.5 - 0.5 * torch.cos(2 * math.pi * n / n_fft)
    frames = wave.double().unfold(-1, n_fft, hop_length) * window  # (B, M, N)
    k = torch.arange(n_fft // 2 + 1, dtype=torch.float64, device=wave.device)[:, None]
    basis = torch.exp(-2j * math.pi * k * n[None, :] / n_fft)  # (K, N)
    spec = torch.einsum("kn,bmn->bkm", basis, frames.to(torch.complex128))
    return spec.abs().to(wave.dtype)
