"""Reference implementations, one self-contained module per chapter (trusted side only)."""
