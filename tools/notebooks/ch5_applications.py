"""Builds source/ch5_applications/applications.ipynb (chapter 5: applications of generative models)."""
from autograder.authoring import NotebookBuilder
import solutions.ch5_applications as ref


def build():
    nb = NotebookBuilder("ch5_applications")
    nb.markdown(r"""
    # 第5章 演習: 生成モデルの応用

    第5章では、これまでに学んだ VAE・GAN・拡散モデルが実際のシステム（DALL-E 2、Stable Diffusion、Imagen、
    Diffusion-based TTS、NeRF / DreamFusion など）の中でどう使われているかを学びました。
    この演習では、それらのシステムの **中核となる小さな計算** を PyTorch で実装します。

    1. **Text-to-Image生成**: CLIP の類似度行列、CLIP スコア、対照学習の損失（CLIPガイダンスの基礎）
    2. **プロンプトエンジニアリング**: 候補プロンプトの順位付けと、重み付きプロンプト埋め込み
    3. **画像編集**: Image-to-Image（strength → 実行するタイムステップと開始潜在変数）、Inpainting（マスク合成）、
       Style Transfer（グラム行列とスタイル損失）
    4. **音声合成**: 振幅スペクトログラムとメルフィルタバンク
    5. **3D生成**: NeRF のボリュームレンダリング、DreamFusion のスコア蒸留（SDS）勾配

    ここでは学習済みの重みをダウンロードしません。課題は埋め込みベクトル・潜在変数・特徴マップ・密度などの
    **テンソルを入力**として受け取ります。実際のモデル（CLIP、Stable Diffusion など）をどこに差し込むかは、各節の説明に示します。

    **進め方**: 各課題の解答セル（関数の本体）にある `raise NotImplementedError()` をあなたのコードに置き換えてください。
    各課題の直後のセルは「基本チェック」です。実行すると ✅ / ❌ / ⏳ が表示されます。
    採点は、別の入力（さまざまな形状、float32 と float64）を使う隠しテストで行われます。
    関数名・引数・戻り値の形状は変更しないでください。乱数は引数（`noise` など）として渡されるので、関数の中で乱数を生成しないでください。
    """)
    nb.setup("setup", """
    import math

    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    from genmodels_lab import load_digits_tensor, sanity_check

    _ = torch.manual_seed(0)  # the Generator it returns is not displayed
    """)
    # ------------------------------------------------------------------ CLIP
    nb.markdown(r"""
    ## 1. CLIP: 類似度行列と CLIP スコア

    CLIP（Radford et al. 2021）は画像エンコーダとテキストエンコーダを持ち、両者を **同じ埋め込み空間** に写します。
    画像とテキストの近さは、埋め込みの **コサイン類似度** で測ります:
    $$S_{ij} = \cos(a_i, b_j) = \frac{a_i\cdot b_j}{\|a_i\|\,\|b_j\|}$$
    実装では、まず各行を L2 正規化（単位ベクトル化）してから行列積をとります（`a_n @ b_n.T`）。
    ゼロベクトルで 0 除算にならないよう、ノルムは `eps` 以上にクランプします（`clamp_min(eps)`）。

    **CLIP スコア**（Hessel et al. 2021）は、画像 $I$ とキャプション $C$ の組ごとに
    $$\mathrm{CLIPScore}(I, C) = 100\cdot\max\bigl(\cos(E_I, E_C),\,0\bigr)$$
    です（torchmetrics の `CLIPScore` と同じ係数 100）。生成画像がプロンプトにどれだけ合っているかの指標として使われます。
    ここでは **組ごと**（行 $i$ の画像と行 $i$ のテキスト）に計算し、形状 `(N,)` で返します（バッチ平均はとりません）。

    > 実際のモデルを使う場合: `open_clip.create_model_and_transforms(..., pretrained="/path/to/local/weights.bin")` などで
    > 読み込んだモデルの `encode_image` / `encode_text` の出力をそのまま渡します。
    """)
    nb.solution("clip_similarity_code", ref, ["cosine_similarity_matrix", "clip_score"])
    nb.grade("clip_similarity", 3, """
    with sanity_check("clip_similarity"):
        a = torch.tensor([[3.0, 0.0], [1.0, 1.0]])
        b = torch.tensor([[1.0, 0.0], [0.0, 2.0], [-1.0, 0.0]])
        s = cosine_similarity_matrix(a, b)
        assert s.shape == (2, 3), f"形状は (N, M) = (2, 3) のはずです: {tuple(s.shape)}"
        r = math.sqrt(0.5)
        assert torch.allclose(s, torch.tensor([[1.0, 0.0, -1.0], [r, r, -r]]), atol=1e-6), f"値が違います: {s}"
        cs = clip_score(a, b[[0, 2]])
        assert torch.allclose(cs, torch.tensor([100.0, 0.0]), atol=1e-4), f"CLIP スコアが違います（負の類似度は 0）: {cs}"
    """)
    nb.markdown(r"""
    ## 2. CLIP の対照学習損失（学習可能な温度）

    バッチ内の $N$ 組（画像 $i$ とテキスト $i$ が正解ペア）について、類似度行列から **対称な交差エントロピー** をとります:
    $$\ell_{ij} = e^{s}\,\cos(I_i, T_j),\qquad
    \mathcal L = \frac12\left[\frac1N\sum_i -\log\frac{e^{\ell_{ii}}}{\sum_j e^{\ell_{ij}}}
    + \frac1N\sum_j -\log\frac{e^{\ell_{jj}}}{\sum_i e^{\ell_{ij}}}\right]$$
    1 項目は「画像 → テキスト」（行方向）、2 項目は「テキスト → 画像」（列方向）の分類です。

    温度 $\tau$ は学習可能なパラメータですが、CLIP は **対数スケール** $s=\log(1/\tau)$ を学習し、使うときに
    $e^{s}$ を掛けます（初期値 $\tau=0.07$、つまり $s=\log(1/0.07)\approx 2.659$）。
    引数 `logit_scale` はこの $s$ です。**`exp` を忘れない**こと、そして **両方向** の平均をとることに注意しましょう。
    `F.cross_entropy(logits, labels)` はバッチ平均を返します（open_clip の `ClipLoss` と同じ式です）。
    """)
    nb.solution("clip_loss_code", ref, ["clip_contrastive_loss"])
    nb.grade("clip_loss", 3, """
    with sanity_check("clip_loss"):
        emb = torch.eye(3)
        loss = clip_contrastive_loss(emb, emb, torch.tensor(0.0))
        # logits = I, so each row is log-softmax of (1, 0, 0): -log(e / (e + 2))
        expected = -math.log(math.e / (math.e + 2))
        assert loss.dim() == 0, f"スカラー（0 次元テンソル）を返してください: shape {tuple(loss.shape)}"
        assert abs(float(loss) - expected) < 1e-5, f"値が違います: {float(loss):.6f}（期待 {expected:.6f}）"
        s = torch.tensor(math.log(1 / 0.07), requires_grad=True)
        l2 = clip_contrastive_loss(torch.randn(4, 8), torch.randn(4, 8), s)
        l2.backward()
        assert s.grad is not None, "logit_scale に勾配が流れていません"
    """)
    nb.demo("clip_demo", """
    # 学習済み CLIP の代わりに、「画像特徴」と「テキスト特徴」を 2 つの小さな線形エンコーダで同じ空間に写す練習をします。
    # 画像特徴とテキスト特徴は同じ潜在変数から別々のランダムな写像で作った人工データです（CPU で 1 秒程度）。
    with sanity_check("clip_demo"):
        g = torch.Generator().manual_seed(0)
        z = torch.randn(512, 4, generator=g)
        img_feat = z @ torch.randn(4, 16, generator=g) + 0.1 * torch.randn(512, 16, generator=g)
        txt_feat = z @ torch.randn(4, 12, generator=g) + 0.1 * torch.randn(512, 12, generator=g)
        enc_i, enc_t = nn.Linear(16, 8), nn.Linear(12, 8)
        log_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))
        opt = torch.optim.Adam([*enc_i.parameters(), *enc_t.parameters(), log_scale], lr=1e-2)
        for step in range(150):
            idx = torch.randint(0, 512, (64,), generator=g)
            loss = clip_contrastive_loss(enc_i(img_feat[idx]), enc_t(txt_feat[idx]), log_scale)
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                log_scale.clamp_(0, math.log(100))  # CLIP と同じく温度の逆数を 100 以下に制限
            if step % 50 == 0:
                print(f"step {step:3d}: loss {loss.item():.3f}, 1/tau = {log_scale.exp().item():.1f}")
        with torch.no_grad():
            s = cosine_similarity_matrix(enc_i(img_feat[:8]), enc_t(txt_feat[:8]))
            acc = (s.argmax(1) == torch.arange(8)).float().mean().item()
            print(f"8 組の検索正解率: {acc:.2f}、CLIP スコア: {clip_score(enc_i(img_feat[:8]), enc_t(txt_feat[:8])).mean():.1f}")
    """)
    # ------------------------------------------------------------------ prompts
    nb.markdown(r"""
    ## 3. プロンプトエンジニアリングを「測る」

    プロンプトの良し悪しは、感覚ではなく **数値で比べる** ことができます。例えば、ある画像の埋め込み $v$ に対し、
    候補プロンプト $p_1,\dots,p_P$ のテキスト埋め込みとのコサイン類似度を計算し、大きい順に並べます（CLIP のゼロショット分類と同じ計算です）。

    `rank_prompts(image_emb, prompt_embs)` は `(order, scores)` を返します:
    - `scores`: 各プロンプトのコサイン類似度（**元の順番のまま**、形状 `(P,)`）
    - `order`: 類似度の大きい順に並べたプロンプトの番号（int64、同点なら番号の小さい方が先: `torch.argsort(..., descending=True, stable=True)`）

    **重み付きプロンプト**: 複数のプロンプトを重み $w_i$ で混ぜた方向
    $$e = \operatorname{normalize}\Bigl(\sum_i w_i\,\operatorname{normalize}(e_i)\Bigr)$$
    を作ります。各プロンプトを **先に正規化** するので、埋め込みのノルムではなく重みが影響の大きさを決めます。
    CLIP は方向だけを比べるので、最後にもう一度正規化して単位ベクトルを返します。
    負の重みは「そのプロンプトから遠ざける」（ネガティブプロンプト）に相当します。
    """)
    nb.solution("prompt_ranking_code", ref, ["rank_prompts", "weighted_prompt_embedding"])
    nb.grade("prompt_ranking", 2, """
    with sanity_check("prompt_ranking"):
        order, scores = rank_prompts(torch.tensor([1.0, 0.0]), torch.tensor([[0.0, 1.0], [5.0, 0.0], [1.0, 1.0]]))
        assert order.tolist() == [1, 2, 0], f"順位が違います: {order.tolist()}"
        assert torch.allclose(scores, torch.tensor([0.0, 1.0, math.sqrt(0.5)]), atol=1e-6), f"類似度が違います: {scores}"
        e = weighted_prompt_embedding(torch.tensor([[10.0, 0.0], [0.0, 1.0]]), torch.tensor([1.0, 1.0]))
        assert torch.allclose(e, torch.tensor([math.sqrt(0.5), math.sqrt(0.5)]), atol=1e-6), f"値が違います: {e}"
    """)
    # ------------------------------------------------------------------ img2img
    nb.markdown(r"""
    ## 4. Image-to-Image: strength から実行するタイムステップへ

    Image-to-Image（SDEdit, Meng et al. 2022）は、入力画像の潜在変数 $x_0$ を途中のタイムステップまで **ノイズ付加** し、
    そこから逆拡散を行います。`strength` $\in[0,1]$ はどこまで戻るかを決めます（1 なら純粋なノイズから、0 なら何もしない）。

    diffusers の `StableDiffusionImg2ImgPipeline.get_timesteps` と同じ規則で、スケジューラが
    `set_timesteps(num_inference_steps)` で作った降順のタイムステップ列 `timesteps` のうち、**後ろの部分だけ** を実行します:
    $$\texttt{init} = \min(\lfloor n\cdot\text{strength}\rfloor,\ n),\qquad
    t_{\text{start}} = \max(n - \texttt{init},\ 0),\qquad \texttt{timesteps}[t_{\text{start}}\cdot\text{order}:]$$
    （$n$ = `num_inference_steps`、`order` は DDIM/DDPM では 1）。`int()` は切り捨てです（四捨五入ではありません）。
    `strength` が $[0,1]$ の外なら `ValueError` にします。

    開始潜在変数は、実行する最初のタイムステップ $t$ での $q(x_t\mid x_0)$ からのサンプルです（Ho et al. 2020, 式 4）:
    $$x_t = \sqrt{\bar\alpha_t}\,x_0 + \sqrt{1-\bar\alpha_t}\,\varepsilon$$
    `timestep` はサンプルごとのタイムステップ（形状 `(B,)`、パイプラインでは `timesteps[:1].repeat(B)`）です。
    $\bar\alpha$ は `alphas_cumprod[t]` で、`t` 番目（`t-1` ではない）を使います。

    > 実際のモデルを使う場合: `StableDiffusionImg2ImgPipeline.from_pretrained("/path/to/local/model_dir")` で
    > ローカルに保存したパイプラインを読み込み、`pipe(prompt, image=init_image, strength=0.6, num_inference_steps=50)` と呼びます。
    > 内部では、この節の 2 つの関数と同じ計算が行われます。
    """)
    nb.solution("img2img_code", ref, ["img2img_timesteps", "img2img_start_latent"])
    nb.grade("img2img", 3, """
    with sanity_check("img2img"):
        ts = torch.arange(900, -1, -100)  # 10 ステップ: 900, 800, ..., 0
        run = img2img_timesteps(ts, 10, 0.75)
        assert run.tolist() == [600, 500, 400, 300, 200, 100, 0], f"実行するタイムステップが違います: {run.tolist()}"
        assert img2img_timesteps(ts, 10, 0.0).numel() == 0, "strength = 0 では何も実行しません"
        abar = torch.linspace(0.99, 0.01, 1000)
        x0, noise = torch.ones(2, 1, 2, 2), torch.zeros(2, 1, 2, 2)
        xt = img2img_start_latent(x0, noise, abar, torch.tensor([0, 999]))
        assert torch.allclose(xt[:, 0, 0, 0], abar[[0, 999]].sqrt()), f"開始潜在変数が違います: {xt[:, 0, 0, 0]}"
    """)
    # ------------------------------------------------------------------ inpainting
    nb.markdown(r"""
    ## 5. Inpainting: 既知の領域と生成した領域のマスク合成

    Inpainting では、画像の一部（マスク領域）だけを生成し、残りは元の画像を保ちます。
    条件付きの学習をしていない拡散モデルでも、**各逆拡散ステップの後で** 既知の領域を元画像で置き換えれば
    inpainting ができます（RePaint, Lugmayr et al. 2022, 式 8）。置き換える既知領域は、生成側と **同じノイズレベル** にそろえます:
    $$x^{\text{known}}_t = \sqrt{\bar\alpha_t}\,x_0^{\text{known}} + \sqrt{1-\bar\alpha_t}\,\varepsilon,\qquad
    x_t \leftarrow m\odot x^{\text{gen}}_t + (1-m)\odot x^{\text{known}}_t$$

    **マスクの向き**（diffusers の inpainting と同じ約束: 白 = 描き直す）: $m=1$ が **生成する** 領域、$m=0$ が **保持する** 領域です。
    `alpha_bar` は `x_gen` のノイズレベル（逆拡散ステップの **後** のタイムステップ）の $\bar\alpha$ で、形状 `(B,)` です。
    最後のステップの後は `alpha_bar = 1` を渡すと、保持領域がちょうど元画像になります。
    `mask` は `(B, 1, H, W)` のようにチャンネル方向にブロードキャストできる形で渡されます。
    """)
    nb.solution("inpaint_blend_code", ref, ["inpaint_blend"])
    nb.grade("inpaint_blend", 2, """
    with sanity_check("inpaint_blend"):
        x_gen = torch.full((1, 1, 1, 2), 5.0)
        x0 = torch.full((1, 1, 1, 2), 1.0)
        noise = torch.full((1, 1, 1, 2), 2.0)
        mask = torch.tensor([[[[1.0, 0.0]]]])  # 左: 生成する、右: 保持する
        out = inpaint_blend(x_gen, x0, noise, mask, torch.tensor([0.64]))
        # 右の画素: sqrt(0.64) * 1 + sqrt(0.36) * 2 = 0.8 + 1.2 = 2.0
        assert torch.allclose(out, torch.tensor([[[[5.0, 2.0]]]])), f"値が違います（マスクの向きを確認）: {out.flatten().tolist()}"
    """)
    nb.demo("inpaint_demo", """
    # 小さな拡散ループで inpainting を試します。「モデル」は 8x8 数字 200 枚に対する最適なノイズ予測器
    # （データ点の事後重み付き平均から eps を計算）で、学習は不要です。スケジューラは diffusers の DDIMScheduler。
    import matplotlib.pyplot as plt
    from diffusers import DDIMScheduler

    with sanity_check("inpaint_demo"):
        x_all, y_all = load_digits_tensor(torch.float64)
        data = x_all[:200] * 2 - 1  # [-1, 1], (200, 64)
        sched = DDIMScheduler(num_train_timesteps=1000, beta_schedule="linear", clip_sample=False)
        sched.set_timesteps(25)
        abar_all = sched.alphas_cumprod.to(torch.float64)

        def eps_model(x, t):  # 経験分布に対する最適な eps 予測（x: (B, 64)）
            a = abar_all[t]
            d2 = torch.cdist(x, a.sqrt() * data) ** 2
            w = torch.softmax(-d2 / (2 * (1 - a)), dim=1)
            x0_hat = w @ data
            return (x - a.sqrt() * x0_hat) / (1 - a).sqrt()

        target = x_all[300:301] * 2 - 1  # データにない数字
        mask = torch.zeros(1, 1, 8, 8, dtype=torch.float64)
        mask[..., 4:, :] = 1.0  # 下半分を生成する
        g = torch.Generator().manual_seed(1)
        x = torch.randn(1, 64, generator=g, dtype=torch.float64)
        ts = sched.timesteps
        for i, t in enumerate(ts):
            x = sched.step(eps_model(x, t), t, x).prev_sample
            a_next = abar_all[ts[i + 1]] if i + 1 < len(ts) else torch.tensor(1.0, dtype=torch.float64)
            noise = torch.randn(1, 64, generator=g, dtype=torch.float64)
            x = inpaint_blend(x.reshape(1, 1, 8, 8), target.reshape(1, 1, 8, 8), noise.reshape(1, 1, 8, 8),
                              mask, a_next.reshape(1)).reshape(1, 64)
        fig, axes = plt.subplots(1, 3, figsize=(4, 1.6))
        for ax, img, title in zip(axes, [target, target * (1 - mask.reshape(1, 64)), x], ["original", "kept", "inpainted"]):
            ax.imshow(img.reshape(8, 8), cmap="gray", vmin=-1, vmax=1)
            ax.set_title(title, fontsize=8)
            ax.axis("off")
        plt.show()
    """)
    # ------------------------------------------------------------------ style
    nb.markdown(r"""
    ## 6. Style Transfer: グラム行列とスタイル損失

    Gatys et al. (2016) は、CNN の特徴マップのチャンネル間の相関（**グラム行列**）が画像の「スタイル」（テクスチャ）を表すことを示しました。
    特徴マップ $F\in\mathbb R^{B\times C\times H\times W}$ を各サンプル $b$ について $C\times HW$ 行列 $F_b$ に並べ替えて
    $$G_b = \frac{F_b F_b^{\top}}{C\,H\,W}\qquad(\text{形状 } (B, C, C))$$
    とします。**正規化の約束**: 要素数 $CHW$ で割ります（PyTorch 公式のニューラルスタイル転送チュートリアルと同じ。画像サイズで値が変わりにくい）。

    スタイル損失は、層 $l$ ごとのグラム行列の差の **平均二乗** を層の重み $w_l$ で足し合わせたものです:
    $$\mathcal L_{\text{style}} = \sum_l w_l\cdot\operatorname{mean}_{b,i,j}\bigl(G_l(\text{生成})_{bij} - G_l(\text{スタイル})_{bij}\bigr)^2$$
    `layer_weights=None` のときは全層の重みを 1 とします。

    AdaIN（第3章）も同じ考え方で、平均と標準偏差という「1 次・2 次の統計量」をそろえてスタイルを移します（下のデモで使います）。

    > 実際のモデルを使う場合: `torchvision.models.vgg19(weights=None)` に、ローカルに保存した重みを
    > `load_state_dict(torch.load("/path/to/vgg19.pth", weights_only=True))` で読み込み、`conv1_1`〜`conv5_1` の出力を特徴として使います。
    """)
    nb.solution("style_loss_code", ref, ["gram_matrix", "style_loss"])
    nb.grade("style_loss", 3, """
    with sanity_check("style_loss"):
        f = torch.tensor([[[[1.0, 2.0]], [[0.0, 1.0]]]])  # (1, 2, 1, 2)
        g = gram_matrix(f)
        assert g.shape == (1, 2, 2), f"形状は (B, C, C) = (1, 2, 2) のはずです: {tuple(g.shape)}"
        assert torch.allclose(g, torch.tensor([[[5.0, 2.0], [2.0, 1.0]]]) / 4), f"値が違います（C*H*W で割る）: {g}"
        loss = style_loss([f], [torch.zeros_like(f)], [2.0])
        assert abs(float(loss) - 2.0 * (25 + 4 + 4 + 1) / 16 / 4) < 1e-6, f"スタイル損失が違います: {float(loss)}"
    """)
    nb.demo("style_demo", """
    # ランダムな（学習していない）小さな CNN の特徴でも、グラム行列を合わせるとテクスチャの統計が移ります。
    # 8x8 数字の「1」のスタイルを「0」に移す小さな最適化と、AdaIN（第3章）による統計量の置き換えを比べます。
    import matplotlib.pyplot as plt

    def adain(content, style, eps=1e-5):  # 第3章の AdaIN（ここで再定義）: (B, C, H, W)
        c_mu, c_sd = content.mean((2, 3), keepdim=True), (content.var((2, 3), keepdim=True, unbiased=False) + eps).sqrt()
        s_mu, s_sd = style.mean((2, 3), keepdim=True), (style.var((2, 3), keepdim=True, unbiased=False) + eps).sqrt()
        return s_sd * (content - c_mu) / c_sd + s_mu

    with sanity_check("style_demo"):
        torch.manual_seed(0)
        x_all, y_all = load_digits_tensor()
        content = x_all[y_all == 0][:1].reshape(1, 1, 8, 8)
        style = x_all[y_all == 1][:1].reshape(1, 1, 8, 8)
        convs = [nn.Conv2d(1, 8, 3, padding=1), nn.Conv2d(8, 16, 3, padding=1)]

        def features(x):
            out, h = [], x
            for conv in convs:
                h = torch.relu(conv(h))
                out.append(h)
            return out

        with torch.no_grad():
            style_feats = features(style)
            content_feats = features(content)
        img = content.clone().requires_grad_(True)
        opt = torch.optim.Adam([img], lr=0.05)
        for step in range(80):
            feats = features(img)
            loss = 1e3 * style_loss(feats, style_feats) + F.mse_loss(feats[-1], content_feats[-1])
            opt.zero_grad()
            loss.backward()
            opt.step()
        print(f"最終損失: {loss.item():.4f}")
        mixed = adain(content_feats[0], style_feats[0])
        print("AdaIN 後のチャンネル平均がスタイルと一致:", torch.allclose(mixed.mean((2, 3)), style_feats[0].mean((2, 3)), atol=1e-5))
        fig, axes = plt.subplots(1, 3, figsize=(4, 1.6))
        for ax, im, title in zip(axes, [content, style, img.detach()], ["content", "style", "result"]):
            ax.imshow(im.reshape(8, 8), cmap="gray")
            ax.set_title(title, fontsize=8)
            ax.axis("off")
        plt.show()
    """)
    # ------------------------------------------------------------------ audio
    nb.markdown(r"""
    ## 7. 音声: 振幅スペクトログラム

    WaveGAN は波形を直接生成しますが、多くの音声合成（Diffusion-based TTS を含む）は **メルスペクトログラム** を中間表現に使い、
    ボコーダで波形に戻します。その第一歩が短時間フーリエ変換（STFT）の振幅です:
    $$|X[b,k,m]| = \Bigl|\sum_{n=0}^{N-1} w[n]\,x[b,\,mH+n]\,e^{-2\pi i kn/N}\Bigr|,\qquad k=0,\dots,N/2$$
    （$N$ = `n_fft`、$H$ = `hop_length`）。約束:
    - 窓は **周期的な** ハン窓 `torch.hann_window(N, periodic=True)`（scipy の `get_window("hann", N)` と同じ）
    - **パディングなし**（`torch.stft(..., center=False)`）。フレーム数は $1 + \lfloor (L-N)/H \rfloor$
    - 正規化なし、片側スペクトル（$N/2+1$ 個の周波数ビン）、**振幅**（パワー $|X|^2$ ではない）

    入力 `wave` は `(B, L)`、出力は `(B, N//2+1, フレーム数)` です。$L<N$ なら `ValueError` にします。
    """)
    nb.solution("stft_magnitude_code", ref, ["magnitude_spectrogram"])
    nb.grade("stft_magnitude", 2, """
    with sanity_check("stft_magnitude"):
        n = 16
        x = torch.cos(2 * math.pi * 2 * torch.arange(48) / n).reshape(1, -1)  # ビン 2 の余弦波
        spec = magnitude_spectrogram(x, n, 8)
        assert spec.shape == (1, 9, 5), f"形状は (1, 9, 5) のはずです: {tuple(spec.shape)}"
        # 周期的ハン窓の和は N / 2 = 8、余弦波の振幅はその半分 4 がビン 2 に現れる
        assert torch.allclose(spec[0, 2], torch.full((5,), 4.0), atol=1e-4), f"ビン 2 の振幅が違います: {spec[0, 2]}"
    """)
    nb.markdown(r"""
    ## 8. 音声: メルフィルタバンク

    人間の聴覚は低い周波数ほど細かく聞き分けます。**メル尺度**（ここでは HTK の式）
    $$\mathrm{mel}(f) = 2595\,\log_{10}\Bigl(1+\frac{f}{700}\Bigr),\qquad f(\mathrm{mel}) = 700\,\bigl(10^{\mathrm{mel}/2595}-1\bigr)$$
    の上で等間隔に $n_{\text{mels}}+2$ 個の点をとり、Hz に戻した点 $f_0<f_1<\dots<f_{n_{\text{mels}}+1}$ を頂点とする三角フィルタを作ります。
    フィルタ $i$（0 始まり）は FFT ビンの周波数 $f=k\cdot\text{sr}/N$（$k=0,\dots,N/2$）で
    $$H_i(f) = \max\Bigl(0,\ \min\Bigl(\frac{f-f_i}{f_{i+1}-f_i},\ \frac{f_{i+2}-f}{f_{i+2}-f_{i+1}}\Bigr)\Bigr)$$
    です（三角形は **Hz の上で** 直線です。librosa の `filters.mel(..., htk=True)` と同じ）。
    `norm="slaney"` のときは各フィルタに $2/(f_{i+2}-f_i)$ を掛けて面積をそろえます（`norm=None` なら頂点の高さが 1）。
    `f_max=None` はナイキスト周波数 $\text{sr}/2$ です。メルスペクトログラムは `fb @ magnitude_spectrogram(...)**2` で得られます。
    """)
    nb.solution("mel_filterbank_code", ref, ["mel_filterbank"])
    nb.grade("mel_filterbank", 2, """
    with sanity_check("mel_filterbank"):
        fb = mel_filterbank(16000, 512, 40)
        assert fb.shape == (40, 257), f"形状は (n_mels, n_fft//2+1) = (40, 257) のはずです: {tuple(fb.shape)}"
        assert fb.dtype == torch.float32, f"dtype は float32 のはずです: {fb.dtype}"
        assert float(fb.max()) <= 1.0 + 1e-6 and float(fb.min()) >= 0.0, "norm=None では値は 0〜1 です"
        peak_bins = fb.argmax(1)
        assert bool((peak_bins[1:] >= peak_bins[:-1]).all()), "フィルタの中心周波数は単調増加のはずです"
        assert int(peak_bins[0]) == 1, f"最初のフィルタの中心ビンが違います: {int(peak_bins[0])}（期待 1）"
    """)
    nb.demo("audio_demo", """
    # 上昇するチャープ音（0.5 秒、8 kHz）のメルスペクトログラム（対数）を描きます。
    import matplotlib.pyplot as plt

    with sanity_check("audio_demo"):
        sr = 8000
        tt = torch.arange(int(0.5 * sr)) / sr
        wave = torch.sin(2 * math.pi * (200 * tt + 3000 * tt ** 2)).reshape(1, -1)
        spec = magnitude_spectrogram(wave, 256, 64)
        mel = mel_filterbank(sr, 256, 32) @ spec[0] ** 2
        plt.figure(figsize=(5, 2.2))
        plt.imshow(torch.log10(mel + 1e-6), origin="lower", aspect="auto", cmap="magma")
        plt.xlabel("frame")
        plt.ylabel("mel bin")
        plt.title("log-mel spectrogram of a chirp")
        plt.show()
    """)
    # ------------------------------------------------------------------ NeRF
    nb.markdown(r"""
    ## 9. 3D生成: NeRF のボリュームレンダリング

    NeRF（Mildenhall et al. 2020）は、空間の各点の密度 $\sigma$ と色 $c$ をネットワークで表し、
    光線 $r(t)=o+t\,d$ に沿ったサンプル $t_1<\dots<t_S$ を合成して画素の色を求めます（式 3）:
    $$\delta_i = (t_{i+1}-t_i)\,\|d\|,\qquad \alpha_i = 1-e^{-\sigma_i\delta_i},\qquad
    T_i = \prod_{j<i}(1-\alpha_j) = \exp\Bigl(-\sum_{j<i}\sigma_j\delta_j\Bigr),$$
    $$w_i = T_i\,\alpha_i,\qquad \hat C = \sum_i w_i\,c_i$$
    注意点:
    - 透過率 $T_i$ は **排他的**（$j<i$ まで、$T_1=1$）です。`torch.cumprod` をそのまま使うと自分自身まで含んでしまいます。
    - 距離は **光線方向のノルム** $\|d\|$ を掛けて世界座標の長さにします（$d$ は単位ベクトルとは限りません）。
    - 最後の区間の長さは「無限大」として `far_delta`（$10^{10}$）に $\|d\|$ を掛けたものを使います（元の実装と同じ）。
      そのため $\sigma>0$ なら重みの和は 1 になります。
    - 排他的累積和を `cumsum(x) - x` で作ると、最後の巨大な値で桁落ちします。先頭に 0 を付けて `cumsum(x[:, :-1])` を使いましょう。

    戻り値は `(rgb_map, weights)`（形状 `(R, 3)` と `(R, S)`）です。
    """)
    nb.solution("nerf_rendering_code", ref, ["volume_render"])
    nb.grade("nerf_rendering", 3, """
    with sanity_check("nerf_rendering"):
        sigma = torch.tensor([[math.log(2.0), math.log(2.0), 1.0]])
        t_vals = torch.tensor([[0.0, 0.5, 1.0]])
        d = torch.tensor([[0.0, 2.0, 0.0]])  # ||d|| = 2 なので delta = 1
        rgb = torch.tensor([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]])
        color, w = volume_render(sigma, rgb, t_vals, d)
        # alpha = (1/2, 1/2, 1), T = (1, 1/2, 1/4)
        assert torch.allclose(w, torch.tensor([[0.5, 0.25, 0.25]]), atol=1e-6), f"重みが違います: {w}"
        assert torch.allclose(color, torch.tensor([[0.5, 0.25, 0.25]]), atol=1e-6), f"色が違います: {color}"
    """)
    nb.demo("nerf_demo", """
    # 解析的な「密度場」（半径 1 の球、色は位置で変化）を 32x32 の画像にレンダリングします（学習なし）。
    import matplotlib.pyplot as plt

    with sanity_check("nerf_demo"):
        H = W = 32
        ys, xs = torch.meshgrid(torch.linspace(-1.2, 1.2, H), torch.linspace(-1.2, 1.2, W), indexing="ij")
        dirs = torch.stack([xs, -ys, -torch.full_like(xs, 2.0)], -1).reshape(-1, 3)  # 正規化していない方向
        origin = torch.tensor([0.0, 0.0, 3.0])
        t_vals = torch.linspace(0.5, 2.5, 64).repeat(H * W, 1)
        pts = origin + t_vals[..., None] * dirs[:, None, :]  # (R, S, 3)
        sigma = 20.0 * torch.sigmoid(10 * (1 - pts.norm(dim=-1)))
        rgb = torch.sigmoid(3 * pts)
        color, w = volume_render(sigma, rgb, t_vals, dirs)
        plt.figure(figsize=(2.4, 2.4))
        plt.imshow(color.reshape(H, W, 3).clamp(0, 1))
        plt.axis("off")
        plt.show()
    """)
    # ------------------------------------------------------------------ SDS
    nb.markdown(r"""
    ## 10. 3D生成: スコア蒸留（SDS）勾配

    DreamFusion（Poole et al. 2022）は、学習済みの 2D 拡散モデルを「採点者」として使い、NeRF のパラメータ $\theta$ を最適化します。
    レンダリング画像 $x=g(\theta)$ にノイズを加えた $x_t=\sqrt{\bar\alpha_t}\,x+\sqrt{1-\bar\alpha_t}\,\varepsilon$ から
    凍結した拡散モデルがノイズ $\hat\varepsilon(x_t;y,t)$ を予測し、U-Net のヤコビアンを省いた勾配（式 3）
    $$\nabla_x\mathcal L_{\text{SDS}} = w(t)\,\bigl(\hat\varepsilon(x_t;y,t)-\varepsilon\bigr),\qquad w(t) = \sigma_t^2 = 1-\bar\alpha_t$$
    を $x$ に流します（`x.backward(gradient=g)` で $\partial x/\partial\theta$ を掛けて $\theta$ に伝わります）。
    符号に注意: $\hat\varepsilon-\varepsilon$ です（逆にすると勾配 **上昇** になります）。`t` はサンプルごとのタイムステップ（形状 `(B,)`）です。
    戻り値は計算グラフから切り離して（`detach()`）返します。

    > 実際のモデルを使う場合: `UNet2DConditionModel.from_pretrained("/path/to/local/sd", subfolder="unet")` の出力
    > （分類器なしガイダンス適用後）を `eps_hat` として渡します。
    """)
    nb.solution("sds_gradient_code", ref, ["sds_gradient"])
    nb.grade("sds_gradient", 2, """
    with sanity_check("sds_gradient"):
        abar = torch.tensor([0.9, 0.5, 0.1])
        g = sds_gradient(torch.ones(2, 1, 2, 2), torch.zeros(2, 1, 2, 2), abar, torch.tensor([0, 2]))
        assert g.shape == (2, 1, 2, 2), f"形状が違います: {tuple(g.shape)}"
        assert torch.allclose(g[:, 0, 0, 0], torch.tensor([0.1, 0.9])), f"重み w(t) = 1 - abar_t が違います: {g[:, 0, 0, 0]}"
    """)
    nb.demo("sds_demo", """
    # 小さな「凍結した拡散モデル」（8x8 数字の「3」200 枚に対する最適な eps 予測器）を使い、
    # 画像パラメータを SDS で最適化します（NeRF の代わりに画素そのものを θ とする最も簡単な場合）。
    import matplotlib.pyplot as plt
    from diffusers import DDPMScheduler

    with sanity_check("sds_demo"):
        x_all, y_all = load_digits_tensor(torch.float64)
        data = x_all[y_all == 3][:200] * 2 - 1
        abar_all = DDPMScheduler(num_train_timesteps=1000).alphas_cumprod.to(torch.float64)

        def eps_model(x, t):  # x: (B, 64), t: (B,)
            a = abar_all[t][:, None]
            d2 = ((x[:, None, :] - a.sqrt()[:, None] * data[None]) ** 2).sum(-1)
            w = torch.softmax(-d2 / (2 * (1 - a)), dim=1)
            return (x - a.sqrt() * (w @ data)) / (1 - a).sqrt()

        g = torch.Generator().manual_seed(0)
        theta = torch.zeros(1, 64, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.Adam([theta], lr=0.05)
        for step in range(200):
            x = torch.tanh(theta)  # 「レンダラ」g(θ)
            t = torch.randint(20, 980, (1,), generator=g)
            eps = torch.randn(1, 64, generator=g, dtype=torch.float64)
            a = abar_all[t][:, None]
            with torch.no_grad():
                eps_hat = eps_model(a.sqrt() * x + (1 - a).sqrt() * eps, t)
            opt.zero_grad()
            x.backward(gradient=sds_gradient(eps_hat, eps, abar_all, t))
            opt.step()
        plt.figure(figsize=(1.6, 1.6))
        plt.imshow(torch.tanh(theta).detach().reshape(8, 8), cmap="gray")
        plt.axis("off")
        plt.title("SDS result", fontsize=8)
        plt.show()
    """)
    nb.markdown("""
    ## まとめ

    - CLIP は画像とテキストを同じ空間に写し、コサイン類似度で比べる（損失は温度付きの対称な交差エントロピー）
    - プロンプトは埋め込みの類似度で順位付けでき、正規化してから重み付きで混ぜられる
    - Image-to-Image は strength で「途中から」逆拡散を始め、Inpainting は各ステップで既知領域を同じノイズレベルで合成する
    - Style Transfer はグラム行列（正規化の約束を明示する）の差を小さくする
    - 音声はパディングなし STFT の振幅とメルフィルタバンクで表現する
    - NeRF は排他的透過率でサンプルを合成し、DreamFusion は SDS 勾配 $w(t)(\\hat\\varepsilon-\\varepsilon)$ で 3D を最適化する

    提出前に **Kernel → Restart & Run All** で全セルがエラーなく動くことを確認してください。
    自習の方は `autograder grade applications.ipynb` で採点結果とフィードバックを確認できます。
    """)
    return {"applications.ipynb": nb}
