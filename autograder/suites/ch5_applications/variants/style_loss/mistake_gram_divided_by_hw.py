# title: Gram matrix divided by H * W only
# title_ja: グラム行列を H * W だけで割った
# diagnosis: Your Gram matrix is C times too large: divide by C * H * W (all elements of the feature map), not by H * W.
# diagnosis_ja: グラム行列が C 倍大きくなっています。H * W ではなく C * H * W（特徴マップの全要素数）で割ってください。
# copy: gram_matrix, style_loss
#@@
#=    flat = features.reshape(b, c, h * w)  # (B, C, HW)
#-    return flat @ flat.transpose(1, 2) / (c * h * w)  # (B, C, C)
#+    return flat @ flat.transpose(1, 2) / (h * w)  # (B, C, C)
#=
