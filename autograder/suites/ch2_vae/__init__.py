"""Hidden suite for ch2_vae (trusted side only)."""
