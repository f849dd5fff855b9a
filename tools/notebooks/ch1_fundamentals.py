"""Builds source/ch1_fundamentals/fundamentals.ipynb (chapter 1: fundamentals of generative models)."""
import inspect
import textwrap

from autograder.authoring import NotebookBuilder
import solutions.ch1_fundamentals as ref

#: validation helpers used by the reference solutions, shipped in the locked setup cell (no solutions in them)
_HELPERS = "\n\n\n".join(inspect.getsource(f).rstrip() for f in (ref._tensor, ref._positive, ref._matrix, ref._sqrt_psd))


def build():
    nb = NotebookBuilder("ch1_fundamentals")
    nb.markdown(r"""
    # 第1章 演習: 生成モデルの基礎

    この演習では、第1章で学んだ生成モデルの基本的な道具を PyTorch で実装します。

    1. **識別モデル vs 生成モデル**: クラス条件付きガウスモデル（生成モデル）で $P(y\mid x)$ を求める
    2. **確率分布のモデリング**: 対数尤度、最尤推定、KLダイバージェンス（閉形式とモンテカルロ推定）
    3. **潜在変数モデル**: 混合ガウスモデルの対数尤度（logsumexp）と EM アルゴリズム
    4. **サンプリング手法**: 逆関数法、重点サンプリング、MCMC（メトロポリス・ヘイスティングス法）
    5. **評価指標**: Inception Score、特徴量の統計量、フレシェ距離（FID）

    **進め方**: 各課題の `# YOUR CODE HERE` の下にある `raise NotImplementedError()` をあなたのコードに置き換えてください。
    各課題の直後のセルは「基本チェック」です。実行すると ✅ / ❌ / ⏳ が表示されます。
    採点は、別の入力（さまざまな形状、float32 と float64）を使う隠しテストで行われます。
    関数名・引数・戻り値の形状は変更しないでください。乱数（一様乱数 `u`、標準正規乱数 `z`、サンプル `x`）は引数として渡されるので、
    関数の中で乱数を生成しないでください。

    **記法**: ガウス分布のパラメータは平均と **分散** $\sigma^2$（`var`）で渡します。標準偏差 $\sigma$ や対数分散ではありません。
    """)
    nb.setup("setup", textwrap.dedent("""
    import math
    from typing import Optional

    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    from genmodels_lab import load_digits_tensor, sanity_check

    _ = torch.manual_seed(0)  # the Generator it returns is not displayed
    LOG_2PI = math.log(2.0 * math.pi)


    # 入力チェック用の補助関数（解答で使っても使わなくても構いません）
    """).rstrip("\n") + "\n" + _HELPERS)

    # ------------------------------------------------------------------ 1. likelihood
    nb.markdown(r"""
    ## 1. 確率分布のモデリング: ガウス分布の対数尤度

    生成モデルはデータの分布 $p(x)$ そのものをモデル化します。最も基本的なモデルはガウス分布です。1 次元ガウス分布の対数密度は
    $$\log\mathcal N(x;\mu,\sigma^2) = -\frac12\left(\log 2\pi + \log\sigma^2 + \frac{(x-\mu)^2}{\sigma^2}\right)$$
    です。各次元が独立な **対角ガウス分布** $\mathcal N(x;\mu,\operatorname{diag}\sigma^2)$ では、密度は各次元の積なので、対数密度は
    **最後の次元についての和** になります:
    $$\log\mathcal N(x;\mu,\operatorname{diag}\sigma^2) = \sum_{d=1}^{D}\log\mathcal N(x_d;\mu_d,\sigma_d^2).$$

    - `gaussian_log_prob(x, mean, var)`: 要素ごとの対数密度（ブロードキャスト後の形状）
    - `diag_gaussian_log_prob(x, mean, var)`: 最後の次元で和をとった対数密度（形状 `x.shape[:-1]`、ブロードキャスト可）
    """)
    nb.solution("gaussian_log_prob_code", ref, ["gaussian_log_prob", "diag_gaussian_log_prob"])
    nb.grade("gaussian_log_prob", 5, """
    with sanity_check("gaussian_log_prob"):
        lp = gaussian_log_prob(torch.tensor([0.0, 1.0]), torch.tensor(0.0), torch.tensor(1.0))
        assert torch.allclose(lp, torch.tensor([-0.918939, -1.418939]), atol=1e-5), f"値が違います: {lp}"
        lp4 = gaussian_log_prob(torch.tensor(2.0), torch.tensor(0.0), torch.tensor(4.0))
        assert torch.allclose(lp4, torch.tensor(-2.112086), atol=1e-5), f"var=4 (σ=2) の値が違います: {lp4}"
        d = diag_gaussian_log_prob(torch.zeros(3, 2), torch.zeros(2), torch.ones(2))
        assert d.shape == (3,), f"形状は (3,) のはずです: {tuple(d.shape)}"
        assert torch.allclose(d, torch.full((3,), -1.837877), atol=1e-5), f"値が違います: {d}"
    """)

    nb.markdown(r"""
    ## 2. 最尤推定（MLE）

    サンプル $x_1,\dots,x_N$ の対数尤度 $\sum_n \log\mathcal N(x_n;\mu,\sigma^2)$ を最大にするパラメータは
    $$\hat\mu = \frac1N\sum_{n=1}^{N}x_n,\qquad \hat\sigma^2 = \frac1N\sum_{n=1}^{N}(x_n-\hat\mu)^2$$
    です（PRML 式 (1.55), (1.56)）。分散の最尤推定量は $N-1$ ではなく **$N$ で割る** ことに注意してください
    （`torch.var` の既定は $N-1$ です）。`x` は形状 `(N, D)`（行がサンプル）で、`(mean, var)` をそれぞれ形状 `(D,)` で返します。
    """)
    nb.solution("gaussian_mle_code", ref, ["gaussian_mle"])
    nb.grade("gaussian_mle", 3, """
    with sanity_check("gaussian_mle"):
        mean, var = gaussian_mle(torch.tensor([[1.0, 0.0], [3.0, 0.0], [5.0, 3.0]]))
        assert torch.allclose(mean, torch.tensor([3.0, 1.0])), f"mean が違います: {mean}"
        assert torch.allclose(var, torch.tensor([8 / 3, 2.0])), f"var が違います（N で割りましたか？）: {var}"
    """)

    # ------------------------------------------------------------------ 3. generative classifier
    nb.markdown(r"""
    ## 3. 識別モデル vs 生成モデル: クラス条件付きガウスモデル

    **識別モデル** は $P(y\mid x)$ を直接学習します。**生成モデル** は $P(y)$ と $P(x\mid y)$ を学習し、
    ベイズの定理で
    $$P(y=k\mid x) = \frac{\pi_k\,\mathcal N(x;\mu_k,\operatorname{diag}\sigma_k^2)}{\sum_j \pi_j\,\mathcal N(x;\mu_j,\operatorname{diag}\sigma_j^2)}
    = \operatorname{softmax}_k\bigl(\log\pi_k + \log\mathcal N(x;\mu_k,\operatorname{diag}\sigma_k^2)\bigr)$$
    を計算します。生成モデルは $P(x\mid y)$ を持っているので、**新しいデータを生成** することもできます（下のデモ）。

    最尤推定は $\pi_k = N_k/N$、$\mu_k$ = クラス $k$ の平均、$\sigma_k^2$ = クラス $k$ の分散（$N_k$ で割る）$+$ `var_smoothing` です
    （`var_smoothing` は一定の画素でも分散が 0 にならないように足す小さな値で、scikit-learn の `GaussianNB` と同じ考え方です）。

    - `fit_class_conditional_gaussian(x, y, num_classes, var_smoothing)` → `(log_prior (K,), means (K, D), variances (K, D))`
    - `class_posterior(x, log_prior, means, variances)` → 形状 `(N, K)`、各行の和は 1。
      どのクラスからも遠い点では密度が 0 にアンダーフローするので、**対数空間のまま** 正規化してください（`torch.softmax`）。
    """)
    nb.solution("gaussian_classifier_code", ref, ["fit_class_conditional_gaussian", "class_posterior"])
    nb.grade("gaussian_classifier", 5, """
    with sanity_check("gaussian_classifier"):
        x = torch.tensor([[0.0], [2.0], [10.0], [12.0], [14.0]])
        y = torch.tensor([0, 0, 1, 1, 1])
        log_prior, means, variances = fit_class_conditional_gaussian(x, y, 2, 0.0)
        assert torch.allclose(log_prior.exp(), torch.tensor([0.4, 0.6])), f"事前分布が違います: {log_prior.exp()}"
        assert torch.allclose(means, torch.tensor([[1.0], [12.0]])), f"means が違います: {means}"
        assert torch.allclose(variances, torch.tensor([[1.0], [8 / 3]])), f"variances が違います: {variances}"
        post = class_posterior(torch.tensor([[1.0], [500.0]]), log_prior, means, variances)
        assert post.shape == (2, 2) and bool(torch.isfinite(post).all()), f"事後確率が有限ではありません: {post}"
        assert post[0, 0] > 0.99 and post[1, 1] > 0.99, f"事後確率が違います: {post}"
    """)
    nb.demo("demo_classifier", """
    # デモ: 手書き数字（8x8）にクラス条件付きガウスモデルを当てはめ、分類と「生成」を試す
    import matplotlib.pyplot as plt

    with sanity_check("demo_classifier"):
        x_all, y_all = load_digits_tensor(torch.float64)
        x_tr, y_tr, x_te, y_te = x_all[:1200], y_all[:1200], x_all[1200:], y_all[1200:]
        lp, mu_c, var_c = fit_class_conditional_gaussian(x_tr, y_tr, 10, 0.01)
        acc = (class_posterior(x_te, lp, mu_c, var_c).argmax(1) == y_te).double().mean()
        print(f"テスト正解率: {float(acc):.3f}")
        g = torch.Generator().manual_seed(0)
        samples = (mu_c + var_c.sqrt() * torch.randn(10, 64, generator=g, dtype=torch.float64)).clamp(0, 1)
        fig, axes = plt.subplots(1, 10, figsize=(10, 1.2))
        for k, ax in enumerate(axes):
            ax.imshow(samples[k].reshape(8, 8), cmap="gray_r")
            ax.set_title(str(k))
            ax.axis("off")
        plt.suptitle("samples from p(x | y): a generative model can create new data", fontsize=9)
        plt.show()
    """)

    # ------------------------------------------------------------------ 4. KL
    nb.markdown(r"""
    ## 4. KLダイバージェンス（閉形式とモンテカルロ推定）

    $$D_{\mathrm{KL}}(p\,\|\,q) = \mathbb E_{x\sim p}\bigl[\log p(x) - \log q(x)\bigr]$$
    は 2 つの分布の「近さ」を測ります（非対称: $D_{\mathrm{KL}}(p\|q)\ne D_{\mathrm{KL}}(q\|p)$）。
    対角ガウス分布 $p=\mathcal N(\mu_1,\operatorname{diag}\sigma_1^2)$、$q=\mathcal N(\mu_2,\operatorname{diag}\sigma_2^2)$ では閉形式
    $$D_{\mathrm{KL}}(p\,\|\,q) = \frac12\sum_{d}\left[\log\frac{\sigma_{2,d}^2}{\sigma_{1,d}^2} + \frac{\sigma_{1,d}^2 + (\mu_{1,d}-\mu_{2,d})^2}{\sigma_{2,d}^2} - 1\right]$$
    があります（`torch.distributions.kl_divergence` と同じ値）。閉形式がない場合は、$p$ からのサンプル $x_s$ を使った
    **モンテカルロ推定** $\frac1S\sum_s\bigl[\log p(x_s)-\log q(x_s)\bigr]$ を使います。

    - `kl_diag_gaussians(mu1, var1, mu2, var2)`: 最後の次元で和（形状 `(...)`）
    - `kl_monte_carlo(x, mu1, var1, mu2, var2)`: `x` は形状 `(S, ..., D)` の $p$ からのサンプル（dim 0 がサンプル）。前の課題の関数を使って構いません。
    """)
    nb.solution("kl_divergence_code", ref, ["kl_diag_gaussians", "kl_monte_carlo"])
    nb.grade("kl_divergence", 6, """
    with sanity_check("kl_divergence"):
        kl = kl_diag_gaussians(torch.tensor([1.0]), torch.tensor([4.0]), torch.tensor([0.0]), torch.tensor([1.0]))
        assert torch.allclose(kl, torch.tensor(1.306853), atol=1e-5), f"KL(N(1, 4) || N(0, 1)) が違います: {kl}"
        g = torch.Generator().manual_seed(0)
        x = 1.0 + 2.0 * torch.randn(20000, 1, generator=g)
        est = kl_monte_carlo(x, torch.tensor([1.0]), torch.tensor([4.0]), torch.tensor([0.0]), torch.tensor([1.0]))
        assert abs(float(est) - 1.306853) < 0.1, f"モンテカルロ推定 {float(est):.3f} が閉形式 1.3069 から離れすぎています"
    """)

    # ------------------------------------------------------------------ 5. GMM
    nb.markdown(r"""
    ## 5. 潜在変数モデル: 混合ガウスモデルの対数尤度

    潜在変数 $z\in\{1,\dots,K\}$（どの成分から生成されたか）を持つモデル
    $p(x) = \sum_k \pi_k\,\mathcal N(x;\mu_k,\operatorname{diag}\sigma_k^2)$ の対数尤度は
    $$\log p(x) = \log\sum_{k}\exp\bigl(\log\pi_k + \log\mathcal N(x;\mu_k,\operatorname{diag}\sigma_k^2)\bigr)
    = \operatorname{logsumexp}_k\bigl(\log\pi_k + \log\mathcal N(x;\mu_k,\operatorname{diag}\sigma_k^2)\bigr)$$
    です。どの成分からも遠い点では $\exp(\cdot)$ がすべて 0 にアンダーフローし、素朴な `log(sum(exp(...)))` は $-\infty$ になります。
    **`torch.logsumexp`**（最大値を引いてから exp する）を使ってください。

    `gmm_log_likelihood(x, weights, means, variances)`: `x` `(N, D)`、`weights` `(K,)`、`means`/`variances` `(K, D)` → 形状 `(N,)`。
    """)
    nb.solution("gmm_log_likelihood_code", ref, ["gmm_log_likelihood"])
    nb.grade("gmm_log_likelihood", 5, """
    with sanity_check("gmm_log_likelihood"):
        w = torch.tensor([0.5, 0.5], dtype=torch.float64)
        m = torch.tensor([[0.0], [0.0]], dtype=torch.float64)
        v = torch.tensor([[1.0], [1.0]], dtype=torch.float64)
        ll = gmm_log_likelihood(torch.tensor([[0.0]], dtype=torch.float64), w, m, v)
        assert ll.shape == (1,) and torch.allclose(ll, torch.tensor([-0.918939], dtype=torch.float64), atol=1e-5), f"{ll}"
        far = gmm_log_likelihood(torch.tensor([[100.0]], dtype=torch.float64), w, m, v * 0.01)
        assert bool(torch.isfinite(far).all()), f"遠い点で有限になりません: {far}（logsumexp を使いましたか？）"
    """)

    nb.markdown(r"""
    ## 6. EM アルゴリズム（1 ステップ）

    **E ステップ**: 負担率（成分 $k$ の事後確率） $\gamma_{nk} = \operatorname{softmax}_k\bigl(\log\pi_k + \log\mathcal N(x_n;\mu_k,\operatorname{diag}\sigma_k^2)\bigr)$
    （PRML 式 (9.23)。これも対数空間で計算します）。

    **M ステップ**（PRML 式 (9.24)–(9.26)、対角共分散）: $N_k = \sum_n\gamma_{nk}$ として
    $$\mu_k^{\text{new}} = \frac{1}{N_k}\sum_n\gamma_{nk}x_n,\quad
    (\sigma_k^2)^{\text{new}} = \frac{1}{N_k}\sum_n\gamma_{nk}\bigl(x_n-\mu_k^{\text{new}}\bigr)^2,\quad
    \pi_k^{\text{new}} = \frac{N_k}{N}.$$
    分散は **新しい** 平均のまわりで計算します。`em_step(x, weights, means, variances)` は `(weights, means, variances)` を返します。
    """)
    nb.solution("em_step_code", ref, ["em_step"])
    nb.grade("em_step", 4, """
    with sanity_check("em_step"):
        x = torch.tensor([[0.0], [1.0], [10.0], [11.0]], dtype=torch.float64)
        w, m, v = em_step(x, torch.tensor([0.5, 0.5], dtype=torch.float64),
                          torch.tensor([[0.0], [10.0]], dtype=torch.float64), torch.ones(2, 1, dtype=torch.float64))
        assert torch.allclose(w, torch.tensor([0.5, 0.5], dtype=torch.float64), atol=1e-6), f"weights: {w}"
        assert torch.allclose(m, torch.tensor([[0.5], [10.5]], dtype=torch.float64), atol=1e-6), f"means: {m}"
        assert torch.allclose(v, torch.tensor([[0.25], [0.25]], dtype=torch.float64), atol=1e-6), f"variances: {v}"
    """)
    nb.demo("demo_em", """
    # デモ: EM を 30 回繰り返すと対数尤度は単調に増える
    import matplotlib.pyplot as plt

    with sanity_check("demo_em"):
        g = torch.Generator().manual_seed(1)
        data = torch.cat([torch.randn(150, 2, generator=g, dtype=torch.float64) * 0.5 + torch.tensor([-2.0, 0.0], dtype=torch.float64),
                          torch.randn(100, 2, generator=g, dtype=torch.float64) * 0.8 + torch.tensor([2.0, 1.0], dtype=torch.float64)])
        w = torch.tensor([0.5, 0.5], dtype=torch.float64)
        m = torch.tensor([[0.0, -1.0], [0.5, 1.0]], dtype=torch.float64)
        v = torch.ones(2, 2, dtype=torch.float64)
        history = []
        for _ in range(30):
            history.append(float(gmm_log_likelihood(data, w, m, v).mean()))
            w, m, v = em_step(data, w, m, v)
        plt.figure(figsize=(4, 2.5))
        plt.plot(history, marker=".")
        plt.xlabel("EM iteration")
        plt.ylabel("mean log-likelihood")
        plt.show()
        print("推定された平均:", m.numpy().round(2).tolist(), " 混合比:", w.numpy().round(2).tolist())
    """)

    # ------------------------------------------------------------------ 7. sampling
    nb.markdown(r"""
    ## 7. サンプリング: 逆関数法（カテゴリ分布）

    累積分布関数（CDF） $F_k = \sum_{j\le k} w_j / \sum_j w_j$ の逆関数に一様乱数 $u\sim U[0,1)$ を入れると、目的の分布に従うサンプルが得られます。
    カテゴリ分布では「$u < F_k$ を満たす最小の $k$」がサンプルです。カテゴリ $k$ の区間は $[F_{k-1}, F_k)$ なので、
    $u = F_k$ ちょうどのときは $k+1$ になり、重み 0 のカテゴリは決して選ばれません（`torch.searchsorted(cdf, u, right=True)`）。

    `sample_categorical(weights, u)`: `weights` `(K,)`（非負、和は 1 とは限らない）、`u` 任意の形状 → 同じ形状の int64 テンソル。
    """)
    nb.solution("sample_categorical_code", ref, ["sample_categorical"])
    nb.grade("sample_categorical", 5, """
    with sanity_check("sample_categorical"):
        s = sample_categorical(torch.tensor([1.0, 0.0, 1.0, 2.0]), torch.tensor([0.0, 0.2, 0.25, 0.6, 0.99]))
        assert s.dtype == torch.int64, f"dtype は int64 にしてください: {s.dtype}"
        assert s.tolist() == [0, 0, 2, 3, 3], f"サンプルが違います: {s.tolist()}"
    """)

    nb.markdown(r"""
    ## 8. 重点サンプリング（自己正規化、対数空間）

    $p$ から直接サンプリングできないとき、提案分布 $q$ からのサンプル $x_s\sim q$ に重み $w_s \propto \tilde p(x_s)/q(x_s)$ を付けて
    $\mathbb E_p[f]$ を推定します。目標 $\tilde p$ が **正規化されていない**（定数倍が不明な）ことが多いので、ここでは
    **自己正規化推定量**
    $$\hat{\mathbb E}_p[f] = \sum_s \tilde w_s f(x_s),\qquad \tilde w_s = \frac{\exp(\ell_s)}{\sum_{s'}\exp(\ell_{s'})},\quad \ell_s = \log\tilde p(x_s) - \log q(x_s)$$
    を実装します。$\ell_s$ は数百にもなるので、`torch.softmax`（最大値を引いてから exp）で対数空間のまま計算してください。

    `importance_estimate(f_values, log_p, log_q)`: `f_values` `(S, ...)`、`log_p`/`log_q` `(S,)` → 形状 `(...)`。
    """)
    nb.solution("importance_estimate_code", ref, ["importance_estimate"])
    nb.grade("importance_estimate", 4, """
    with sanity_check("importance_estimate"):
        g = torch.Generator().manual_seed(0)
        x = 2.0 * torch.randn(20000, generator=g, dtype=torch.float64)           # q = N(0, 2^2)
        log_q = -0.5 * (x / 2.0) ** 2 - math.log(2.0) - 0.5 * math.log(2 * math.pi)
        log_p = -0.5 * ((x - 1.0) / 0.5) ** 2 + 500.0                             # p ∝ N(1, 0.5^2)、巨大な定数付き
        est = importance_estimate(x, log_p, log_q)
        assert bool(torch.isfinite(est)), f"推定値が有限ではありません: {est}（対数空間で計算しましたか？）"
        assert abs(float(est) - 1.0) < 0.05, f"E_p[x] = 1 の推定値が {float(est):.3f} です"
    """)

    nb.markdown(r"""
    ## 9. MCMC: メトロポリス・ヘイスティングス法（非対称な提案分布）

    目標分布 $\pi(x)\propto x^{k-1}e^{-\theta x}$（ガンマ分布、$x>0$）から、対数正規の提案 $x' = x\,e^{\,\text{step}\cdot z}$（$z\sim\mathcal N(0,1)$）で
    マルコフ連鎖を作ります。この提案分布は **非対称** で $q(x\mid x')/q(x'\mid x) = x'/x$ なので、採択確率は
    $$\alpha = \min\left(1,\ \frac{\pi(x')\,q(x\mid x')}{\pi(x)\,q(x'\mid x)}\right),\qquad
    \log\alpha = (k-1)(\log x'-\log x) - \theta(x'-x) + (\log x' - \log x)$$
    です（最後の項が Hastings 補正）。一様乱数 $u$ について $\log u < \log\alpha$ なら採択、そうでなければ $x$ に留まります
    （棄却しても現在の状態を **もう一度記録** します）。

    `metropolis_hastings_gamma(x0, shape, rate, step, z, u)`: `x0` `(C,)` は C 本の独立な鎖の初期値、`z`/`u` は `(T, C)`。
    各ステップ後の状態を形状 `(T, C)` で返します（`x0` は含めない）。
    """)
    nb.solution("metropolis_hastings_code", ref, ["metropolis_hastings_gamma"])
    nb.grade("metropolis_hastings", 3, """
    with sanity_check("metropolis_hastings"):
        x0 = torch.tensor([1.0], dtype=torch.float64)
        z = torch.tensor([[0.5], [0.5]], dtype=torch.float64)
        u = torch.tensor([[0.3], [0.999]], dtype=torch.float64)
        chain = metropolis_hastings_gamma(x0, 3.0, 2.0, 0.7, z, u)
        assert chain.shape == (2, 1), f"形状は (T, C) = (2, 1) のはずです: {tuple(chain.shape)}"
        assert torch.allclose(chain[:, 0], torch.tensor([math.exp(0.35)] * 2, dtype=torch.float64)), f"{chain[:, 0]}"
    """)
    nb.demo("demo_mh", """
    # デモ: 長い鎖のヒストグラムとガンマ分布の密度を比べる
    import matplotlib.pyplot as plt

    with sanity_check("demo_mh"):
        g = torch.Generator().manual_seed(2)
        T, C = 2000, 16
        chain = metropolis_hastings_gamma(torch.ones(C, dtype=torch.float64), 3.0, 2.0, 0.7,
                                          torch.randn(T, C, generator=g, dtype=torch.float64),
                                          torch.rand(T, C, generator=g, dtype=torch.float64))
        s = chain[300:].flatten()
        grid = torch.linspace(0.01, 5, 200, dtype=torch.float64)
        pdf = torch.distributions.Gamma(torch.tensor(3.0), torch.tensor(2.0)).log_prob(grid).exp()
        plt.figure(figsize=(4, 2.5))
        plt.hist(s.numpy(), bins=60, density=True, alpha=0.5, label="MH samples")
        plt.plot(grid.numpy(), pdf.numpy(), label="Gamma(3, rate 2)")
        plt.legend()
        plt.show()
        print(f"サンプル平均 {float(s.mean()):.3f}（理論値 1.5）")
    """)

    # ------------------------------------------------------------------ 10. metrics
    nb.markdown(r"""
    ## 10. 評価指標: Inception Score

    分類器の出力 $p(y\mid x)$ を使い、
    $$\mathrm{IS} = \exp\Bigl(\mathbb E_x\bigl[D_{\mathrm{KL}}\bigl(p(y\mid x)\,\|\,p(y)\bigr)\bigr]\Bigr),\qquad p(y) = \mathbb E_x[p(y\mid x)]$$
    とします（Salimans et al. 2016）。個々の画像の予測がはっきりしていて（エントロピー小）、全体ではクラスがばらけている（エントロピー大）ほど大きくなります。

    **分割の約束**（torchmetrics の `InceptionScore` と同じ。ただしシャッフルはしない）: 行を `probs.chunk(num_splits, dim=0)` で
    **連続したブロック** に分け、ブロックごとに $p(y)$ とスコアを計算し、スコアの **平均** と **不偏標準偏差**（`torch.std`）を返します。
    $0\log 0 = 0$ とします（`torch.xlogy` が便利です）。

    `inception_score(probs, num_splits)`: `probs` `(N, C)` → `(mean, std)`（0 次元テンソル）。
    """)
    nb.solution("inception_score_code", ref, ["inception_score"])
    nb.grade("inception_score", 3, """
    with sanity_check("inception_score"):
        mean, std = inception_score(torch.eye(4, dtype=torch.float64).repeat(2, 1), 2)
        assert torch.allclose(mean, torch.tensor(4.0, dtype=torch.float64)), f"one-hot で 4 クラス均等なら IS = 4 です: {mean}"
        mean_u, _ = inception_score(torch.full((6, 3), 1 / 3, dtype=torch.float64), 3)
        assert torch.allclose(mean_u, torch.tensor(1.0, dtype=torch.float64)), f"一様な予測なら IS = 1 です: {mean_u}"
    """)

    nb.markdown(r"""
    ## 11. 特徴量の統計量（float64 で計算する）

    FID は特徴量の平均 $\mu$ と共分散 $\Sigma$ を使います（pytorch-fid と同じく **不偏** 共分散、$N-1$ で割る）:
    $$\mu = \frac1N\sum_n x_n,\qquad \Sigma = \frac{1}{N-1}\sum_n (x_n-\mu)(x_n-\mu)^\top.$$
    特徴量が float32 でも、**先に float64 に変換してから中心化** してください。教科書的な $\sum_n x_nx_n^\top - N\mu\mu^\top$ を
    float32 で計算すると、平均が大きいとき 2 つの大きな数の差で桁落ちが起き、でたらめな値になります
    （例: $x = 1000 + (0.1, -0.1, 0.2, -0.2, 0)$ の分散は 0.025）。
    **この課題は精度そのものを問います。** 他の課題では float32 の精度（有効数字 4 桁）で一致すれば満点ですが、
    この課題だけは float64 の精度（有効数字 7 桁）で採点します。

    `feature_statistics(features)`: `(N, D)` → `(mu (D,), sigma (D, D))`、どちらも float64。
    """)
    nb.solution("feature_statistics_code", ref, ["feature_statistics"])
    nb.grade("feature_statistics", 5, """
    with sanity_check("feature_statistics"):
        x = (1000 + torch.tensor([0.1, -0.1, 0.2, -0.2, 0.0], dtype=torch.float64)).float()[:, None]
        mu, sigma = feature_statistics(x)
        assert mu.dtype == torch.float64 and sigma.dtype == torch.float64, f"float64 で返してください: {mu.dtype}, {sigma.dtype}"
        assert sigma.shape == (1, 1), f"sigma の形状は (D, D) のはずです: {tuple(sigma.shape)}"
        assert abs(float(sigma) - 0.025) < 1e-4, f"分散は 0.025 のはずです: {float(sigma)}"
    """)

    nb.markdown(r"""
    ## 12. フレシェ距離（FID）

    2 つのガウス分布 $\mathcal N(\mu_1,\Sigma_1)$、$\mathcal N(\mu_2,\Sigma_2)$ のフレシェ距離は
    $$d^2 = \|\mu_1-\mu_2\|^2 + \operatorname{tr}\Sigma_1 + \operatorname{tr}\Sigma_2 - 2\operatorname{tr}\bigl(\Sigma_1\Sigma_2\bigr)^{1/2}$$
    です（Heusel et al. 2017, 式 (6)）。特徴量が Inception-v3 のものなら FID です。$(\Sigma_1\Sigma_2)^{1/2}$ は **行列の平方根** で、
    要素ごとの平方根ではありません。一般の `sqrtm` は特異な行列（サンプル数 < 次元）で虚部をもつ複素数を返すことがあるので、
    **固有値** を使います: $\Sigma_1\Sigma_2$ は半正定値行列 $\Sigma_1^{1/2}\Sigma_2\Sigma_1^{1/2}$ と相似なので固有値は実数で 0 以上であり、
    $$\operatorname{tr}(\Sigma_1\Sigma_2)^{1/2} = \sum_i\sqrt{\lambda_i}$$
    です。丸め誤差でわずかに負になった固有値は 0 にクリップしてください。結果は常に **有限の実数**（float64）です。

    `frechet_distance(mu1, sigma1, mu2, sigma2)` → 0 次元の float64 テンソル。
    """)
    nb.solution("frechet_distance_code", ref, ["frechet_distance"])
    nb.grade("frechet_distance", 6, """
    with sanity_check("frechet_distance"):
        S1 = torch.tensor([[2.0, 0.5], [0.5, 1.0]], dtype=torch.float64)
        S2 = torch.tensor([[1.0, 0.2], [0.2, 3.0]], dtype=torch.float64)
        fd = frechet_distance(torch.zeros(2, dtype=torch.float64), S1, torch.ones(2, dtype=torch.float64), S2)
        assert not fd.is_complex(), "複素数ではなく実数を返してください"
        assert abs(float(fd) - 2.754386) < 1e-5, f"値は 2.754386 のはずです: {float(fd)}"
        g = torch.Generator().manual_seed(0)
        mu_a, s_a = feature_statistics(torch.randn(3, 4, generator=g, dtype=torch.float64))
        mu_b, s_b = feature_statistics(torch.randn(3, 4, generator=g, dtype=torch.float64) + 1)
        fd2 = frechet_distance(mu_a, s_a, mu_b, s_b)
        assert not fd2.is_complex() and bool(torch.isfinite(fd2)), f"階数落ちの共分散で有限の実数になりません: {fd2}"
    """)
    nb.demo("demo_fid", """
    # デモ: 手書き数字で「FID」と Inception Score を計算する
    # Inception-v3 の重みはここではダウンロードできないので、数字データで学習した小さな分類器を特徴抽出器に使います。
    # fid() は任意の torch の特徴抽出器を受け取るので、手元に Inception の重みがあればそれを差し込めば通常の FID になります。
    with sanity_check("demo_fid"):
        x_all, y_all = load_digits_tensor(torch.float32)
        x_tr, y_tr, x_te = x_all[:1200], y_all[:1200], x_all[1200:]
        torch.manual_seed(0)
        features = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())
        classifier = nn.Sequential(features, nn.Linear(32, 10))
        opt = torch.optim.Adam(classifier.parameters(), lr=1e-2)
        for epoch in range(60):
            opt.zero_grad()
            loss = F.cross_entropy(classifier(x_tr), y_tr)
            loss.backward()
            opt.step()
        classifier.eval()
        print(f"分類器の学習損失 {loss.item():.3f}")

        def fid(extractor, a, b, batch_size=256):
            \"\"\"FID between image sets a and b through any torch feature extractor (features (B, D)).\"\"\"
            with torch.no_grad():
                fa = torch.cat([extractor(c).reshape(len(c), -1) for c in a.split(batch_size)])
                fb = torch.cat([extractor(c).reshape(len(c), -1) for c in b.split(batch_size)])
            return float(frechet_distance(*feature_statistics(fa), *feature_statistics(fb)))

        g = torch.Generator().manual_seed(0)
        lp, mu_c, var_c = fit_class_conditional_gaussian(x_tr.double(), y_tr, 10, 0.01)
        ys = sample_categorical(lp.exp(), torch.rand(597, generator=g, dtype=torch.float64))
        generated = (mu_c[ys] + var_c[ys].sqrt() * torch.randn(597, 64, generator=g, dtype=torch.float64)).clamp(0, 1).float()
        noisy = (x_te + 0.3 * torch.randn(x_te.shape, generator=g)).clamp(0, 1)
        for name, imgs in [("本物（学習用の別サンプル）", x_tr[:597]), ("ガウス生成モデルのサンプル", generated),
                           ("ノイズを加えた本物", noisy)]:
            with torch.no_grad():
                probs = torch.softmax(classifier(imgs).double(), dim=1)
            is_mean, is_std = inception_score(probs, 5)
            print(f"{name:24s}  FID = {fid(features, x_te, imgs):8.3f}   IS = {float(is_mean):.2f} ± {float(is_std):.2f}")
    """)
    return {"fundamentals.ipynb": nb}
