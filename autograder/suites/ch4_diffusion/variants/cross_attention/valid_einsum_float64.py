# title: einsum in float64
# title_ja: float64 の einsum
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
def cross_attention(x, context, w_q, w_k, w_v, w_o, b_o, heads):
    dt = x.dtype
    x, c = x.double(), context.double()
    inner = w_q.shape[0]
    d = inner // heads
    q = torch.einsum("bnc,ic->bni", x, w_q.double()).reshape(*x.shape[:2], heads, d)
    k = torch.einsum("bmc,ic->bmi", c, w_k.double()).reshape(*c.shape[:2], heads, d)
    v = torch.einsum("bmc,ic->bmi", c, w_v.double()).reshape(*c.shape[:2], heads, d)
    att = torch.einsum("bnhd,bmhd->bhnm", q, k).div(d ** 0.5).softmax(-1)
    out = torch.einsum("bhnm,bmhd->bnhd", att, v).reshape(*x.shape[:2], inner)
    return (out @ w_o.double().T + b_o.double()).to(dt)
