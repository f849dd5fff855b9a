# title: leading timesteps in ascending order
# title_ja: leading の時刻を昇順のまま返した
# diagnosis: Your leading timesteps are ascending; sampling goes from noise to data, so the list is descending.
# diagnosis_ja: leading の時刻が昇順になっています。生成はノイズからデータへ進むので、時刻列は降順です。
# copy: ddim_timesteps
#@@
#=        ts = torch.arange(n, dtype=torch.int64) * (T // n)
#-        return ts.flip(0) + steps_offset
#+        return ts + steps_offset
#=    if spacing == "trailing":
