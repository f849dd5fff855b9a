# title: f_min ignored (mel points start at 0 Hz)
# title_ja: f_min を無視した（0 Hz から始めた）
# diagnosis: Your lowest filter starts at 0 Hz although f_min > 0: space the mel points between mel(f_min) and mel(f_max).
# diagnosis_ja: f_min > 0 なのに最も低いフィルタが 0 Hz から始まっています。メルの点は mel(f_min) と mel(f_max) の間に等間隔にとってください。
# copy: mel_filterbank
#@@
#=        raise ValueError(f"norm must be None or 'slaney', got {norm!r}")
#-    m_lo = 2595.0 * math.log10(1.0 + f_min / 700.0)  # (1)
#+    m_lo = 0.0  # (1)
#=    m_hi = 2595.0 * math.log10(1.0 + f_max / 700.0)
