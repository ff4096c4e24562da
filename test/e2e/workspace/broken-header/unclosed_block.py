# /// script
# requires-python = ">=3.11"
# dependencies = ["numpy"]

"""The header above is never closed, so uv refuses to run this script."""
import numpy as np

print(np.zeros(3))
