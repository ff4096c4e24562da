# /// script
# requires-python = ">=3.11"
# dependencies = ["typer", "loguru", "numpy"]
# ///
"""Evaluate a trained run on a fresh test set; logs `metric {json}` lines to the run's logs/eval.log.

Run from this folder:  uv run eval.py runs/2025-02-02T14-30-00-baseline
"""
import json
import sys
from pathlib import Path

import numpy as np
import typer
from loguru import logger

from train import forward, spirals

app = typer.Typer(add_completion=False)


@app.command()
def main(run_path: str = typer.Argument(..., help="Run folder, e.g. runs/2025-02-02T14-30-00-baseline.")) -> None:
    run_dir = Path(run_path)
    checkpoint = run_dir / "checkpoints" / "model.npz"
    if not run_dir.is_dir():
        typer.echo(f"Error: {run_dir} not found or not a directory.", err=True)
        raise typer.Exit(1)
    if not checkpoint.is_file():
        typer.echo(f"Error: {checkpoint} not found. Train first.", err=True)
        raise typer.Exit(1)
    logger.remove()
    logger.add(run_dir / "logs" / "eval.log", format="{time:YYYY-MM-DD HH:mm:ss} | {level} | {message}")
    logger.add(sys.stderr, format="{time:HH:mm:ss} | {message}")

    params = dict(np.load(checkpoint))
    x, y = spirals(2000, seed=12345)
    _, p = forward(params, x)
    predicted = p.argmax(axis=1)
    loss = float(-np.log(p[np.arange(len(y)), y] + 1e-12).mean())
    f1s = []
    for cls in (0, 1):
        tp = int(((predicted == cls) & (y == cls)).sum())
        fp = int(((predicted == cls) & (y != cls)).sum())
        fn = int(((predicted != cls) & (y == cls)).sum())
        f1s.append(2 * tp / max(1, 2 * tp + fp + fn))
    logger.info("metric {}", json.dumps({"split": "test", "loss": loss, "accuracy": float((predicted == y).mean()), "f1": float(np.mean(f1s))}))


if __name__ == "__main__":
    app()
