"""Builds source/ch3_gan/gan.ipynb (chapter 3: GAN)."""
from autograder.authoring import NotebookBuilder
import solutions.ch3_gan as ref


def build():
    nb = NotebookBuilder("ch3_gan")
    nb.markdown(r"""
    # 第3章 演習: GAN（Generative Adversarial Network）

    この演習では、第3章で学んだ **GAN** の要素を PyTorch で実装します。

    1. GANの原理とミニマックスゲーム: Discriminator・Generator の損失（BCE、非飽和損失、ヒンジ損失）
    2. DCGAN: 仕様どおりの畳み込み Generator / Discriminator と重みの初期化
    3. StyleGAN: AdaIN、マッピングネットワーク、スタイルミキシング
    4. 学習の安定化: Spectral Normalization（べき乗法）、WGAN-GP の勾配ペナルティ、R1 正則化
    5. Mode Collapse: 8 つのガウス分布を円環状に並べたデータでのモードカバレッジと、小さな GAN の学習

    **進め方**: 各課題の `# YOUR CODE HERE` の下にある `raise NotImplementedError()` をあなたのコードに置き換えてください。
    各課題の直後のセルは「基本チェック」です。実行すると ✅ / ❌ / ⏳ が表示されます。
    採点は、別の入力（さまざまな形状、float32 と float64）を使う隠しテストで行われます。
    関数名・クラス名・引数・戻り値の形状、そしてモジュールの **サブモジュール名（`state_dict` のキー）** は変更しないでください
    （採点では参照実装の重みをあなたのモジュールに読み込んで出力を比べます）。
    乱数は引数（ノイズ、補間係数、初期ベクトル、`torch.Generator`）として渡されるので、関数の中でグローバルな乱数を使わないでください。
    """)
    nb.setup("setup", """
    import math

    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    from genmodels_lab import sanity_check
    from genmodels_lab.harness.ch3_gan import make_ring_models, ring_centers, sample_ring

    _ = torch.manual_seed(0)  # the Generator it returns is not displayed
    """)

    # ------------------------------------------------------------------ 1. losses
    nb.markdown(r"""
    ## 1. GANの原理: ミニマックスゲームと BCE 損失

    Generator $G$ はノイズ $z\sim p(z)$ からサンプル $G(z)$ を作り、Discriminator $D$ は入力が本物である確率
    $D(x)=\sigma(\ell(x))$ を出力します（$\ell$ はロジット、$\sigma$ はシグモイド）。Goodfellow ら (2014) の式 (1):
    $$\min_G\max_D\; V(D,G)=\mathbb E_{x\sim p_{\mathrm{data}}}[\log D(x)]+\mathbb E_{z\sim p(z)}[\log(1-D(G(z)))]$$
    Nash 均衡では $p_g=p_{\mathrm{data}}$、$D\equiv 1/2$ になります。

    実装では **ロジットのまま** 二値交差エントロピー（BCE）を計算します。ターゲット $t\in[0,1]$ に対して
    $$\mathrm{BCE}(\ell,t)=-[t\log\sigma(\ell)+(1-t)\log(1-\sigma(\ell))]=\operatorname{softplus}(\ell)-t\,\ell$$
    `torch.sigmoid` の後に `log` をとると $|\ell|$ が大きいときに `-inf` になります。また、シグモイドを通した値を
    `F.binary_cross_entropy_with_logits` に渡すと **シグモイドが二重にかかり**、損失は $\operatorname{softplus}(-1)\approx0.3133$ 未満になれません。

    - `bce_logits(logits, target)`: 全要素の平均 BCE
    - `d_loss_minimax(real_logits, fake_logits)` $=\mathrm{BCE}(\ell_{\text{real}},1)+\mathrm{BCE}(\ell_{\text{fake}},0)$（それぞれバッチ平均）
    - `g_loss_minimax(fake_logits)` $=\mathbb E[\log(1-D(G(z)))]=-\mathrm{BCE}(\ell_{\text{fake}},0)$（元の、飽和する Generator 損失。G はこれを最小化）
    """)
    nb.solution("bce_losses_code", ref, ["bce_logits", "d_loss_minimax", "g_loss_minimax"])
    nb.grade("bce_losses", 4, """
    with sanity_check("bce_losses"):
        v = bce_logits(torch.tensor([3.0, -2.0]), 1.0)
        assert torch.allclose(v, torch.tensor(1.087758), atol=1e-5), f"BCE([3, -2], 1) は 1.087758 のはずです: {v}"
        big = d_loss_minimax(torch.tensor([200.0]), torch.tensor([-200.0]))
        assert torch.isfinite(big) and big.abs() < 1e-6, f"大きなロジットでも有限で ≈ 0 のはずです: {big}"
        g = g_loss_minimax(torch.tensor([0.0]))
        assert torch.allclose(g, torch.tensor(-math.log(2.0)), atol=1e-6), f"g_loss_minimax(0) = -log 2 のはずです: {g}"
    """)

    nb.markdown(r"""
    ## 2. 非飽和（non-saturating）Generator 損失

    学習の初期には $D$ が偽物を簡単に見破るので、$\ell_{\text{fake}}\ll0$、$D(G(z))\approx0$ です。このとき元の損失
    $\log(1-\sigma(\ell))$ のロジットに関する勾配は
    $$\frac{\partial}{\partial\ell}\log(1-\sigma(\ell))=-\sigma(\ell)\approx0$$
    となり、**勾配が消えて** $G$ が学習できません（飽和）。Goodfellow ら (2014) の第3節は代わりに $\log D(G(z))$ を最大化する
    ことを提案しました:
    $$\mathcal L_G^{\mathrm{NS}}=-\mathbb E_z[\log D(G(z))]=\mathrm{BCE}(\ell_{\text{fake}},1),\qquad
    \frac{\partial}{\partial\ell}\bigl(-\log\sigma(\ell)\bigr)=-(1-\sigma(\ell))\approx-1$$
    最適点は同じですが、$D$ に見破られているときほど勾配が大きくなります。

    `g_loss_nonsaturating(fake_logits)` は **スカラーのテンソル** を返し、`fake_logits` について微分できなければなりません
    （`.item()` や `.detach()` で計算グラフを切らないこと）。採点では値に加えて `torch.autograd` で求めた勾配も比べます。
    """)
    nb.solution("nonsaturating_loss_code", ref, ["g_loss_nonsaturating"])
    nb.grade("nonsaturating_loss", 3, """
    with sanity_check("nonsaturating_loss"):
        l = torch.tensor([-5.0, 0.0, 5.0], requires_grad=True)
        loss = g_loss_nonsaturating(l)
        assert torch.allclose(loss, F.softplus(-l).mean()), f"値が違います: {loss}"
        (grad,) = torch.autograd.grad(loss, l)
        assert torch.allclose(grad, -(1 - torch.sigmoid(l.detach())) / 3), f"勾配が違います: {grad}"
    """)
    nb.demo("gradient_demo", """
    # D に見破られている（ロジットが負）ほど、非飽和損失の勾配は大きく、元の損失の勾配は小さくなります。
    with sanity_check("gradient_demo"):
        for value in [-8.0, -4.0, 0.0, 4.0]:
            l = torch.tensor([value], requires_grad=True)
            (g_sat,) = torch.autograd.grad(g_loss_minimax(l), l)
            l = torch.tensor([value], requires_grad=True)
            (g_ns,) = torch.autograd.grad(g_loss_nonsaturating(l), l)
            print(f"logit {value:+5.1f}: 飽和する損失の勾配 {g_sat.item():+.5f}   非飽和損失の勾配 {g_ns.item():+.5f}")
    """)

    nb.markdown(r"""
    ## 3. ヒンジ損失

    SN-GAN（Miyato ら 2018, 式 (16)(17)）などで使われるヒンジ損失は、$D$ の出力（ロジット、シグモイドなし）$\ell$ に対して
    $$\mathcal L_D=\mathbb E_x[\max(0,1-\ell(x))]+\mathbb E_z[\max(0,1+\ell(G(z)))],\qquad \mathcal L_G=-\mathbb E_z[\ell(G(z))]$$
    です。$D$ はマージン 1 を超えて正しく分類されたサンプルからは学習しません。
    """)
    nb.solution("hinge_loss_code", ref, ["d_loss_hinge", "g_loss_hinge"])
    nb.grade("hinge_loss", 2, """
    with sanity_check("hinge_loss"):
        d = d_loss_hinge(torch.tensor([2.0, 0.5]), torch.tensor([-3.0, 0.0]))
        assert torch.allclose(d, torch.tensor(0.75)), f"d_loss_hinge は 0.75 のはずです: {d}"
        g = g_loss_hinge(torch.tensor([1.0, 3.0]))
        assert torch.allclose(g, torch.tensor(-2.0)), f"g_loss_hinge は -2.0 のはずです: {g}"
    """)

    # ------------------------------------------------------------------ 2. DCGAN
    nb.markdown(r"""
    ## 4. DCGAN

    DCGAN（Radford ら 2016）の設計原則:
    プーリングの代わりにストライド付き畳み込み（G では転置畳み込み）を使う、BatchNorm を使う（ただし **G の出力層と D の入力層には使わない**）、
    全結合の隠れ層を使わない、G の活性化は ReLU で出力層だけ Tanh、D の活性化は LeakyReLU（傾き 0.2）。
    重みは $\mathcal N(0, 0.02^2)$ で初期化します（BatchNorm の重みは $\mathcal N(1, 0.02^2)$、バイアスは 0）。

    ここでは 32×32 画像用に、カーネル 4・ストライド 2・パディング 1 で解像度を 2 倍（D では 1/2）にします。
    出力サイズは $(H-1)\cdot 2-2\cdot1+4=2H$ です。**`self.net = nn.Sequential(...)` の層の並び（インデックス）はドキュメントの表のとおり**
    にしてください。`state_dict` のキー（`net.0.weight`、`net.1.running_mean` など）が仕様と一致しないと参照実装の重みを読み込めません。
    D はシグモイドをかけず、形状 `(B,)` のロジットを返します（損失は 1. の BCE をロジットで計算します）。
    """)
    nb.solution("dcgan_code", ref, ["DCGANGenerator", "DCGANDiscriminator", "dcgan_init_"])
    nb.grade("dcgan", 5, """
    with sanity_check("dcgan"):
        G, D = DCGANGenerator(16, 8, 1), DCGANDiscriminator(1, 8)
        dcgan_init_(G, torch.Generator().manual_seed(0))
        dcgan_init_(D, torch.Generator().manual_seed(1))
        x = G(torch.randn(3, 16))
        assert x.shape == (3, 1, 32, 32), f"G の出力形状は (3, 1, 32, 32) のはずです: {tuple(x.shape)}"
        assert x.abs().max() < 1, "G の出力は Tanh で (-1, 1) に入るはずです"
        assert D(x).shape == (3,), f"D の出力形状は (B,) = (3,) のはずです: {tuple(D(x).shape)}"
        assert "net.1.running_mean" in G.state_dict() and "net.3.weight" in D.state_dict(), "state_dict のキーが仕様と違います"
        w = G.net[3].weight
        assert abs(w.std().item() - 0.02) < 0.003, f"畳み込みの重みの標準偏差は 0.02 のはずです: {w.std().item():.4f}"
    """)

    # ------------------------------------------------------------------ 3. StyleGAN
    nb.markdown(r"""
    ## 5. StyleGAN: AdaIN

    Adaptive Instance Normalization（Huang & Belongie 2017 式 (8)、StyleGAN 式 (1)）は、特徴マップ $x_{b,c}$ をサンプル・チャネルごとに
    正規化してから、スタイル $y=(y_s,y_b)$ でスケールとバイアスを与えます:
    $$\mathrm{AdaIN}(x_{b,c},y)=y_{s,b,c}\,\frac{x_{b,c}-\mu(x_{b,c})}{\sqrt{\sigma^2(x_{b,c})+\epsilon}}+y_{b,b,c}$$
    $\mu,\sigma^2$ は空間方向 $(H,W)$ の平均と **バイアスあり分散**（$H\cdot W$ で割る。`unbiased=False`）で、$\epsilon$ は **平方根の中**
    （`F.instance_norm` と同じ規約、既定値 $10^{-5}$）です。`x.var()` の既定は不偏分散（$HW-1$ で割る）なので注意してください。
    """)
    nb.solution("adain_code", ref, ["adain"])
    nb.grade("adain", 3, """
    with sanity_check("adain"):
        x = torch.tensor([[[[1.0, 3.0]]]])              # (1, 1, 1, 2): 平均 2、バイアスあり分散 1
        y = adain(x, torch.tensor([[2.0]]), torch.tensor([[0.5]]), eps=0.0)
        assert torch.allclose(y, torch.tensor([[[[-1.5, 2.5]]]])), f"値が違います: {y}"
        x = torch.randn(2, 3, 4, 5)
        y = adain(x, torch.ones(2, 3), torch.zeros(2, 3))
        assert torch.allclose(y, F.instance_norm(x), atol=1e-5), "スケール 1・バイアス 0 なら instance_norm と同じはずです"
    """)
    nb.markdown(r"""
    ## 6. StyleGAN: マッピングネットワークとスタイルミキシング

    StyleGAN（Karras ら 2019, 第2節）は潜在変数 $z$ をそのまま使わず、MLP $f:\mathcal Z\to\mathcal W$ で中間潜在変数 $w=f(z)$ に写します。

    1. まず $z$ をサンプルごとに正規化します（pixel norm）: $z\leftarrow z/\sqrt{\frac1{D}\sum_j z_j^2+10^{-8}}$（特徴の次元で平均、バッチ方向ではない）
    2. `n_layers` 個の全結合層。**各層の後に** LeakyReLU(0.2)（最後の層の後も）。`self.net = nn.Sequential(Linear, LeakyReLU, Linear, ...)`、
       キーは `net.0.weight`, `net.0.bias`, `net.2.weight`, ...（論文の equalized learning rate は省略します）

    **スタイルミキシング**（第3.1節）: 2 つの潜在変数 $w_1,w_2$ を用意し、合成ネットワークの層 $i$（0 が最も粗い解像度）に、
    $i<\text{crossover}$ なら $w_1$、それ以外は $w_2$ を入力します。`style_mixing` はサンプルごとの crossover に従って
    形状 `(B, n_styles, w_dim)` のスタイルを返します。
    """)
    nb.solution("style_mapping_code", ref, ["MappingNetwork", "style_mixing"])
    nb.grade("style_mapping", 3, """
    with sanity_check("style_mapping"):
        f = MappingNetwork(8, 6, 3)
        assert sorted(f.state_dict()) == ["net.0.bias", "net.0.weight", "net.2.bias", "net.2.weight", "net.4.bias", "net.4.weight"], \\
            f"state_dict のキーが仕様と違います: {sorted(f.state_dict())}"
        w = f(torch.randn(5, 8))
        assert w.shape == (5, 6), f"w の形状は (5, 6) のはずです: {tuple(w.shape)}"
        assert torch.allclose(f(3 * torch.ones(1, 8)), f(torch.ones(1, 8)), atol=1e-6), "pixel norm の後はスケールに依らないはずです"
        s = style_mixing(torch.zeros(2, 3), torch.ones(2, 3), torch.tensor([1, 4]), 4)
        assert s.shape == (2, 4, 3), f"形状は (B, n_styles, w_dim) = (2, 4, 3) のはずです: {tuple(s.shape)}"
        assert s[0, :, 0].tolist() == [0.0, 1.0, 1.0, 1.0] and s[1, :, 0].tolist() == [0.0] * 4, f"値が違います: {s[..., 0]}"
    """)

    # ------------------------------------------------------------------ 4. stabilisation
    nb.markdown(r"""
    ## 7. 学習の安定化: Spectral Normalization

    Miyato ら (2018) は、各層の重み $W$ をその最大特異値（スペクトルノルム）$\sigma(W)$ で割り、D をリプシッツ連続に保ちます（式 (8)）:
    $\bar W=W/\sigma(W)$。$\sigma(W)$ は **べき乗法** で近似します。`torch.nn.utils.parametrizations.spectral_norm` の学習モードと同じ順序で、
    右ベクトル $v$ から始めて `n_iter` 回
    $$u\leftarrow\frac{Wv}{\|Wv\|},\qquad v\leftarrow\frac{W^\top u}{\|W^\top u\|}$$
    を繰り返し、$\sigma=u^\top W v$ とします（正規化は $x/\max(\|x\|,\epsilon)$、`F.normalize` と同じ）。

    畳み込みの重み `(out, in, kh, kw)` は `weight.flatten(1)` で行列 `(out, in·kh·kw)` と見なします。**転置畳み込み（ConvTranspose2d）の重みは
    `(in, out, kh, kw)`** で出力の次元が 1 なので、`weight.transpose(0, 1).flatten(1)` を使います（`transposed=True`）。
    戻り値は `(weight / sigma, u, v, sigma)` です。
    """)
    nb.solution("spectral_norm_code", ref, ["spectral_norm_weight"])
    nb.grade("spectral_norm", 3, """
    with sanity_check("spectral_norm"):
        W = torch.diag(torch.tensor([3.0, 1.0]))
        w_sn, u, v, sigma = spectral_norm_weight(W, torch.tensor([1.0, 1.0]), n_iter=20)
        assert torch.allclose(sigma, torch.tensor(3.0), atol=1e-4), f"σ(diag(3, 1)) = 3 のはずです: {sigma}"
        assert torch.allclose(w_sn, W / 3, atol=1e-4), f"weight / sigma が違います: {w_sn}"
        wt = torch.randn(4, 6, 3, 3)                    # ConvTranspose2d(4, 6, 3) の重み
        out = spectral_norm_weight(wt, torch.randn(4 * 9), n_iter=1, transposed=True)
        assert out[1].shape == (6,) and out[2].shape == (36,), "転置畳み込みでは u は (out,) = (6,)、v は (36,) のはずです"
    """)
    nb.markdown(r"""
    ## 8. WGAN-GP の勾配ペナルティ

    WGAN-GP（Gulrajani ら 2017, 式 (3)）は、本物と偽物を結ぶ直線上の点で critic の勾配のノルムを 1 に近づけます:
    $$\hat x=\alpha\,x_{\text{real}}+(1-\alpha)\,x_{\text{fake}},\qquad
    \mathrm{GP}=\mathbb E_{\hat x}\bigl[(\|\nabla_{\hat x}D(\hat x)\|_2-1)^2\bigr]$$

    - $\alpha\sim U[0,1]$ は **サンプルごと** の値（形状 `(B,)`、引数で渡されます）で、残りの次元にブロードキャストします。
    - ノルムは各サンプルの **バッチ以外のすべての次元**（画像なら $C,H,W$ 全部）についてとります。`grad.norm(dim=1)` ではチャネル方向だけになります。
    - ペナルティ自体を critic のパラメータで微分するので、`torch.autograd.grad(..., create_graph=True)` が必要です。
    - 重み $\lambda$（論文では 10）は掛けずに返します。
    """)
    nb.solution("gradient_penalty_code", ref, ["gradient_penalty"])
    nb.grade("gradient_penalty", 4, """
    with sanity_check("gradient_penalty"):
        critic = lambda x: 0.5 * x.flatten(1).sum(dim=1)   # 入力についての勾配はどこでも 0.5
        x = torch.zeros(1, 3, 2, 2)
        gp = gradient_penalty(critic, x, x, torch.tensor([0.3]))
        assert torch.allclose(gp, torch.tensor((math.sqrt(3.0) - 1) ** 2)), f"GP は (√3 - 1)² ≈ 0.5359 のはずです: {gp}"
        lin = nn.Linear(4, 1)
        gp = gradient_penalty(lambda x: torch.tanh(lin(x)).squeeze(1), torch.randn(5, 4), torch.randn(5, 4), torch.rand(5))
        assert gp.requires_grad, "create_graph=True で、ペナルティを critic のパラメータで微分できるようにしてください"
    """)
    nb.markdown(r"""
    ## 9. R1 正則化

    Mescheder ら (2018, 式 (9)) の R1 正則化は、**本物のデータ** 上で D の勾配の二乗ノルムに罰則を与えます:
    $$R_1=\frac{\gamma}{2}\,\mathbb E_{x\sim p_{\mathrm{data}}}\bigl[\|\nabla_x D(x)\|_2^2\bigr]$$
    ここでは係数 $\gamma/2$ を **含めた** 値を返します（StyleGAN2 も同じ規約で $\gamma=10$）。二乗ノルムはバッチ以外のすべての次元の和、
    期待値はバッチ平均です。WGAN-GP と同じく `create_graph=True` が必要です。
    """)
    nb.solution("r1_penalty_code", ref, ["r1_penalty"])
    nb.grade("r1_penalty", 2, """
    with sanity_check("r1_penalty"):
        critic = lambda x: 0.5 * x.flatten(1).sum(dim=1)
        r1 = r1_penalty(critic, torch.zeros(2, 3, 2, 2), gamma=10.0)
        assert torch.allclose(r1, torch.tensor(15.0)), f"R1 = 10/2 · 12 · 0.25 = 15 のはずです: {r1}"
    """)

    # ------------------------------------------------------------------ 5. mode collapse
    nb.markdown(r"""
    ## 10. Mode Collapse とモードカバレッジ

    GAN の Generator はデータ分布の一部のモードだけを生成するようになることがあります（**Mode Collapse**）。
    VEEGAN（Srivastava ら 2017, 第5.1節）にならい、半径 2 の円周上に等間隔に置いた 8 個のガウス分布（標準偏差 0.02）の混合を使います。

    - 各サンプルに最も近い中心を求め、その距離が $3\sigma$（`n_std * std`）以下なら **高品質サンプル** とします。
    - 少なくとも 1 つの高品質サンプルが最も近い中心として選んだモードを「捉えた（hit）」モードとします。

    `mode_coverage(samples, centers, std, n_std=3.0)` は `(捉えたモード数: int, 高品質サンプルの割合: float)` を返します。
    """)
    nb.solution("mode_coverage_code", ref, ["mode_coverage"])
    nb.grade("mode_coverage", 2, """
    with sanity_check("mode_coverage"):
        centers = ring_centers()
        pts = torch.cat([centers[:3], centers[:1] + 0.05, torch.zeros(1, 2)])   # 3 モード + 近い点 + 中心の外れ値
        modes, frac = mode_coverage(pts, centers, std=0.02)
        assert modes == 3 and abs(frac - 0.6) < 1e-9, f"(3, 0.6) のはずです: {(modes, frac)}"
    """)
    nb.markdown(r"""
    ## 11. 小さな GAN を円環データで学習する

    GAN の学習は Discriminator と Generator を交互に更新します（Goodfellow ら 2014, Algorithm 1, $k=1$）。
    `gan_train_step` は 1 ステップ分を行います:

    1. **D の更新**: `fake = G(z).detach()`（D の更新で G に勾配を流さない）、`loss_d = d_loss_fn(D(real), D(fake))`、
       `opt_d.zero_grad()` → `loss_d.backward()` → `opt_d.step()`
    2. **G の更新**（更新後の D を使う）: `loss_g = g_loss_fn(D(G(z)))`、`opt_g.zero_grad()` → `loss_g.backward()` → `opt_g.step()`

    戻り値は `(loss_d, loss_g)` の Python の float（`.item()`）です。損失関数は引数で受け取ります
    （下のデモでは 1. と 2. のあなたの損失、採点では別の損失も使います）。
    """)
    nb.solution("ring_gan_code", ref, ["gan_train_step"])
    nb.grade("ring_gan", 3, """
    with sanity_check("ring_gan"):
        G, D = make_ring_models(seed=0)
        opt_g = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999))
        opt_d = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999))
        g0, d0 = G[0].weight.detach().clone(), D[0].weight.detach().clone()
        gen = torch.Generator().manual_seed(0)
        out = gan_train_step(G, D, opt_g, opt_d, sample_ring(64, gen), torch.randn(64, 2, generator=gen),
                             d_loss_minimax, g_loss_nonsaturating)
        assert isinstance(out, tuple) and all(isinstance(v, float) for v in out), f"(float, float) を返してください: {out}"
        assert not torch.equal(g0, G[0].weight) and not torch.equal(d0, D[0].weight), "G と D の両方が更新されるはずです"
    """)
    nb.demo("ring_demo", """
    # 円環上の 8 つのガウス分布で小さな GAN を学習します（CPU で数秒）。あなたの損失と gan_train_step を使います。
    import matplotlib.pyplot as plt

    with sanity_check("ring_demo"):
        G, D = make_ring_models(seed=1)
        opt_g = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999))
        opt_d = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999))
        gen = torch.Generator().manual_seed(1)
        centers = ring_centers()
        for step in range(1, 1001):
            real, z = sample_ring(128, gen), torch.randn(128, 2, generator=gen)
            loss_d, loss_g = gan_train_step(G, D, opt_g, opt_d, real, z, d_loss_minimax, g_loss_nonsaturating)
            if step % 250 == 0:
                with torch.no_grad():
                    samples = G(torch.randn(2000, 2, generator=gen))
                modes, frac = mode_coverage(samples, centers, std=0.02)
                print(f"step {step:4d}: loss_d {loss_d:.3f}  loss_g {loss_g:.3f}  捉えたモード {modes}/8  高品質 {frac:.1%}")
        fig, ax = plt.subplots(figsize=(4, 4))
        ax.scatter(*samples.T, s=2, alpha=0.3, label="G(z)")
        ax.scatter(*centers.T, c="red", marker="x", label="modes")
        ax.set_aspect("equal")
        ax.legend()
        plt.show()
    """)
    nb.markdown(r"""
    ## まとめ

    - GAN はミニマックスゲームとして定式化され、実装ではロジットのまま BCE を計算します。初期の勾配消失を避けるため、Generator には非飽和損失を使います。
    - DCGAN は転置畳み込み・BatchNorm・LeakyReLU・Tanh・$\mathcal N(0,0.02^2)$ 初期化という設計原則で学習を安定させました。
    - StyleGAN はマッピングネットワークで $w$ を作り、AdaIN で各層にスタイルとして注入します。スタイルミキシングは層ごとに別の潜在変数を使います。
    - Spectral Normalization、勾配ペナルティ（WGAN-GP、R1）は D の滑らかさを制御して学習を安定させます。
    - Mode Collapse はモードカバレッジ（捉えたモード数と高品質サンプルの割合）で定量化できます。
    """)
    return {"gan.ipynb": nb}
