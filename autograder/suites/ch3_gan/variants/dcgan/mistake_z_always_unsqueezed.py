# title: z always unsqueezed to 4-D (a (B, z_dim, 1, 1) z fails)
# title_ja: z を常に 4 次元に拡張した（(B, z_dim, 1, 1) の z で失敗）
# diagnosis: Your generator adds two dimensions to z unconditionally, so a z of shape (B, z_dim, 1, 1), which the spec allows, becomes 6-D; reshape instead: z.reshape(z.shape[0], -1, 1, 1).
# diagnosis_ja: 生成器が z に無条件で 2 つの次元を足しているため、仕様で許される形 (B, z_dim, 1, 1) の z が 6 次元になります。z.reshape(z.shape[0], -1, 1, 1) のように形を変えてください。
# copy: DCGANGenerator, DCGANDiscriminator, dcgan_init_
#@@
#=    def forward(self, z: torch.Tensor) -> torch.Tensor:
#-        z = z.reshape(z.shape[0], -1, 1, 1)  # (B, z_dim) -> (B, z_dim, 1, 1)
#+        z = z[:, :, None, None]  # (B, z_dim) -> (B, z_dim, 1, 1)
#=        return self.net(z)
