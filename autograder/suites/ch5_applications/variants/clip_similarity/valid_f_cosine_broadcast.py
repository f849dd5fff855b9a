# title: F.cosine_similarity with broadcasting
# title_ja: ブロードキャストした F.cosine_similarity
# diagnosis: valid: the pairwise cosine via broadcasting (N, 1, D) against (1, M, D).
# diagnosis_ja: 正解: (N, 1, D) と (1, M, D) をブロードキャストしてコサインを計算
import sys


def cosine_similarity_matrix(a, b, eps=1e-8):
    print("computing", a.shape, b.shape, file=sys.stderr)
    return F.cosine_similarity(a[:, None, :], b[None, :, :], dim=-1, eps=eps)


def clip_score(image_emb, text_emb, eps=1e-8):
    cos = F.cosine_similarity(image_emb, text_emb, dim=1, eps=eps)
    return torch.clamp(100 * cos, min=0)
