# title: NumPy in float64, tensors at the boundary
# title_ja: float64 の NumPy で計算し、入出力はテンソル
# diagnosis: valid: normalise with NumPy in float64 and convert back to the input dtype.
# diagnosis_ja: 正解: NumPy（float64）で正規化し、入力の dtype に戻す
import numpy as np


def cosine_similarity_matrix(a, b, eps=1e-8):
    an = a.detach().cpu().numpy().astype(np.float64)
    bn = b.detach().cpu().numpy().astype(np.float64)
    an = an / np.maximum(np.linalg.norm(an, axis=1, keepdims=True), eps)
    bn = bn / np.maximum(np.linalg.norm(bn, axis=1, keepdims=True), eps)
    return torch.from_numpy(an @ bn.T).to(a.dtype)


def clip_score(image_emb, text_emb, eps=1e-8):
    sim = cosine_similarity_matrix(image_emb, text_emb, eps)
    return 100.0 * torch.diagonal(sim).clamp(min=0.0)
