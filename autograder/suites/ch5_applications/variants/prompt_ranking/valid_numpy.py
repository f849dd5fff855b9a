# title: NumPy ranking with a stable sort
# title_ja: NumPy の安定ソートで順位付け
# diagnosis: valid: cosine via NumPy, order = argsort(-scores, kind='stable').
# diagnosis_ja: 正解: NumPy でコサイン、order = argsort(-scores, kind='stable')
import numpy as np


def rank_prompts(image_emb, prompt_embs):
    v = image_emb.detach().cpu().numpy().astype(np.float64)
    p = prompt_embs.detach().cpu().numpy().astype(np.float64)
    scores = p @ v / (np.linalg.norm(p, axis=1) * np.linalg.norm(v))
    order = np.argsort(-scores, kind="stable")
    return torch.from_numpy(order).long(), torch.from_numpy(scores).to(image_emb.dtype)


def weighted_prompt_embedding(prompt_embs, weights):
    p = prompt_embs.detach().cpu().numpy().astype(np.float64)
    w = weights.detach().cpu().numpy().astype(np.float64)
    p = p / np.linalg.norm(p, axis=1, keepdims=True)
    e = w @ p
    return torch.from_numpy(e / np.linalg.norm(e)).to(prompt_embs.dtype)
