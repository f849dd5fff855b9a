# title: model output used as the noise for every prediction type
# title_ja: 予測の種類にかかわらず出力をノイズとして使った
# diagnosis: For 'sample' or 'v_prediction' your eps_hat looks like the raw model output; derive eps_hat from x_t and x0_hat (or from v).
# diagnosis_ja: 'sample' や 'v_prediction' で eps_hat がモデルの出力そのままのようです。x_t と x0_hat（または v）から eps_hat を求めてください。
# copy: ddim_step
#@@
#=        x0 = out
#-        eps = (x - a_t.sqrt() * x0) / (1 - a_t).sqrt()
#+        eps = out
#=    else:
#=        x0 = a_t.sqrt() * x - (1 - a_t).sqrt() * out
#-        eps = a_t.sqrt() * out + (1 - a_t).sqrt() * x
#+        eps = out
#=    if clip_sample:
