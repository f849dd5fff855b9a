"""Builds source/ch2_vae/vae.ipynb (chapter 2: VAE)."""
from autograder.authoring import NotebookBuilder
import solutions.ch2_vae as ref


def build():
    nb = NotebookBuilder("ch2_vae")
    nb.markdown(r"""
    # 第2章 演習: VAE（Variational Autoencoder）

    この演習では、第2章で学んだ **VAE** を PyTorch で一から実装します。

    1. オートエンコーダの復習: 再構成誤差（ベルヌーイ尤度とガウス尤度）
    2. 変分推論の基礎: ELBO（証拠下界, Evidence Lower BOund）
    3. Reparameterization Trick: サンプリングを微分可能にする
    4. KLダイバージェンス: 正則化項
    5. VAE の実装と学習、潜在空間の探索（補間）

    **進め方**: 各課題の `# YOUR CODE HERE` の下にある `raise NotImplementedError()` をあなたのコードに置き換えてください。
    各課題の直後のセルは「基本チェック」です。実行すると ✅ / ❌ / ⏳ が表示されます。
    採点は、別の入力（さまざまな形状、float32 と float64）を使う隠しテストで行われます。
    関数名・引数・戻り値の形状は変更しないでください。乱数は引数（`eps`）として渡されるので、関数の中で乱数を生成しないでください。
    """)
    nb.setup("setup", """
    import math
    from typing import Callable

    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    from genmodels_lab import load_digits_tensor, sanity_check

    _ = torch.manual_seed(0)  # the Generator it returns is not displayed
    """)
    nb.markdown(r"""
    ## 1. オートエンコーダの復習: 再構成誤差

    エンコーダ $q_\phi(z\mid x)$ とデコーダ $p_\theta(x\mid z)$ からなるモデルでは、再構成誤差は負の対数尤度
    $-\log p_\theta(x\mid z)$ です。

    **ベルヌーイ尤度**（画素値 $x_d\in[0,1]$、デコーダはロジット $l_d$ を出力）:
    $$-\log p(x\mid z) = -\sum_{d=1}^{D}\left[x_d\log\sigma(l_d) + (1-x_d)\log\bigl(1-\sigma(l_d)\bigr)\right]$$
    $\sigma$ を先に計算してから `log` をとると数値的に不安定です。ロジットのまま計算する
    `F.binary_cross_entropy_with_logits` を使いましょう（**シグモイドを二重に適用しない**こと）。

    **ガウス尤度**（平均 $\hat x$、対数分散 $\log\sigma^2$）:
    $$-\log \mathcal N(x;\hat x,\sigma^2 I) = \frac12\sum_{d=1}^{D}\left[\log 2\pi + \log\sigma^2 + \frac{(x_d-\hat x_d)^2}{\sigma^2}\right]$$

    どちらも **サンプルごと**（特徴量の次元で和、バッチ次元は残す）に返します。形状は `(B,)` です。
    """)
    nb.solution("reconstruction_loss_code", ref, ["bernoulli_recon_loss", "gaussian_recon_loss"])
    nb.grade("reconstruction_loss", 4, """
    with sanity_check("reconstruction_loss"):
        logits = torch.tensor([[0.0, 2.0], [-1.0, 3.0]])
        x = torch.tensor([[1.0, 0.0], [0.5, 1.0]])
        loss = bernoulli_recon_loss(logits, x)
        assert loss.shape == (2,), f"形状は (B,) = (2,) のはずです: {tuple(loss.shape)}"
        assert torch.allclose(loss, torch.tensor([2.8201, 0.8618]), atol=1e-3), f"値が違います: {loss}"
        g = gaussian_recon_loss(torch.zeros(1, 3), torch.ones(1, 3), 0.0)
        assert torch.allclose(g, torch.tensor([0.5 * 3 * (math.log(2 * math.pi) + 1)]), atol=1e-4), f"値が違います: {g}"
    """)
    nb.markdown(r"""
    ## 2. KLダイバージェンス（正則化項）

    エンコーダは平均 $\mu$ と **対数分散** $\log\sigma^2$（`logvar`）を出力します。事前分布 $p(z)=\mathcal N(0,I)$ との KL は閉形式で
    $$D_{\mathrm{KL}}\bigl(\mathcal N(\mu,\operatorname{diag}\sigma^2)\,\|\,\mathcal N(0,I)\bigr)
    = -\frac12\sum_{j=1}^{J}\left(1+\log\sigma_j^2-\mu_j^2-\sigma_j^2\right)$$
    です（Kingma & Welling 2014, 付録 B）。`logvar` は $\log\sigma$ **ではなく** $\log\sigma^2$ なので、$\sigma^2 = e^{\texttt{logvar}}$ です。
    戻り値はサンプルごとの KL（形状 `(B,)`）です。
    """)
    nb.solution("gaussian_kl_code", ref, ["gaussian_kl"])
    nb.grade("gaussian_kl", 4, """
    with sanity_check("gaussian_kl"):
        kl = gaussian_kl(torch.tensor([[1.0]]), torch.tensor([[math.log(4.0)]]))
        # mu = 1, sigma = 2: KL = 0.5 * (4 + 1 - 1 - ln 4) = 1.306853
        assert kl.shape == (1,), f"形状は (B,) のはずです: {tuple(kl.shape)}"
        assert torch.allclose(kl, torch.tensor([1.306853]), atol=1e-5), f"値が違います: {kl}"
        assert torch.allclose(gaussian_kl(torch.zeros(3, 2), torch.zeros(3, 2)), torch.zeros(3)), "N(0, I) 同士の KL は 0 です"
    """)
    nb.markdown(r"""
    ## 3. Reparameterization Trick

    $z\sim\mathcal N(\mu,\sigma^2)$ を直接サンプリングすると、$\mu,\sigma$ への勾配が流れません。
    そこでノイズ $\varepsilon\sim\mathcal N(0,I)$ を外から与え、
    $$z = \mu + \sigma\odot\varepsilon,\qquad \sigma = \exp\left(\tfrac12\log\sigma^2\right)$$
    と書き直します（Kingma & Welling 2014, 2.4 節）。こうすると $z$ は $\mu$ と `logvar` の微分可能な関数になります。
    ノイズ `eps` は引数で渡されます。関数の中で `torch.randn` を呼ばないでください。
    """)
    nb.solution("reparameterize_code", ref, ["reparameterize"])
    nb.grade("reparameterize", 3, """
    with sanity_check("reparameterize"):
        mu = torch.tensor([[0.5, -1.0]], requires_grad=True)
        logvar = torch.tensor([[0.0, math.log(4.0)]], requires_grad=True)
        z = reparameterize(mu, logvar, torch.tensor([[1.0, 1.0]]))
        assert torch.allclose(z, torch.tensor([[1.5, 1.0]])), f"値が違います: {z}"
        z.sum().backward()
        assert mu.grad is not None and logvar.grad is not None, "mu と logvar に勾配が流れていません"
    """)
    nb.markdown(r"""
    ## 4. ELBO（証拠下界）

    対数尤度の下界（ELBO）は
    $$\log p_\theta(x) \ge \mathcal L(\theta,\phi;x) = \mathbb E_{q_\phi(z\mid x)}\bigl[\log p_\theta(x\mid z)\bigr] - D_{\mathrm{KL}}\bigl(q_\phi(z\mid x)\,\|\,p(z)\bigr)$$
    です。学習では **負の ELBO** を最小化します。ここでは 1 サンプルの $z$ でデコードしたロジットを使い、
    $$\text{loss} = \frac1B\sum_{b=1}^{B}\Bigl[\text{再構成誤差}_b + \beta\,\mathrm{KL}_b\Bigr]$$
    とします。**リダクションの約束**: 特徴量と潜在次元は **和**、バッチは **平均** です。$\beta=1$ が通常の VAE、$\beta\ne 1$ は β-VAE です。
    前の課題の関数を使って構いません。
    """)
    nb.solution("negative_elbo_code", ref, ["negative_elbo"])
    nb.grade("negative_elbo", 4, """
    with sanity_check("negative_elbo"):
        logits = torch.zeros(2, 3)
        x = torch.ones(2, 3)
        mu, logvar = torch.zeros(2, 2), torch.zeros(2, 2)
        loss = negative_elbo(logits, x, mu, logvar)
        assert loss.dim() == 0, f"スカラー（0 次元テンソル）を返してください: shape {tuple(loss.shape)}"
        assert torch.allclose(loss, torch.tensor(3 * math.log(2.0)), atol=1e-5), f"値が違います: {loss}"
    """)
    nb.markdown(r"""
    ## 5. VAE の実装

    PyTorch 公式サンプル（`pytorch/examples` の `vae/main.py`）と同じ層の名前で、全結合の VAE を実装します。
    層の名前は `state_dict` のキーになるので、**仕様どおり**にしてください。

    | 層 | 形 | 役割 |
    |---|---|---|
    | `fc1` | `Linear(input_dim, hidden_dim)` + ReLU | エンコーダ |
    | `fc21` | `Linear(hidden_dim, latent_dim)` | $\mu$ |
    | `fc22` | `Linear(hidden_dim, latent_dim)` | $\log\sigma^2$（活性化なし） |
    | `fc3` | `Linear(latent_dim, hidden_dim)` + ReLU | デコーダ |
    | `fc4` | `Linear(hidden_dim, input_dim)` | ロジット（シグモイドなし） |

    `forward(x, eps)` は `(logits, mu, logvar)` を返します。$z$ は課題 3 の `reparameterize` で作ります。
    """)
    nb.solution("vae_module_code", ref, ["VAE"])
    nb.grade("vae_module", 6, """
    with sanity_check("vae_module"):
        model = VAE(input_dim=64, hidden_dim=32, latent_dim=2)
        keys = sorted(model.state_dict().keys())
        assert keys == sorted(f"{n}.{p}" for n in ["fc1", "fc21", "fc22", "fc3", "fc4"] for p in ["weight", "bias"]), keys
        logits, mu, logvar = model(torch.rand(5, 64), torch.zeros(5, 2))
        assert logits.shape == (5, 64) and mu.shape == (5, 2) and logvar.shape == (5, 2)
    """)
    nb.markdown(r"""
    ## 6. 学習の 1 ステップ

    PyTorch の標準的な学習ループの 1 ステップを書きます。順番が大切です:
    `model.train()` → `optimizer.zero_grad()` → 順伝播 `model(x, eps)` → `loss_fn(logits, x, mu, logvar)` →
    `loss.backward()` → `optimizer.step()`。戻り値は更新 **前** の損失を Python の `float` で返します（`loss.item()`）。
    `zero_grad()` を忘れると、勾配が前のステップから蓄積されてしまいます。
    """)
    nb.solution("train_step_code", ref, ["train_step"])
    nb.grade("train_step", 4, """
    with sanity_check("train_step"):
        model = VAE(64, 32, 2)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        x = torch.rand(8, 64)
        before = model.fc1.weight.detach().clone()
        loss = train_step(model, opt, x, torch.zeros(8, 2), negative_elbo)
        assert isinstance(loss, float), f"float を返してください: {type(loss)}"
        assert not torch.equal(before, model.fc1.weight), "パラメータが更新されていません"
    """)
    nb.demo("train_demo", """
    # 8x8 の手書き数字（scikit-learn 同梱データ）で VAE を学習します（CPU で数秒）。
    x_all, y_all = load_digits_tensor()
    gen = torch.Generator().manual_seed(0)
    losses = []
    with sanity_check("train_demo"):
        vae = VAE(64, 128, 2)
        opt = torch.optim.Adam(vae.parameters(), lr=1e-2)
        for step in range(300):
            idx = torch.randint(0, len(x_all), (128,), generator=gen)
            eps = torch.randn(128, 2, generator=gen)
            losses.append(train_step(vae, opt, x_all[idx], eps, negative_elbo))
        print(f"負の ELBO: 最初 {losses[0]:.1f} → 最後 {losses[-1]:.1f}")
    """)
    nb.markdown(r"""
    ## 7. 潜在空間の探索: 補間

    2 つの潜在コード $z_0, z_1$ の間を補間してデコードすると、潜在空間がどれだけ滑らかかが分かります。

    - 線形補間: $z(t) = z_0 + t\,(z_1 - z_0)$
    - 球面線形補間（slerp, White 2016）: $\Omega=\arccos\frac{z_0\cdot z_1}{\|z_0\|\|z_1\|}$ として
      $z(t)=\frac{\sin((1-t)\Omega)}{\sin\Omega}z_0+\frac{\sin(t\Omega)}{\sin\Omega}z_1$
      （$\sin\Omega\approx 0$ のときは線形補間）

    $t$ は `torch.linspace(0, 1, num_steps)`（両端を含む）です。戻り値の形状は `(num_steps, J)` です。
    """)
    nb.solution("interpolate_latents_code", ref, ["interpolate_latents"])
    nb.grade("interpolate_latents", 4, """
    with sanity_check("interpolate_latents"):
        z = interpolate_latents(torch.tensor([0.0, 0.0]), torch.tensor([1.0, 2.0]), 3)
        assert torch.allclose(z, torch.tensor([[0.0, 0.0], [0.5, 1.0], [1.0, 2.0]])), f"値が違います: {z}"
        s = interpolate_latents(torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0]), 3, method="slerp")
        assert torch.allclose(s[1], torch.tensor([math.sqrt(0.5), math.sqrt(0.5)]), atol=1e-6), f"slerp の中点が違います: {s[1]}"
    """)
    nb.demo("latent_demo", """
    # 学習した VAE の潜在空間: 2 つの数字の間を補間してデコードします。
    import matplotlib.pyplot as plt

    with sanity_check("latent_demo"):
        with torch.no_grad():
            mu0, _ = vae.encode(x_all[y_all == 0][:1])
            mu1, _ = vae.encode(x_all[y_all == 1][:1])
            zs = interpolate_latents(mu0[0], mu1[0], 8)
            imgs = torch.sigmoid(vae.decode(zs)).reshape(-1, 8, 8)
        fig, axes = plt.subplots(1, 8, figsize=(8, 1.2))
        for ax, img in zip(axes, imgs):
            ax.imshow(img, cmap="gray")
            ax.axis("off")
        plt.show()
    """)
    nb.markdown("""
    ## まとめ

    - 再構成誤差はデコーダの負の対数尤度（ロジットのまま計算する）
    - KL 項は `logvar` = $\\log\\sigma^2$ から閉形式で計算できる
    - Reparameterization Trick で $z$ を $\\mu,\\sigma$ の微分可能な関数にする
    - 負の ELBO = 再構成誤差 + β·KL（特徴は和、バッチは平均）

    提出前に **Kernel → Restart & Run All** で全セルがエラーなく動くことを確認してください。
    自習の方は `autograder grade vae.ipynb` で採点結果とフィードバックを確認できます。
    """)
    return {"vae.ipynb": nb}
