# title: scores divided by sqrt of the full width
# title_ja: スコアを全体の幅の平方根で割った
# diagnosis: Your attention looks scaled by 1 / sqrt(heads * d); each head uses its own width d: 1 / sqrt(d).
# diagnosis_ja: 注意が 1 / sqrt(heads * d) でスケールされているようです。各ヘッドは自分の幅 d を使います: 1 / sqrt(d)。
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
    att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(inner), dim=-1)  # (B, H, N, M)
    out = (att @ v).transpose(1, 2).reshape(B, N, inner)             # (B, N, inner)
    return out @ w_o.T + b_o
