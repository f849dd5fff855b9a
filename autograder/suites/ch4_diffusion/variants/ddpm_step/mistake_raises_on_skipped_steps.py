# title: raises on skipped steps (t_prev other than t - 1)
# title_ja: ステップ飛ばし（t_prev が t - 1 以外）で例外を送出
# diagnosis: Your step refuses t_prev other than t - 1; with skipped steps use the effective beta 1 - abar_t / abar_prev.
# diagnosis_ja: t - 1 以外の t_prev を受け付けていません。ステップ飛ばしでは実効 β = 1 - abar_t / abar_prev を使います。
# copy: ddpm_step
#@@
#=    t = int(t)
#+    if t_prev is not None and int(t_prev) != t - 1:
#+        raise NotImplementedError('skipped steps are not supported')
#=    t_prev = t - 1 if t_prev is None else int(t_prev)
#@@
#=
#+
#+# ---------------------------------------------------------------------------
#+# 3. Score-based view
#+# ---------------------------------------------------------------------------
#+
