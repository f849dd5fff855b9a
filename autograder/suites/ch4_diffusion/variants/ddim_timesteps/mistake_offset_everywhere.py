# title: steps_offset added to every spacing
# title_ja: すべての spacing に steps_offset を足した
# diagnosis: Your trailing/linspace timesteps look shifted by steps_offset; diffusers applies steps_offset to the leading spacing only.
# diagnosis_ja: trailing / linspace の時刻が steps_offset だけずれているようです。diffusers は leading にだけ steps_offset を足します。
# copy: ddim_timesteps
#@@
#=        ts = torch.round(T - torch.arange(n, dtype=torch.float64) * (T / n)).to(torch.int64)
#-        return ts - 1
#-    return torch.round(torch.linspace(0, T - 1, n, dtype=torch.float64)).to(torch.int64).flip(0)
#+        return ts - 1 + steps_offset
#+    return torch.round(torch.linspace(0, T - 1, n, dtype=torch.float64)).to(torch.int64).flip(0) + steps_offset
#=
