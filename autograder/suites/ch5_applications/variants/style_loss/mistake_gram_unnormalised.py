# title: Gram matrix not divided by C * H * W
# title_ja: グラム行列を C * H * W で割らなかった
# diagnosis: Your Gram matrix is C * H * W times too large: this chapter's convention divides F F^T by the number of elements C * H * W.
# diagnosis_ja: グラム行列が C * H * W 倍大きくなっています。この章の約束では F F^T を要素数 C * H * W で割ります。
# copy: gram_matrix, style_loss
#@@
#=    flat = features.reshape(b, c, h * w)  # (B, C, HW)
#-    return flat @ flat.transpose(1, 2) / (c * h * w)  # (B, C, C)
#+    return flat @ flat.transpose(1, 2)  # (B, C, C)
#=
