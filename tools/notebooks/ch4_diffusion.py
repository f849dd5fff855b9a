"""Builds source/ch4_diffusion/diffusion.ipynb (chapter 4: Diffusion Models)."""
from autograder.authoring import NotebookBuilder
import solutions.ch4_diffusion as ref


def build():
    nb = NotebookBuilder("ch4_diffusion")
    nb.markdown(r"""
    # 第4章 演習: Diffusion Models

    この演習では、第4章で学んだ **Diffusion Models（拡散モデル）** の中核となる計算を PyTorch で実装し、
    Hugging Face **Diffusers** の `DDPMScheduler` / `DDIMScheduler` と同じ結果になることを確かめます。

    1. Diffusion Process の基礎: ノイズスケジュール（linear / scaled_linear / cosine）と Forward process $q(x_t\mid x_0)$
    2. DDPM: 事後分布 $q(x_{t-1}\mid x_t, x_0)$、ε予測の損失、逆過程（Reverse process）の1ステップ
    3. Score-based Models: 混合ガウスのスコア関数、デノイジング・スコアマッチング、（アニーリング）Langevin Dynamics
    4. Stable Diffusion の部品: 時刻埋め込み（sinusoidal embedding）、潜在表現のスケーリング（Latent Diffusion）、Cross-Attention
    5. 高速サンプリング: DDIM の時刻列と DDIM ステップ、Classifier-free Guidance
    6. まとめ: 2次元の混合分布で小さなε予測モデルを学習し、自分の DDPM / DDIM ループで生成する

    **進め方**: 各課題の `# YOUR CODE HERE` の下にある `raise NotImplementedError()` をあなたのコードに置き換えてください。
    各課題の直後のセルは「基本チェック」です。実行すると ✅ / ❌ / ⏳ が表示されます。
    採点は、別の入力（さまざまな形状、float32 と float64、Diffusers の各オプション）を使う隠しテストで行われます。
    関数名・引数・戻り値の形状は変更しないでください。乱数は引数（`noise` など）として渡されるので、関数の中で乱数を生成しないでください。

    **記法**: 時刻は Diffusers と同じく 0 始まりの整数 $t = 0,\dots,T-1$ です。`betas[t]` $=\beta_t$、
    `alphas_cumprod[t]` $=\bar\alpha_t=\prod_{s\le t}(1-\beta_s)$ と書きます。
    """)
    nb.setup("setup", """
    import math

    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    from genmodels_lab import sanity_check

    _ = torch.manual_seed(0)  # the Generator it returns is not displayed
    """)

    # ------------------------------------------------------------------ 1. schedules
    nb.markdown(r"""
    ## 1. Diffusion Process の基礎

    ### 1.1 ノイズスケジュール

    Forward process は、データ $x_0$ に少しずつガウスノイズを加えるマルコフ連鎖です（Ho et al. 2020, 式 2）。
    $$q(x_t\mid x_{t-1}) = \mathcal N\bigl(x_t;\ \sqrt{1-\beta_t}\,x_{t-1},\ \beta_t I\bigr)$$
    $\beta_t$ の並び（スケジュール）として、Diffusers では次の3つがよく使われます。

    | `kind` | 定義 | 使われる場所 |
    |---|---|---|
    | `"linear"` | $\beta_t = $ `torch.linspace(beta_start, beta_end, T)`（両端を含む） | DDPM（$10^{-4}$ から $0.02$） |
    | `"scaled_linear"` | $\beta_t = $ `torch.linspace(beta_start ** 0.5, beta_end ** 0.5, T) ** 2` | Stable Diffusion（$0.00085$ から $0.012$） |
    | `"squaredcos_cap_v2"` | $\beta_t = \min\left(1-\dfrac{f\bigl((t+1)/T\bigr)}{f(t/T)},\ \beta_{\max}\right)$, $f(s)=\cos^2\!\left(\dfrac{s+0.008}{1.008}\cdot\dfrac{\pi}{2}\right)$ | Improved DDPM（Nichol & Dhariwal 2021, 式 17） |

    コサインスケジュールでは $f(1)=\cos^2(\pi/2)=0$ なので、**上限 $\beta_{\max}=0.999$ がないと最後の $\beta$ が 1 になり**、
    $\alpha_T = 1-\beta_T = 0$ で割る $1/\sqrt{\alpha_T}$ が無限大になります（上限があれば $1/\sqrt{0.001}\approx 31.62$）。

    累積積 $\bar\alpha_t = \prod_{s=0}^{t}(1-\beta_s)$ は、このあと何度も使います。
    """)
    nb.solution("beta_schedule_code", ref, ["beta_schedule", "alphas_cumprod_from_betas"])
    nb.grade("beta_schedule", 3, """
    with sanity_check("beta_schedule"):
        b = beta_schedule("linear", 5)
        assert b.shape == (5,), f"形状は (T,) = (5,) のはずです: {tuple(b.shape)}"
        assert torch.allclose(b.double(), torch.tensor([1e-4, 0.005075, 0.01005, 0.015025, 0.02], dtype=torch.float64)), f"linear が違います: {b}"
        c = beta_schedule("squaredcos_cap_v2", 1000)
        assert abs(float(c[-1]) - 0.999) < 1e-9, f"コサインの最後の beta は 0.999 に制限されるはずです: {float(c[-1])}"
        ac = alphas_cumprod_from_betas(c)
        assert abs(float(ac[999]) / 2.4287e-9 - 1) < 1e-3, f"abar_999 は約 2.4287e-9 のはずです: {float(ac[999])}"
    """)
    nb.demo("demo_schedules", """
    import matplotlib.pyplot as plt

    with sanity_check("demo_schedules"):
        curves = {kind: alphas_cumprod_from_betas(beta_schedule(kind, 1000, bs, be))
                  for kind, (bs, be) in {"linear": (1e-4, 0.02), "scaled_linear": (0.00085, 0.012),
                                         "squaredcos_cap_v2": (1e-4, 0.02)}.items()}
        fig, ax = plt.subplots(figsize=(6, 3.5))
        for kind, ac in curves.items():
            ax.plot(ac, label=kind)
        ax.set_xlabel("t"); ax.set_ylabel(r"$\\bar\\alpha_t$"); ax.legend(); ax.set_title("alphas_cumprod")
        plt.show()
    """)

    # ------------------------------------------------------------------ q_sample
    nb.markdown(r"""
    ### 1.2 Forward process $q(x_t\mid x_0)$

    ガウス分布の再生性から、$x_0$ から任意の時刻 $x_t$ へ一度に飛べます（Ho et al. 2020, 式 4）。
    $$q(x_t\mid x_0)=\mathcal N\bigl(x_t;\ \sqrt{\bar\alpha_t}\,x_0,\ (1-\bar\alpha_t)I\bigr),\qquad
    x_t = \sqrt{\bar\alpha_t}\,x_0 + \sqrt{1-\bar\alpha_t}\,\varepsilon,\quad \varepsilon\sim\mathcal N(0,I)$$
    ミニバッチでは **サンプルごとに異なる時刻** `t`（形状 `(B,)`）を使います。`alphas_cumprod[t]` は形状 `(B,)` なので、
    `(B, 1, ..., 1)` に reshape して `x0`（形状 `(B, ...)`）にブロードキャストします。
    これは Diffusers の `DDPMScheduler.add_noise(x0, noise, t)` と同じ計算です。
    """)
    nb.solution("q_sample_code", ref, ["q_sample"])
    nb.grade("q_sample", 2, """
    with sanity_check("q_sample"):
        ac = alphas_cumprod_from_betas(beta_schedule("linear", 1000))
        x0, noise = torch.ones(2, 3, 2, 2), torch.full((2, 3, 2, 2), -1.0)
        xt = q_sample(x0, torch.tensor([0, 999]), noise, ac)
        assert xt.shape == x0.shape, f"形状は x0 と同じはずです: {tuple(xt.shape)}"
        a0, a1 = float(ac[0]), float(ac[999])
        assert abs(float(xt[0, 0, 0, 0]) - (a0 ** 0.5 - (1 - a0) ** 0.5)) < 1e-5, "t = 0 の値が違います"
        assert abs(float(xt[1, 2, 1, 1]) - (a1 ** 0.5 - (1 - a1) ** 0.5)) < 1e-5, "t = 999 の値が違います（サンプルごとの時刻）"
    """)

    # ------------------------------------------------------------------ 2. posterior
    nb.markdown(r"""
    ## 2. DDPM（Denoising Diffusion Probabilistic Models）

    ### 2.1 事後分布 $q(x_{t'}\mid x_t, x_0)$ とステップの飛ばし

    $x_0$ が分かっていれば、1つ前の時刻の分布は閉形式のガウス分布です（Ho et al. 2020, 式 6–7）。
    $$q(x_{t-1}\mid x_t,x_0)=\mathcal N\bigl(\tilde\mu_t,\ \tilde\beta_t I\bigr),\quad
    \tilde\mu_t=\underbrace{\frac{\sqrt{\bar\alpha_{t-1}}\,\beta_t}{1-\bar\alpha_t}}_{c_0}x_0+
    \underbrace{\frac{\sqrt{\alpha_t}\,(1-\bar\alpha_{t-1})}{1-\bar\alpha_t}}_{c_t}x_t,\quad
    \tilde\beta_t=\frac{1-\bar\alpha_{t-1}}{1-\bar\alpha_t}\beta_t$$

    推論を速くするため、$t$ から $t' < t-1$ へ **ステップを飛ばす** こともあります（例: $980\to960$）。
    このときは $\bar\alpha_{t-1}$ を $\bar\alpha_{t'}$ に置き換え、$\beta_t$ も **実効的な値**
    $$\beta^{\mathrm{eff}} = 1-\frac{\bar\alpha_t}{\bar\alpha_{t'}},\qquad \alpha^{\mathrm{eff}} = 1-\beta^{\mathrm{eff}}$$
    に置き換えます（$t$ から $t'$ までの区間全体のノイズ量です）。`betas[t]` をそのまま使うと、
    $980\to960$ では $\beta^{\mathrm{eff}}=0.324614$ のところを $\beta_{980}=0.019622$ としてしまい、分散が十数分の一になります。
    最後のステップでは $t'=-1$ として $\bar\alpha_{t'}=1$ とします（Diffusers の `DDPMScheduler` と同じ約束です）。

    `t`, `t_prev` は形状 `(B,)` の int64 テンソルで、戻り値は $(c_0, c_t, \tilde\beta)$ のタプル（それぞれ形状 `(B,)`）です。
    """)
    nb.solution("posterior_code", ref, ["posterior_coefficients"])
    nb.grade("posterior", 3, """
    with sanity_check("posterior"):
        ac = alphas_cumprod_from_betas(beta_schedule("linear", 1000))
        c0, ct, var = posterior_coefficients(ac, torch.tensor([980]), torch.tensor([960]))
        assert abs(float(var[0]) - 0.324605) < 1e-5, f"980 -> 960 の事後分散は 0.324605 のはずです: {float(var[0])}"
        c0, ct, var = posterior_coefficients(ac, torch.tensor([5]), torch.tensor([-1]))
        assert abs(float(c0[0]) - 1.0) < 1e-9 and abs(float(ct[0])) < 1e-9 and abs(float(var[0])) < 1e-12, \\
            "t_prev = -1 では abar_prev = 1 なので (c0, ct, var) = (1, 0, 0) のはずです"
    """)

    # ------------------------------------------------------------------ loss
    nb.markdown(r"""
    ### 2.2 学習の目的関数: ε予測の損失

    DDPM は、ノイズを加えた $x_t$ から **加えたノイズ $\varepsilon$ を予測する** ネットワーク $\varepsilon_\theta(x_t,t)$ を学習します。
    変分下限を簡略化した目的関数（Ho et al. 2020, 式 14, Algorithm 1）は
    $$L_{\text{simple}} = \mathbb E_{t,x_0,\varepsilon}\Bigl[\bigl\|\varepsilon-\varepsilon_\theta\bigl(\sqrt{\bar\alpha_t}x_0+\sqrt{1-\bar\alpha_t}\,\varepsilon,\ t\bigr)\bigr\|^2\Bigr]$$
    です。ここではバッチの時刻 `t` とノイズ `noise` が引数として与えられるので、$x_t$ を作ってモデルを呼び、
    **全要素についての平均二乗誤差**（`F.mse_loss` と同じ）をスカラーで返します。
    `eps_model(x_t, t)` は呼び出し可能なオブジェクト（`nn.Module` など）です。
    """)
    nb.solution("epsilon_loss_code", ref, ["epsilon_loss"])
    nb.grade("epsilon_loss", 2, """
    with sanity_check("epsilon_loss"):
        ac = alphas_cumprod_from_betas(beta_schedule("linear", 1000))
        x0, noise, t = torch.randn(4, 2), torch.randn(4, 2), torch.tensor([0, 10, 500, 999])
        perfect = epsilon_loss(lambda x, tt: noise, x0, t, noise, ac)
        assert perfect.dim() == 0, f"損失はスカラー（0次元）のはずです: 形状 {tuple(perfect.shape)}"
        assert float(perfect) < 1e-12, "ノイズを正しく当てるモデルの損失は 0 のはずです"
        zero = epsilon_loss(lambda x, tt: torch.zeros_like(x), x0, t, noise, ac)
        assert abs(float(zero) - float((noise ** 2).mean())) < 1e-6, "損失は全要素の平均二乗誤差のはずです"
    """)

    # ------------------------------------------------------------------ ddpm step
    nb.markdown(r"""
    ### 2.3 逆過程（Reverse process）の1ステップ

    生成では $x_{T-1}\sim\mathcal N(0,I)$ から始めて、$p_\theta(x_{t'}\mid x_t)=\mathcal N(\tilde\mu,\sigma_t^2 I)$ で1ステップずつ戻ります
    （Ho et al. 2020, Algorithm 2）。ネットワークの出力 `model_output` の意味は `prediction_type` で決まり、まず $x_0$ の予測 $\hat x_0$ を作ります。

    | `prediction_type` | $\hat x_0$ |
    |---|---|
    | `"epsilon"` | $(x_t-\sqrt{1-\bar\alpha_t}\,\hat\varepsilon)/\sqrt{\bar\alpha_t}$（式 15） |
    | `"v_prediction"` | $\sqrt{\bar\alpha_t}\,x_t-\sqrt{1-\bar\alpha_t}\,\hat v$（Salimans & Ho 2022, $v=\sqrt{\bar\alpha_t}\varepsilon-\sqrt{1-\bar\alpha_t}x_0$） |
    | `"sample"` | `model_output` そのもの |

    `clip_sample=True` なら $\hat x_0$ を $[-r, r]$（`clip_sample_range`）に切り詰めます。次に 2.1 の係数で平均
    $\tilde\mu = c_0\hat x_0 + c_t x_t$ を作り（実効的な $\beta$ を使う）、**$t>0$ のときだけ** ノイズを加えます。
    $$x_{t'} = \tilde\mu + \sigma_t\,z,\qquad \sigma_t^2 = \begin{cases}\tilde\beta & (\texttt{"fixed\_small"})\\ \beta^{\mathrm{eff}} & (\texttt{"fixed\_large"})\end{cases}$$
    `t_prev` を省略したときは `t - 1` です。Diffusers の `DDPMScheduler.step` と同じ結果になります（ノイズは引数 `noise` で渡します）。
    """)
    nb.solution("ddpm_step_code", ref, ["ddpm_step"])
    nb.grade("ddpm_step", 4, """
    with sanity_check("ddpm_step"):
        ac = alphas_cumprod_from_betas(beta_schedule("linear", 1000))
        x = torch.tensor([[1.0, 0.0], [0.0, 0.0]])
        out = ddpm_step(torch.zeros(2, 2), 10, x, ac, noise=torch.zeros(2, 2))
        assert out.shape == x.shape, f"形状は x_t と同じはずです: {tuple(out.shape)}"
        assert abs(float(out[0, 0]) - 1.0001) < 1e-4, f"eps = 0 なら x_prev は x_t / sqrt(alpha_t) に近いはずです: {out}"
        last = ddpm_step(torch.zeros(1, 2), 0, torch.ones(1, 2), ac, noise=torch.full((1, 2), 100.0))
        assert float(last.abs().max()) < 2, "t = 0 ではノイズを加えません"
    """)

    # ------------------------------------------------------------------ 3. score
    nb.markdown(r"""
    ## 3. Score-based Models

    ### 3.1 スコア関数: 混合ガウス分布

    確率密度の対数の勾配 $\nabla_x\log p(x)$ を **スコア関数** と呼びます。正規化定数に依存しないので、
    スコアだけから Langevin Dynamics でサンプリングできます。等方的な混合ガウス
    $p(x)=\sum_k w_k\,\mathcal N(x;\mu_k,s_k^2 I)$（$x\in\mathbb R^D$）のスコアは
    $$\nabla_x\log p(x)=\sum_k r_k(x)\,\frac{\mu_k-x}{s_k^2},\qquad
    r_k(x)=\frac{w_k\,\mathcal N(x;\mu_k,s_k^2I)}{\sum_j w_j\,\mathcal N(x;\mu_j,s_j^2I)}$$
    です（$r_k$ は負担率）。$\log\mathcal N(x;\mu_k,s_k^2I) = -\frac{\|x-\mu_k\|^2}{2s_k^2}-D\log s_k-\frac D2\log 2\pi$ を
    `torch.softmax`（内部で logsumexp）に通すと、モードから遠い点でも $0/0$ になりません。
    """)
    nb.solution("gmm_score_code", ref, ["gmm_score"])
    nb.grade("gmm_score", 2, """
    with sanity_check("gmm_score"):
        w, mu, s = torch.tensor([0.5, 0.5]), torch.tensor([[1.0, 0.0], [-1.0, 0.0]]), torch.tensor([1.0, 1.0])
        sc = gmm_score(torch.tensor([[0.0, 0.0], [3.0, 0.0]]), w, mu, s)
        assert sc.shape == (2, 2), f"形状は (N, D) のはずです: {tuple(sc.shape)}"
        assert sc[0].abs().max() < 1e-6, f"対称な混合の中心ではスコアは 0 のはずです: {sc[0]}"
        far = gmm_score(torch.tensor([[500.0, 0.0]]), w, mu, torch.tensor([0.1, 0.1]))
        assert torch.isfinite(far).all() and abs(float(far[0, 0]) + 49900.0) < 1.0, f"遠い点: {far}"
    """)
    nb.markdown(r"""
    ### 3.2 デノイジング・スコアマッチング（DSM）

    データのスコアは未知なので、ノイズを加えた $\tilde x = x+\sigma z$ の条件付き分布のスコア
    $\nabla_{\tilde x}\log q_\sigma(\tilde x\mid x) = -(\tilde x - x)/\sigma^2 = -z/\sigma$ を目標にします（Vincent 2011）。
    Song & Ermon (2019) の重み $\lambda(\sigma)=\sigma^2$ を使うと
    $$\ell = \frac1N\sum_{n=1}^{N}\frac12\,\sigma_n^2\,\Bigl\|s_\theta(\tilde x_n,\sigma_n)+\frac{z_n}{\sigma_n}\Bigr\|^2$$
    です（特徴次元で和、バッチで平均）。ここで `score` は $s_\theta(\tilde x_n,\sigma_n)$（形状 `(N, D)`）、`sigma` は形状 `(N,)` のテンソルまたは float です。
    ε予測との関係: $\varepsilon_\theta = -\sigma\,s_\theta$ とおくと $\ell=\frac12\|\varepsilon_\theta - z\|^2$ の平均、つまり 2.2 の損失と同じ形になります。
    """)
    nb.solution("dsm_loss_code", ref, ["dsm_loss"])
    nb.grade("dsm_loss", 2, """
    with sanity_check("dsm_loss"):
        z, sigma = torch.randn(5, 2), torch.full((5,), 0.5)
        l0 = dsm_loss(-z / 0.5, z, sigma)
        assert l0.dim() == 0, f"損失はスカラー（0次元）のはずです: {tuple(l0.shape)}"
        assert float(l0) < 1e-10, "目標スコア -z / sigma では損失は 0 のはずです"
        l1 = dsm_loss(torch.zeros(5, 2), z, sigma)
        assert abs(float(l1) - 0.5 * float((z ** 2).sum(1).mean())) < 1e-5, f"スコア 0 のとき 1/2 E||z||^2 のはずです: {float(l1)}"
    """)
    nb.markdown(r"""
    ### 3.3 アニーリング Langevin Dynamics

    Langevin Dynamics は、スコアだけを使って $p(x)$ からサンプリングする MCMC です。
    $$x \leftarrow x + \frac{\alpha}{2}\nabla_x\log p(x) + \sqrt{\alpha}\,z,\qquad z\sim\mathcal N(0,I)$$
    低密度領域ではスコアの推定が不正確でモード間の移動も難しいので、Song & Ermon (2019, Algorithm 1) は
    大きなノイズ $\sigma_1$ から小さな $\sigma_L$ へ順にノイズを弱めながら（アニーリング）、各レベルで
    $$\alpha_i = \epsilon\cdot\frac{\sigma_i^2}{\sigma_L^2}$$
    のステップ幅で `n_steps` 回更新します。`score_fn(x, sigma)` はノイズレベル $\sigma$ で平滑化された分布のスコアを返す関数、
    `noise[i, j]` はレベル $i$ のステップ $j$ で使う $z$ です（形状 `(L, n_steps, N, D)`）。
    """)
    nb.solution("annealed_langevin_code", ref, ["annealed_langevin"])
    nb.grade("annealed_langevin", 3, """
    with sanity_check("annealed_langevin"):
        score = lambda x, sigma: -x / (1.0 + sigma ** 2)      # N(0, I) をノイズで平滑化した分布のスコア
        x = torch.full((3, 2), 4.0)
        out = annealed_langevin(score, x, torch.tensor([1.0, 0.5]), 0.1, torch.zeros(2, 1, 3, 2))
        a1, a2 = 0.1 * 4.0, 0.1
        x1 = 4.0 * (1 - a1 / 2 / 2.0)
        expect = x1 * (1 - a2 / 2 / 1.25)
        assert out.shape == (3, 2), f"形状は (N, D) のはずです: {tuple(out.shape)}"
        assert abs(float(out[0, 0]) - expect) < 1e-5, f"ノイズ 0 の2ステップの値が違います: {float(out[0, 0])} (期待 {expect:.6f})"
    """)
    nb.demo("demo_langevin", """
    import matplotlib.pyplot as plt

    with sanity_check("demo_langevin"):
        w = torch.tensor([0.2, 0.5, 0.3], dtype=torch.float64)
        mu = torch.tensor([[-1.5, 0.0], [1.5, 0.5], [0.0, -1.5]], dtype=torch.float64)
        s = torch.full((3,), 0.3, dtype=torch.float64)
        score_fn = lambda x, sigma: gmm_score(x, w, mu, (s ** 2 + sigma ** 2).sqrt())
        g = torch.Generator().manual_seed(0)
        x = 5 * torch.randn(1000, 2, generator=g, dtype=torch.float64)
        sigmas = torch.logspace(math.log10(5.0), -1, 8, dtype=torch.float64)
        out = annealed_langevin(score_fn, x, sigmas, 1e-2, torch.randn(8, 25, 1000, 2, generator=g, dtype=torch.float64))
        plt.figure(figsize=(4, 4))
        plt.scatter(out[:, 0], out[:, 1], s=2)
        plt.title("annealed Langevin samples"); plt.axis("equal"); plt.show()
    """)

    # ------------------------------------------------------------------ 4. Stable Diffusion parts
    nb.markdown(r"""
    ## 4. Stable Diffusion の部品

    ### 4.1 時刻埋め込み（sinusoidal timestep embedding）

    UNet は時刻 $t$ を Transformer の位置エンコーディングと同じ正弦波の特徴で受け取ります（Vaswani et al. 2017, 3.5節）。
    $h=\lfloor\text{dim}/2\rfloor$ として、周波数と埋め込みは
    $$\omega_i=\exp\!\left(-\frac{\ln(\text{max\_period})\cdot i}{h-\text{shift}}\right)\ (i=0,\dots,h-1),\qquad
    \text{emb}(t)=\bigl[\sin(\text{scale}\cdot t\,\omega),\ \cos(\text{scale}\cdot t\,\omega)\bigr]$$
    です。Diffusers の `get_timestep_embedding` には2つのレイアウトの違いがあります:
    `flip_sin_to_cos=True` なら $[\cos,\sin]$ の順（Stable Diffusion の UNet）、`downscale_freq_shift` は分母の $\text{shift}$（DDPM の実装は 1、SD は 0）。
    `dim` が奇数なら最後にゼロの列を1つ足します。戻り値は、`timesteps` が float64 なら float64、それ以外なら float32 です。
    """)
    nb.solution("timestep_embedding_code", ref, ["timestep_embedding"])
    nb.grade("timestep_embedding", 2, """
    with sanity_check("timestep_embedding"):
        e = timestep_embedding(torch.tensor([0, 1]), 4)
        assert e.shape == (2, 4), f"形状は (N, dim) のはずです: {tuple(e.shape)}"
        assert torch.allclose(e[1], torch.tensor([math.sin(1.0), math.sin(1e-4), math.cos(1.0), math.cos(1e-4)]), atol=1e-6), f"値が違います: {e[1]}"
        f = timestep_embedding(torch.tensor([1]), 4, flip_sin_to_cos=True, downscale_freq_shift=0.0)
        assert torch.allclose(f[0], torch.tensor([math.cos(1.0), math.cos(0.01), math.sin(1.0), math.sin(0.01)]), atol=1e-6), f"flip / shift が違います: {f[0]}"
        assert timestep_embedding(torch.tensor([3]), 7).shape == (1, 7), "奇数の dim ではゼロ列を足します"
    """)
    nb.markdown(r"""
    ### 4.2 Latent Diffusion: 潜在表現のスケーリング

    Stable Diffusion は画像そのものではなく、VAE の潜在表現 $z$（例: $4\times 64\times 64$）の上で拡散モデルを動かします（Rombach et al. 2022）。
    拡散過程は $\mathcal N(0,I)$ に近いスケールを前提とするので、潜在表現を **分散がおよそ 1 になるように** スケーリングします（4.3.2節）。
    $$z_{\text{diff}} = (z - \text{shift})\cdot\text{scaling\_factor},\qquad z = z_{\text{diff}}/\text{scaling\_factor} + \text{shift}$$
    SD 1.x は `scaling_factor = 0.18215`、`shift = 0`（SD3 は `1.5305` と `0.0609`）。生成の最後に `vae.decode` に渡す前に **割る** のを忘れると、
    真っ白に飽和した画像になります。`estimate_scaling_factor` は潜在表現の全要素の標準偏差（torch 既定の不偏推定）の逆数 $1/\hat\sigma$ です。
    """)
    nb.solution("latent_scaling_code", ref, ["encode_latents", "decode_latents", "estimate_scaling_factor"])
    nb.grade("latent_scaling", 2, """
    with sanity_check("latent_scaling"):
        z = 5.0 * torch.randn(2, 4, 8, 8) + 0.3
        back = decode_latents(encode_latents(z, 1.5305, 0.0609), 1.5305, 0.0609)
        assert torch.allclose(back, z, atol=1e-5), "encode と decode は互いに逆のはずです"
        assert torch.allclose(encode_latents(z), z * 0.18215), "既定値は scaling_factor = 0.18215、shift = 0 です"
        sf = estimate_scaling_factor(z)
        assert abs(float(encode_latents(z, float(sf)).std()) - 1) < 1e-4, "スケーリング後の標準偏差は 1 のはずです"
    """)
    nb.markdown(r"""
    ### 4.3 Cross-Attention（Text-to-Image の条件付け）

    Stable Diffusion の UNet では、**クエリは画像トークン** $x\in\mathbb R^{N\times D_q}$、**キーとバリューはテキストトークン**
    （CLIP テキストエンコーダの出力）$c\in\mathbb R^{M\times D_c}$ から作ります。
    $$Q = xW_q^\top,\ K = cW_k^\top,\ V = cW_v^\top,\qquad
    \text{head}_h = \operatorname{softmax}\!\left(\frac{Q_hK_h^\top}{\sqrt d}\right)V_h,\qquad
    \text{out} = [\text{head}_1,\dots,\text{head}_H]\,W_o^\top + b_o$$
    内部の幅 $H\cdot d$ を `heads` 個のヘッドに分け（$d$ はヘッドの幅）、softmax は **テキストトークンの方向**（最後の次元）にとります。
    結果は `torch.nn.functional.scaled_dot_product_attention` や Diffusers の `Attention(query_dim, cross_attention_dim, heads, dim_head)` と一致します。
    """)
    nb.solution("cross_attention_code", ref, ["cross_attention"])
    nb.grade("cross_attention", 3, """
    with sanity_check("cross_attention"):
        B, N, M, Dq, Dc, H, d = 2, 5, 3, 6, 4, 2, 3
        x, c = torch.randn(B, N, Dq), torch.randn(B, M, Dc)
        wq, wk, wv = torch.randn(H * d, Dq), torch.randn(H * d, Dc), torch.randn(H * d, Dc)
        wo, bo = torch.randn(Dq, H * d), torch.randn(Dq)
        out = cross_attention(x, c, wq, wk, wv, wo, bo, H)
        assert out.shape == (B, N, Dq), f"形状は (B, N, Dq) のはずです: {tuple(out.shape)}"
        q = (x @ wq.T).view(B, N, H, d).transpose(1, 2)
        k = (c @ wk.T).view(B, M, H, d).transpose(1, 2)
        v = (c @ wv.T).view(B, M, H, d).transpose(1, 2)
        want = F.scaled_dot_product_attention(q, k, v).transpose(1, 2).reshape(B, N, H * d) @ wo.T + bo
        assert torch.allclose(out, want, atol=1e-4), "scaled_dot_product_attention と一致しません"
    """)

    # ------------------------------------------------------------------ 5. DDIM
    nb.markdown(r"""
    ## 5. 高速サンプリング

    ### 5.1 DDIM の時刻列（timestep spacing）

    学習は $T=1000$ 段でも、生成は $n$ 段（例: 50）の部分列 $\tau_1>\tau_2>\dots>\tau_n$ だけを通ります（Song et al. 2021, 4.2節）。
    部分列の作り方は Diffusers の `timestep_spacing` で選べます（Lin et al. 2024, 表 2）。

    | `spacing` | 時刻列（降順） | $T=1000$ の例 |
    |---|---|---|
    | `"leading"` | `arange(n) * (T // n)` を逆順にして `+ steps_offset` | $n=10$, offset 1: 901, 801, …, 1 |
    | `"trailing"` | `round(arange(T, 0, -T / n)) - 1` | $n=13$: 999, 922, 845, 768, … |
    | `"linspace"` | `round(linspace(0, T - 1, n))` を逆順 | $n=10$: 999, 888, 777, …, 0 |

    `steps_offset` は `"leading"` にだけ足します（Diffusers の `DDIMScheduler.set_timesteps` と同じ）。丸めは `torch.round`（偶数丸め）です。
    `"trailing"` は必ず $T-1$ から始まるので、最もノイズの大きい時刻から生成できます。
    """)
    nb.solution("ddim_timesteps_code", ref, ["ddim_timesteps"])
    nb.grade("ddim_timesteps", 2, """
    with sanity_check("ddim_timesteps"):
        assert ddim_timesteps(1000, 10, "leading", 1).tolist() == [901, 801, 701, 601, 501, 401, 301, 201, 101, 1], "leading が違います"
        assert ddim_timesteps(1000, 13, "trailing").tolist()[:4] == [999, 922, 845, 768], "trailing が違います"
        assert ddim_timesteps(1000, 10, "linspace").tolist()[:3] == [999, 888, 777], "linspace が違います"
        assert ddim_timesteps(10, 3, "leading").dtype == torch.int64, "int64 テンソルを返します"
    """)
    nb.markdown(r"""
    ### 5.2 DDIM ステップ（$\eta$ 付き）

    DDIM（Song et al. 2021, 式 12, 16）は、同じ学習済みモデルで、確率的でない（$\eta=0$）更新を可能にします。
    $t$ から次の時刻 $t'$ へ:
    $$x_{t'} = \sqrt{\bar\alpha_{t'}}\,\hat x_0 + \sqrt{1-\bar\alpha_{t'}-\sigma_t^2}\;\hat\varepsilon + \sigma_t z,\qquad
    \sigma_t = \eta\sqrt{\frac{1-\bar\alpha_{t'}}{1-\bar\alpha_t}}\sqrt{1-\frac{\bar\alpha_t}{\bar\alpha_{t'}}}$$
    $\hat x_0$ と $\hat\varepsilon$ は予測の種類から求めます（`"epsilon"`: $\hat\varepsilon$ = 出力、`"sample"`: $\hat\varepsilon=(x_t-\sqrt{\bar\alpha_t}\hat x_0)/\sqrt{1-\bar\alpha_t}$、
    `"v_prediction"`: $\hat x_0=\sqrt{\bar\alpha_t}x_t-\sqrt{1-\bar\alpha_t}\hat v$, $\hat\varepsilon=\sqrt{\bar\alpha_t}\hat v+\sqrt{1-\bar\alpha_t}x_t$）。
    `clip_sample` は $\hat x_0$ だけを切り詰めます。$\eta=1$ では $\sigma_t^2$ が 2.1 の事後分散 $\tilde\beta$ に一致し、DDPM と同じ分布になります。
    最後の時刻の後は $\bar\alpha_{t'}=$ `final_alpha_cumprod`（既定 1）です。

    #### なぜ $t' = t - T/\!/n$ ではなく「時刻列の次の要素」なのか
    Diffusers の `DDIMScheduler.step` は前の時刻を `prev_timestep = t - T // n` で計算します。
    `"leading"` では時刻列の間隔がちょうど `T // n` なので、これは時刻列の次の要素と同じです。
    しかし `"trailing"` と `"linspace"` では、$n$ が $T$ を割り切らないとき間隔は `T // n` になりません。

    * `"trailing"`, $n=13$: 時刻列は 999, **922**, 845, … ですが、$999-1000/\!/13 = $ **923** になります。
      $x_{923}$ の分布を作ったのに、次のステップではそれを $x_{922}$ として扱うので、ノイズ量がずれます
      （$x_t=1,\ \hat\varepsilon=0.5,\ \eta=0$ の1ステップで 1.556448 のところ 1.546638）。
    * `"linspace"`, $n=10$: 時刻列は 999, **888**, 777, … と 111 刻みですが、$999-100=$ **899** です（1.942049 のところ 1.805624）。
      ずれはステップごとに積み重なり、最後は $t=111$ から $t'=11$ へ進んだのに次のステップで $t=0$ として扱われ、
      ノイズが完全には除去されません。

    実際に通る時刻の列こそが、生成過程で $x$ が持つノイズ量を表しています。そこでこの演習では、
    $t$ の次の時刻を **`timesteps` の中で $t$ の次の要素**（最後なら「なし」で $\bar\alpha_{t'}=$ `final_alpha_cumprod`）とします。
    `"leading"` の時刻列では Diffusers と完全に一致します。
    """)
    nb.solution("ddim_step_code", ref, ["ddim_step"])
    nb.grade("ddim_step", 3, """
    with sanity_check("ddim_step"):
        ac = alphas_cumprod_from_betas(beta_schedule("linear", 1000))
        one = torch.ones(1, 1, dtype=torch.float64)
        ts = ddim_timesteps(1000, 13, "trailing")
        x = ddim_step(0.5 * one, 999, one, ts, ac)
        assert x.shape == (1, 1), f"形状は x_t と同じはずです: {tuple(x.shape)}"
        assert abs(float(x) - 1.556448) < 1e-5, f"trailing, 13 steps: 999 -> 922 で 1.556448 のはずです: {float(x):.6f}"
        x = ddim_step(0.5 * one, 999, one, ddim_timesteps(1000, 10, "linspace"), ac)
        assert abs(float(x) - 1.942049) < 1e-5, f"linspace, 10 steps: 999 -> 888 で 1.942049 のはずです: {float(x):.6f}"
    """)
    nb.markdown(r"""
    ### 5.3 Classifier-free Guidance

    条件付きモデルを、確率 $p_{\text{uncond}}$ で条件を空にして学習しておくと、同じネットワークで無条件予測 $\varepsilon_u$ と
    条件付き予測 $\varepsilon_c$ が得られます。生成時にこれを外挿して条件への忠実さを強めます（Ho & Salimans 2022）。
    この演習では **Diffusers の約束**（ガイダンススケール $w$）に従います。
    $$\hat\varepsilon = \varepsilon_u + w\,(\varepsilon_c-\varepsilon_u)$$
    $w=1$ で条件付き予測そのもの、$w=0$ で無条件予測です（論文の $(1+w')\varepsilon_c - w'\varepsilon_u$ は $w = 1+w'$ に当たります）。
    1回のネットワーク呼び出しで両方を計算するため、入力はバッチ方向に **`torch.cat([uncond, cond])`**（無条件が前半）で並べます。

    `guidance_rescale` $\phi>0$ のときは、大きな $w$ による過飽和を抑える補正（Lin et al. 2024, 式 15–16）を加えます:
    $\hat\varepsilon \leftarrow \phi\,\hat\varepsilon\,\dfrac{\operatorname{std}(\varepsilon_c)}{\operatorname{std}(\hat\varepsilon)}+(1-\phi)\,\hat\varepsilon$
    （std はサンプルごとにバッチ以外の全次元で、torch 既定の不偏推定）。
    """)
    nb.solution("cfg_code", ref, ["classifier_free_guidance"])
    nb.grade("cfg", 2, """
    with sanity_check("cfg"):
        u, c = torch.zeros(2, 3), torch.ones(2, 3)
        out = classifier_free_guidance(torch.cat([u, c]), 7.5)
        assert out.shape == (2, 3), f"形状は (B, ...) のはずです: {tuple(out.shape)}"
        assert torch.allclose(out, torch.full((2, 3), 7.5)), f"uncond + w (cond - uncond) のはずです: {out}"
        assert torch.allclose(classifier_free_guidance(torch.cat([u, c]), 1.0), c), "w = 1 では cond のはずです"
    """)

    # ------------------------------------------------------------------ 6. loops
    nb.markdown(r"""
    ## 6. まとめ: DDPM と DDIM のサンプリングループ

    ここまでの部品をつなげて、ノイズ $x_T\sim\mathcal N(0,I)$ からデータを生成するループを書きます。
    どちらも `timesteps`（降順）を順にたどり、ステップ $i$ で
    1. 時刻をバッチにそろえる: `t_batch = torch.full((B,), t, dtype=torch.int64)`
    2. ノイズを予測する: `eps = eps_model(x, t_batch)`
    3. 1ステップ戻る: `ddpm_sample` は `ddpm_step(eps, t, x, alphas_cumprod, noise=noise[i], t_prev=次の時刻（最後は -1）)`、
       `ddim_sample` は `ddim_step(eps, t, x, timesteps, alphas_cumprod, eta=eta, noise=noise[i]（noise が None なら None）)`

    を行います（ε予測、`fixed_small` 分散、`final_alpha_cumprod = 1`）。採点では、2次元の混合分布について厳密なε予測モデルを使い、
    生成した 1000 点とデータ分布とのエネルギー距離でも評価します。
    """)
    nb.solution("sampling_loops_code", ref, ["ddpm_sample", "ddim_sample"])
    nb.grade("sampling_loops", 4, """
    with sanity_check("sampling_loops"):
        ac = alphas_cumprod_from_betas(beta_schedule("linear", 1000))
        # データが N(0, I) のとき、最適なε予測は eps(x_t, t) = sqrt(1 - abar_t) x_t です
        eps_model = lambda x, t: (1 - ac[t]).sqrt()[:, None].to(x.dtype) * x
        g = torch.Generator().manual_seed(0)
        xT = torch.randn(2000, 2, generator=g, dtype=torch.float64)
        a = ddpm_sample(eps_model, xT, ac, ddim_timesteps(1000, 100, "leading"),
                        torch.randn(100, 2000, 2, generator=g, dtype=torch.float64))
        b = ddim_sample(eps_model, xT, ac, ddim_timesteps(1000, 100, "trailing"))
        for name, s in (("ddpm_sample", a), ("ddim_sample", b)):
            assert s.shape == (2000, 2), f"{name}: 形状は (B, D) のはずです: {tuple(s.shape)}"
            assert abs(float(s.std()) - 1) < 0.1 and abs(float(s.mean())) < 0.1, f"{name}: 標準正規分布になるはずです（平均 {float(s.mean()):.3f}、標準偏差 {float(s.std()):.3f}）"
    """)
    nb.markdown(r"""
    ### 6.1 小さなε予測モデルを学習して生成する

    最後に、3つのガウス分布の混合（2次元）で小さな MLP を CPU で十数秒学習し、あなたの `epsilon_loss`、`ddpm_sample`、`ddim_sample` で生成してみましょう。
    時刻は `timestep_embedding` で埋め込みます。DDIM は 20 ステップでも DDPM（100 ステップ）と同じような分布が得られることを確かめてください。
    （このセルは採点では実行されません。）
    """)
    nb.demo("demo_end_to_end", """
    import time

    import matplotlib.pyplot as plt

    def sample_mixture(n, g):
        means = torch.tensor([[-1.5, 0.0], [1.5, 0.5], [0.0, -1.5]])
        k = torch.multinomial(torch.tensor([0.2, 0.5, 0.3]), n, replacement=True, generator=g)
        return means[k] + 0.3 * torch.randn(n, 2, generator=g)

    class TinyEps(nn.Module):
        def __init__(self, width=64, emb=16):
            super().__init__()
            self.emb = emb
            self.net = nn.Sequential(nn.Linear(2 + emb, width), nn.SiLU(), nn.Linear(width, width), nn.SiLU(),
                                     nn.Linear(width, 2))

        def forward(self, x, t):
            return self.net(torch.cat([x, timestep_embedding(t, self.emb).to(x.dtype)], dim=1))

    def energy_distance(a, b):
        return float(2 * torch.cdist(a, b).mean() - torch.cdist(a, a).mean() - torch.cdist(b, b).mean())

    with sanity_check("demo_end_to_end"):
        g = torch.Generator().manual_seed(0)
        torch.manual_seed(0)
        threads = torch.get_num_threads()
        torch.set_num_threads(1)          # tiny matrices: one thread is the fastest on a shared CPU
        try:
            ac = alphas_cumprod_from_betas(beta_schedule("linear", 1000)).float()
            model = TinyEps()
            opt = torch.optim.Adam(model.parameters(), lr=3e-3)
            sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, 2000)
            start = time.time()
            for step in range(2000):
                x0 = sample_mixture(256, g)
                t = torch.randint(0, 1000, (256,), generator=g)
                loss = epsilon_loss(model, x0, t, torch.randn(256, 2, generator=g), ac)
                opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        finally:
            torch.set_num_threads(threads)
        print(f"trained in {time.time() - start:.1f} s, last loss {loss.item():.3f}")
        with torch.no_grad():
            xT = torch.randn(1000, 2, generator=g)
            ddpm = ddpm_sample(model, xT, ac, ddim_timesteps(1000, 100, "leading"), torch.randn(100, 1000, 2, generator=g))
            ddim = ddim_sample(model, xT, ac, ddim_timesteps(1000, 20, "trailing"))
        data = sample_mixture(1000, g)
        print(f"energy distance to the data: DDPM {energy_distance(ddpm, data):.4f}, DDIM {energy_distance(ddim, data):.4f} "
              f"(data vs data {energy_distance(sample_mixture(1000, g), data):.4f}, noise {energy_distance(xT, data):.4f})")
        fig, axes = plt.subplots(1, 3, figsize=(10, 3.4), sharex=True, sharey=True)
        for ax, pts, title in zip(axes, (data, ddpm, ddim), ("data", "DDPM (100 steps)", "DDIM (20 steps, eta=0)")):
            ax.scatter(pts[:, 0], pts[:, 1], s=2); ax.set_title(title)
        plt.show()
    """)
    return {"diffusion.ipynb": nb}
