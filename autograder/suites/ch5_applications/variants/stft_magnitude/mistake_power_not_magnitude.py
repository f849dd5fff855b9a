# title: power |X|^2 returned instead of the magnitude |X|
# title_ja: 振幅 |X| ではなくパワー |X|^2 を返した
# diagnosis: Your spectrogram looks squared: return the magnitude |X| (spec.abs()), not the power |X|^2.
# diagnosis_ja: スペクトログラムが 2 乗されているようです。パワー |X|^2 ではなく振幅 |X|（spec.abs()）を返してください。
# copy: magnitude_spectrogram
#@@
#=                      center=False, normalized=False, onesided=True, return_complex=True)
#-    return spec.abs()  # (B, N // 2 + 1, n_frames)
#+    return spec.abs() ** 2  # (B, N // 2 + 1, n_frames)
#=
