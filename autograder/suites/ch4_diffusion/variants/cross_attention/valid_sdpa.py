# title: torch's scaled_dot_product_attention
# title_ja: torch の scaled_dot_product_attention
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
def cross_attention(x, context, w_q, w_k, w_v, w_o, b_o, heads):
    B, N, _ = x.shape
    inner = w_q.shape[0]
    split = lambda t: t.unflatten(-1, (heads, inner // heads)).transpose(1, 2)
    q, k, v = split(F.linear(x, w_q)), split(F.linear(context, w_k)), split(F.linear(context, w_v))
    out = F.scaled_dot_product_attention(q, k, v)
    return F.linear(out.transpose(1, 2).reshape(B, N, inner), w_o, b_o)
