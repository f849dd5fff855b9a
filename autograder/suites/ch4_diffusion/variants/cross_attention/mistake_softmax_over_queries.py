# title: softmax over the image tokens
# title_ja: softmax を画像トークン方向にとった
# diagnosis: Your attention weights look normalised over the image tokens (dim -2); each query's weights over the text tokens (last dim) must sum to 1.
# diagnosis_ja: 注意の重みが画像トークン方向（dim -2）で正規化されているようです。各クエリのテキストトークン方向（最後の次元）の重みの和が 1 になるようにします。
def cross_attention(x: torch.Tensor, context: torch.Tensor, w_q: torch.Tensor, w_k: torch.Tensor,
                    w_v: torch.Tensor, w_o: torch.Tensor, b_o: torch.Tensor, heads: int) -> torch.Tensor:
    B, N, _ = x.shape
    M = context.shape[1]
    inner = w_q.shape[0]
    if inner % heads:
        raise ValueError(f"heads={heads} must divide the inner width {inner}")
    d = inner // heads
    q = (x @ w_q.T).reshape(B, N, heads, d).transpose(1, 2)         # (B, H, N, d)
    k = (context @ w_k.T).reshape(B, M, heads, d).transpose(1, 2)   # (B, H, M, d)
    v = (context @ w_v.T).reshape(B, M, heads, d).transpose(1, 2)   # (B, H, M, d)
    att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d), dim=-2)  # (B, H, N, M)
    out = (att @ v).transpose(1, 2).reshape(B, N, inner)             # (B, N, inner)
    return out @ w_o.T + b_o
