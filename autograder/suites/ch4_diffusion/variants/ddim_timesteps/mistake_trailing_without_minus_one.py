# title: trailing spacing without the final - 1
# title_ja: trailing で最後の - 1 を忘れた
# diagnosis: Your trailing timesteps start at T (e.g. 1000), which is not a valid index; subtract 1 so they start at T - 1.
# diagnosis_ja: trailing の時刻が T（例: 1000）から始まっていますが、これは有効なインデックスではありません。1 を引いて T - 1 から始めます。
# copy: ddim_timesteps
#@@
#=        ts = torch.round(T - torch.arange(n, dtype=torch.float64) * (T / n)).to(torch.int64)
#-        return ts - 1
#+        return ts
#=    return torch.round(torch.linspace(0, T - 1, n, dtype=torch.float64)).to(torch.int64).flip(0)
