# title: heads split by reshape without transpose
# title_ja: transpose せずに reshape でヘッドに分けた
# diagnosis: Your heads look like reshape(B, heads, N, d) of the (B, N, inner) projections, which mixes tokens and channels; reshape to (B, N, heads, d) and transpose(1, 2).
# diagnosis_ja: (B, N, inner) の射影を reshape(B, heads, N, d) してヘッドに分けているようです。トークンとチャネルが混ざります。(B, N, heads, d) に reshape してから transpose(1, 2) します。
def cross_attention(x: torch.Tensor, context: torch.Tensor, w_q: torch.Tensor, w_k: torch.Tensor,
                    w_v: torch.Tensor, w_o: torch.Tensor, b_o: torch.Tensor, heads: int) -> torch.Tensor:
    B, N, _ = x.shape
    M = context.shape[1]
    inner = w_q.shape[0]
    if inner % heads:
        raise ValueError(f"heads={heads} must divide the inner width {inner}")
    d = inner // heads
    q = (x @ w_q.T).reshape(B, heads, N, d)         # (B, H, N, d)
    k = (context @ w_k.T).reshape(B, heads, M, d)   # (B, H, M, d)
    v = (context @ w_v.T).reshape(B, heads, M, d)   # (B, H, M, d)
    att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d), dim=-1)  # (B, H, N, M)
    out = (att @ v).reshape(B, N, inner)             # (B, N, inner)
    return out @ w_o.T + b_o
