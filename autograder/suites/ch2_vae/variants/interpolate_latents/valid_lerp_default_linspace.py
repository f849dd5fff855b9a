# title: torch.lerp with a default (float32) linspace, slerp from unit vectors
# title_ja: 既定 dtype（float32）の linspace と torch.lerp、単位ベクトルから角度を求める slerp
import warnings


def interpolate_latents(z0, z1, num_steps, method="linear"):
    t = torch.linspace(0, 1, num_steps).to(z0.dtype).unsqueeze(1)  # as in the notebook: torch.linspace(0, 1, num_steps)
    if method == "linear":
        return torch.lerp(z0.expand(num_steps, -1), z1.expand(num_steps, -1), t)
    if method == "slerp":
        u0 = z0 / torch.linalg.vector_norm(z0)
        u1 = z1 / torch.linalg.vector_norm(z1)
        omega = torch.acos(torch.clamp((u0 * u1).sum(), -1, 1))
        if torch.sin(omega).abs() < 1e-7:
            warnings.warn("parallel codes: falling back to linear interpolation")
            return torch.lerp(z0.expand(num_steps, -1), z1.expand(num_steps, -1), t)
        w0 = torch.sin((1 - t) * omega) / torch.sin(omega)
        w1 = torch.sin(t * omega) / torch.sin(omega)
        return w0 * z0 + w1 * z1
    raise ValueError(f"unknown method {method!r}")
