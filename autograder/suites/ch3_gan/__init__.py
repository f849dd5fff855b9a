"""Hidden suite for ch3_gan (trusted side only)."""
