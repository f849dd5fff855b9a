"""Hidden suite for ch5_applications (trusted side only)."""
