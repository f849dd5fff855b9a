# title: pixel norm over the batch dimension
# title_ja: バッチ方向で pixel norm をとった
# diagnosis: Your pixel norm averages z^2 over the batch (dim 0); it normalises each sample over its features (dim 1).
# diagnosis_ja: pixel norm がバッチ方向（dim 0）で z² を平均しています。各サンプルを特徴の次元（dim 1）で正規化します。
# copy: MappingNetwork, style_mixing
#@@
#=    def forward(self, z: torch.Tensor) -> torch.Tensor:
#-        z = z * torch.rsqrt(z.pow(2).mean(dim=1, keepdim=True) + 1e-8)  # (1) pixel norm, (B, z_dim)
#+        z = z * torch.rsqrt(z.pow(2).mean(dim=0, keepdim=True) + 1e-8)  # (1) pixel norm, (B, z_dim)
#=        return self.net(z)                                                # (2) MLP, (B, w_dim)
