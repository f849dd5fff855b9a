# title: alpha weights the fake sample
# title_ja: alpha を偽物側に掛けた
# diagnosis: Your interpolation uses alpha * fake + (1 - alpha) * real; the spec is x_hat = alpha * real + (1 - alpha) * fake.
# diagnosis_ja: 補間が alpha · fake + (1 - alpha) · real になっています。仕様は x_hat = alpha · real + (1 - alpha) · fake です。
# copy: gradient_penalty
#@@
#=    a = alpha.to(real.dtype).reshape(-1, *([1] * (real.dim() - 1)))       # (B, 1, ..., 1)
#-    x_hat = (a * real.detach() + (1 - a) * fake.detach()).requires_grad_(True)  # (1)
#+    x_hat = (a * fake.detach() + (1 - a) * real.detach()).requires_grad_(True)  # (1)
#=    scores = critic(x_hat)
