# title: linspace values truncated instead of rounded
# title_ja: linspace の値を丸めずに切り捨てた
# diagnosis: Your linspace timesteps look truncated toward zero (.long()); round them first (torch.round, half to even).
# diagnosis_ja: linspace の時刻が 0 方向に切り捨て（.long()）られているようです。先に丸めます（torch.round、偶数丸め）。
# copy: ddim_timesteps
#@@
#=        return ts - 1
#-    return torch.round(torch.linspace(0, T - 1, n, dtype=torch.float64)).to(torch.int64).flip(0)
#+    return torch.linspace(0, T - 1, n, dtype=torch.float64).to(torch.int64).flip(0)
#=
