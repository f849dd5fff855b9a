# title: z not normalised
# title_ja: z を正規化していない
# diagnosis: Your mapping network feeds z to the MLP unnormalised; StyleGAN first normalises each z to unit second moment (pixel norm).
# diagnosis_ja: マッピングネットワークが z を正規化せずに MLP に入れています。StyleGAN はまず各 z の二乗平均を 1 に正規化します（pixel norm）。
# copy: MappingNetwork, style_mixing
#@@
#=    def forward(self, z: torch.Tensor) -> torch.Tensor:
#-        z = z * torch.rsqrt(z.pow(2).mean(dim=1, keepdim=True) + 1e-8)  # (1) pixel norm, (B, z_dim)
#+        z = z  # (1) pixel norm, (B, z_dim)
#=        return self.net(z)                                                # (2) MLP, (B, w_dim)
