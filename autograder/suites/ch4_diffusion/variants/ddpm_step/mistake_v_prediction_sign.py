# title: wrong sign in the v-prediction x0
# title_ja: v 予測からの x0 で符号を間違えた
# diagnosis: Your v-prediction x0 looks like sqrt(abar) x_t + sqrt(1 - abar) v; with v = sqrt(abar) eps - sqrt(1 - abar) x0 it is sqrt(abar) x_t - sqrt(1 - abar) v.
# diagnosis_ja: v 予測の x0 が sqrt(abar) x_t + sqrt(1 - abar) v になっているようです。v = sqrt(abar) eps - sqrt(1 - abar) x0 なので sqrt(abar) x_t - sqrt(1 - abar) v です。
# copy: ddpm_step
#@@
#=    elif prediction_type == "v_prediction":
#-        x0 = a_t.sqrt() * x - (1 - a_t).sqrt() * out
#+        x0 = a_t.sqrt() * x + (1 - a_t).sqrt() * out
#=    else:
