# /// script
# requires-python = >=3.11
# dependencies = ["numpy"]
# ///

"""The requires-python value is not quoted, which is not valid TOML."""
import numpy as np

print(np.ones(3))
