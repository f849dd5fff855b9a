# title: rescale std over the whole batch
# title_ja: リスケールの std をバッチ全体でとった
# diagnosis: Your guidance_rescale looks like it uses one std over the whole batch; the std is taken per sample over all non-batch dims.
# diagnosis_ja: guidance_rescale でバッチ全体の std を 1 つだけ使っているようです。std はサンプルごとに、バッチ以外の全次元でとります。
# copy: classifier_free_guidance
#@@
#=        # (2) [ZSNR] eq. 15: match the std of the conditional prediction
#-        rescaled = guided * (cond.std(dim=dims, keepdim=True) / guided.std(dim=dims, keepdim=True))
#+        rescaled = guided * (cond.std() / guided.std())
#=        # (3) [ZSNR] eq. 16: mix
