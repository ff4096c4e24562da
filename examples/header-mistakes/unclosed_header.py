# /// script
# requires-python = ">=3.11"
# dependencies = ["numpy"]

"""Deliberately broken: the header above has no closing `# ///` line, so uv refuses the script.

Open this file to see the error on line 1, then use the quick fix (Ctrl+.) to close the block.
"""
import numpy as np

print(np.linspace(0.0, 1.0, 5))
