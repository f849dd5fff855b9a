"""Hidden tests: mel_filterbank (HTK mel scale, triangles in Hz, optional Slaney area norm)."""
import pytest
import torch

import solutions.ch5_applications as ref

pytestmark = pytest.mark.grade_id("mel_filterbank")

HINT_EN = ("n_mels + 2 points equally spaced on the HTK mel scale 2595 * log10(1 + f / 700) between mel(f_min) and "
           "mel(f_max), converted back to Hz with 700 * (10 ** (m / 2595) - 1); triangles are linear in Hz, evaluated "
           "at k * sr / n_fft; norm='slaney' multiplies filter i by 2 / (f[i+2] - f[i]) (in Hz)")
HINT_JA = ("HTK メル尺度 2595 * log10(1 + f / 700) の上で mel(f_min)〜mel(f_max) を n_mels + 2 点に等分し、"
           "700 * (10 ** (m / 2595) - 1) で Hz に戻します。三角形は Hz の上で直線で、k * sr / n_fft で評価します。"
           "norm='slaney' はフィルタ i に 2 / (f[i+2] - f[i])（Hz）を掛けます")


@pytest.mark.describe("peak-normalised filters", "ピーク正規化したフィルタ")
@pytest.mark.points(1)
def test_peak_normalised(student, check):
    for sr, n_fft, n_mels in [(16000, 512, 40), (8000, 64, 10), (1000, 16, 1)]:
        check.close(f"mel filter bank (sr={sr}, n_fft={n_fft}, n_mels={n_mels})",
                    student.mel_filterbank(sr, n_fft, n_mels),
                    ref.mel_filterbank(sr, n_fft, n_mels, dtype=torch.float64), out_dtype=torch.float32,
                    hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("fmin, fmax and Slaney normalisation (float64)", "fmin、fmax と Slaney 正規化（float64）")
@pytest.mark.points(1)
def test_fmin_fmax_slaney_float64(student, check):
    for sr, n_fft, n_mels, fmin, fmax, norm in [(22050, 1024, 32, 50.0, 8000.0, "slaney"),
                                                (8000, 128, 12, 300.0, 3400.0, None),
                                                (16000, 400, 20, 0.0, None, "slaney")]:
        check.close(f"mel filter bank (sr={sr}, n_mels={n_mels}, f_min={fmin}, f_max={fmax}, norm={norm})",
                    student.mel_filterbank(sr, n_fft, n_mels, fmin, fmax, norm=norm, dtype=torch.float64),
                    ref.mel_filterbank(sr, n_fft, n_mels, fmin, fmax, norm=norm, dtype=torch.float64),
                    dtype=torch.float64, hint_en=HINT_EN, hint_ja=HINT_JA)
