# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "typer",
#     "numpy>>=1.0",
# ]
# ///

"""The second dependency is not a valid requirement: `>>=` is no version operator."""
import numpy as np
import typer

typer.echo(str(np.arange(3)))
