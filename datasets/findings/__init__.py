"""Documented findings shipped as examples: reached through analysis.datasets."""
