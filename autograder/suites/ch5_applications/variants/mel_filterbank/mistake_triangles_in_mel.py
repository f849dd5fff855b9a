# title: triangles linear in mel instead of in Hz
# title_ja: 三角形を Hz ではなくメルの上で直線にした
# diagnosis: Your filter slopes are curved: the triangles are linear in Hz (librosa, torchaudio); evaluate (f - f_i) / (f_{i+1} - f_i) with Hz values, not mel values.
# diagnosis_ja: フィルタの傾きが曲がっています。三角形は Hz の上で直線です（librosa、torchaudio）。(f - f_i) / (f_{i+1} - f_i) はメルではなく Hz の値で計算してください。
# copy: mel_filterbank
#@@
#=    lower, center, upper = hz[:-2, None], hz[1:-1, None], hz[2:, None]  # (n_mels, 1) each
#-    rise = (freqs[None, :] - lower) / (center - lower)  # (3) (n_mels, K)
#-    fall = (upper - freqs[None, :]) / (upper - center)
#+    fm = 2595.0 * torch.log10(1.0 + freqs / 700.0)
#+    lo_m, ce_m, up_m = mels[:-2, None], mels[1:-1, None], mels[2:, None]
#+    rise = (fm[None, :] - lo_m) / (ce_m - lo_m)  # (3) (n_mels, K)
#+    fall = (up_m - fm[None, :]) / (up_m - ce_m)
#=    fb = torch.clamp(torch.minimum(rise, fall), min=0.0)
