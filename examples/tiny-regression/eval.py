# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "torch",
#     "typer",
#     "loguru",
# ]
#
# # Same PyTorch CUDA 12.1 wheel index as train.py, so evaluation runs on the GPU too.
# [[tool.uv.index]]
# name = "pytorch-cu121"
# url = "https://download.pytorch.org/whl/cu121"
# explicit = true
#
# [tool.uv.sources]
# torch = { index = "pytorch-cu121" }
# ///
"""Evaluate the model of an existing run on fresh data; results go to the run's logs/eval.log.

Run from this folder:  uv run eval.py runs/<datetime>-<name>
"""
import json
import math
import sys
from pathlib import Path

import torch
import typer
from loguru import logger
from torch import nn

app = typer.Typer(add_completion=False)


def make_model(hidden: int) -> nn.Module:
    # Scripts stay self-contained: this mirrors the model in train.py.
    return nn.Sequential(nn.Linear(1, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(), nn.Linear(hidden, 1))


@app.command()
def main(
    run_path: str = typer.Argument(..., help="An existing run, e.g. runs/2025-02-02T14-30-00-de-risk."),
    samples: int = typer.Option(2048, help="Size of the fresh test set."),
) -> None:
    run_dir = Path(run_path)
    checkpoint = run_dir / "checkpoints" / "model.pt"
    if not checkpoint.is_file():
        typer.echo(f"Error: {checkpoint} not found; train this run first.", err=True)
        raise typer.Exit(1)

    logger.remove()
    logger.add(run_dir / "logs" / "eval.log", format="{time:YYYY-MM-DD HH:mm:ss} | {level} | {message}")
    logger.add(sys.stderr, format="{time:HH:mm:ss} | {message}")

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    saved = torch.load(checkpoint, map_location=device)
    model = make_model(saved["hidden"]).to(device)
    model.load_state_dict(saved["state_dict"])
    model.eval()

    generator = torch.Generator().manual_seed(12345)
    x = torch.rand(samples, 1, generator=generator) * 2 * math.pi - math.pi
    y = torch.sin(x)
    with torch.no_grad():
        error = model(x.to(device)) - y.to(device)
    mse = error.pow(2).mean().item()
    max_abs = error.abs().max().item()
    logger.info("metric {}", json.dumps({"split": "test", "mse": mse, "max_abs_error": max_abs}))


if __name__ == "__main__":
    app()
