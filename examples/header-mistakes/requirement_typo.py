# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "numpy>>=1.26",
#     "typer",
# ]
# ///
"""Deliberately broken: `>>=` is not a version operator, so uv cannot parse the first dependency.

Open this file to see the error on line 4 and the suggested correction.
"""
import numpy as np
import typer

typer.echo(str(np.arange(4)))
