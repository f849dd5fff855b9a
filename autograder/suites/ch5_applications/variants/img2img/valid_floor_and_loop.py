# title: math.floor and explicit slicing
# title_ja: math.floor と明示的なスライス
# diagnosis: valid: floor of a non-negative number equals int(); the start latent via gather.
# diagnosis_ja: 正解: 非負の数の floor は int() と同じ。開始潜在変数は gather で計算
import math
import sys


def img2img_timesteps(timesteps, num_inference_steps, strength, order=1):
    n_run = min(math.floor(num_inference_steps * strength), num_inference_steps)
    skip = num_inference_steps - n_run
    print(f"skipping {skip} of {num_inference_steps} steps", file=sys.stderr)
    return timesteps[skip * order:]


def img2img_start_latent(x0, noise, alphas_cumprod, timestep):
    a = torch.gather(alphas_cumprod.to(x0.dtype), 0, timestep.long())
    shape = (x0.shape[0],) + (1,) * (x0.dim() - 1)
    return a.sqrt().view(shape) * x0 + (1.0 - a).sqrt().view(shape) * noise
