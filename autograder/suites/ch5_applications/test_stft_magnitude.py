"""Hidden tests: stft_magnitude (|STFT| with a periodic Hann window, center=False, no normalisation)."""
import pytest
import torch

import solutions.ch5_applications as ref

pytestmark = pytest.mark.grade_id("stft_magnitude")

HINT_EN = ("|torch.stft(wave, n_fft, hop_length, window=torch.hann_window(n_fft, periodic=True), center=False, "
           "return_complex=True)|: periodic Hann window, NO centre padding (1 + (L - n_fft) // hop frames), no "
           "normalisation, magnitude (not power)")
HINT_JA = ("|torch.stft(wave, n_fft, hop_length, window=torch.hann_window(n_fft, periodic=True), center=False, "
           "return_complex=True)|。周期的ハン窓、中央パディングなし（フレーム数 1 + (L - n_fft) // hop）、"
           "正規化なし、振幅（パワーではない）")


@pytest.mark.describe("output shapes and values, float64", "出力の形状と値（float64）")
@pytest.mark.points(1)
def test_float64_shapes(student, check, gen):
    for b, length, n_fft, hop in [(1, 64, 16, 4), (3, 101, 32, 7), (2, 40, 40, 1)]:
        x = torch.randn(b, length, generator=gen, dtype=torch.float64)
        check.close(f"magnitude spectrogram (B={b}, L={length}, n_fft={n_fft}, hop={hop})",
                    student.magnitude_spectrogram(x, n_fft, hop), ref.magnitude_spectrogram(x, n_fft, hop),
                    hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("odd sizes, float32", "奇数のサイズ（float32）")
@pytest.mark.points(1)
def test_float32_odd_sizes(student, check, gen):
    for b, length, n_fft, hop in [(2, 257, 64, 64), (1, 99, 10, 3)]:
        x = torch.randn(b, length, generator=gen)
        check.close(f"magnitude spectrogram (float32, L={length}, n_fft={n_fft}, hop={hop})",
                    student.magnitude_spectrogram(x, n_fft, hop), ref.magnitude_spectrogram(x.double(), n_fft, hop),
                    hint_en=HINT_EN, hint_ja=HINT_JA)
