# title: eps - eps_hat instead of eps_hat - eps
# title_ja: eps_hat - eps ではなく eps - eps_hat にした
# diagnosis: Your gradient has the opposite sign: the SDS gradient is w(t) * (eps_hat - eps); with eps - eps_hat gradient descent moves away from the data.
# diagnosis_ja: 勾配の符号が逆です。SDS 勾配は w(t) * (eps_hat - eps) です。eps - eps_hat では勾配降下がデータから遠ざかります。
# copy: sds_gradient
#@@
#=    w = w.reshape(-1, *([1] * (eps.dim() - 1)))
#-    return (w * (eps_hat - eps)).detach()
#+    return (w * (eps - eps_hat)).detach()
#=
