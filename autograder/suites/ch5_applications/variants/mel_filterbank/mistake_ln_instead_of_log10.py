# title: natural log in the mel formula
# title_ja: メル尺度の式で自然対数を使った
# diagnosis: Your filter centres are shifted: the HTK mel scale is 2595 * log10(1 + f / 700) (base-10 log), and its inverse 700 * (10 ** (m / 2595) - 1).
# diagnosis_ja: フィルタの中心がずれています。HTK メル尺度は 2595 * log10(1 + f / 700)（常用対数）で、逆変換は 700 * (10 ** (m / 2595) - 1) です。
# copy: mel_filterbank
#@@
#=        raise ValueError(f"norm must be None or 'slaney', got {norm!r}")
#-    m_lo = 2595.0 * math.log10(1.0 + f_min / 700.0)  # (1)
#-    m_hi = 2595.0 * math.log10(1.0 + f_max / 700.0)
#+    m_lo = 2595.0 * math.log(1.0 + f_min / 700.0)  # (1)
#+    m_hi = 2595.0 * math.log(1.0 + f_max / 700.0)
#=    mels = torch.linspace(m_lo, m_hi, n_mels + 2, dtype=torch.float64)  # (2)
