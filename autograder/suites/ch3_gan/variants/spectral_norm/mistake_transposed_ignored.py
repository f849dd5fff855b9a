# title: ConvTranspose weight flattened like a Conv weight
# title_ja: ConvTranspose の重みを Conv と同じように平坦化した
# diagnosis: Your code treats dim 0 of a ConvTranspose2d weight as the output dimension; its weight is (in, out, kh, kw), so W = weight.transpose(0, 1).flatten(1).
# diagnosis_ja: ConvTranspose2d の重みの dim 0 を出力次元として扱っています。重みは (in, out, kh, kw) なので W = weight.transpose(0, 1).flatten(1) です。
# copy: spectral_norm_weight
#@@
#=        raise ValueError(f"n_iter must be >= 1, got {n_iter}")
#-    w_mat = (weight.transpose(0, 1) if transposed else weight).flatten(1)   # (out, rest)
#+    w_mat = weight.flatten(1)   # (out, rest)
#=    if tuple(v.shape) != (w_mat.shape[1],):
