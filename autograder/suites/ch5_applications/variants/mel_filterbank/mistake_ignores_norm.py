# title: norm='slaney' ignored
# title_ja: norm='slaney' を無視した
# diagnosis: Your filters all peak at 1 even with norm='slaney': the Slaney normalisation multiplies filter i by 2 / (f_{i+2} - f_i) (equal area).
# diagnosis_ja: norm='slaney' でもフィルタの頂点がすべて 1 です。Slaney 正規化はフィルタ i に 2 / (f_{i+2} - f_i) を掛けます（面積をそろえる）。
# copy: mel_filterbank
#@@
#=    if norm == "slaney":
#-        fb = fb * (2.0 / (upper - lower))  # (4)
#+        pass  # (4)
#=    return fb.to(dtype)
