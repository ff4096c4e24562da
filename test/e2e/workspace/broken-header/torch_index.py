# /// script
# requires-python = ">=3.11"
# dependencies = ["torch"]
# [[tool.uv.index]]
# url = ""
# ///

"""A header with an empty index URL, to ask for completions inside it."""
import torch

print(torch.cuda.is_available())
