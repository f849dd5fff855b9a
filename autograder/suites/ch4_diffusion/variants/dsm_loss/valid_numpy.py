# title: numpy in float64
# title_ja: numpy（float64）
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
import numpy as np


def dsm_loss(score, noise, sigma):
    s = score.double().cpu().numpy()
    z = noise.double().cpu().numpy()
    sig = np.broadcast_to(np.asarray(torch.as_tensor(sigma, dtype=torch.float64).cpu()), (s.shape[0],))[:, None]
    val = np.mean(0.5 * np.sum(sig ** 2 * (s + z / sig) ** 2, axis=1))
    return torch.tensor(val, dtype=score.dtype)
