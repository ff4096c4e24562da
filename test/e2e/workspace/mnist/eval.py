# /// script
# requires-python = ">=3.11"
# dependencies = ["typer", "loguru", "numpy"]
# ///
"""Evaluate a trained run on fresh synthetic data; logs `metric {json}` lines to the run's logs/eval.log."""
import json
import sys
from pathlib import Path

import numpy as np
import typer
from loguru import logger

app = typer.Typer(add_completion=False)


def make_data(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    # Same generator as train.py: ten fixed prototypes plus noise.
    rng = np.random.default_rng(seed)
    prototypes = np.random.default_rng(0).normal(size=(10, 28 * 28))
    labels = rng.integers(0, 10, size=n)
    images = prototypes[labels] + rng.normal(scale=15.0, size=(n, 28 * 28))
    return images.astype(np.float32), labels


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@app.command()
def main(run_path: str = typer.Argument(..., help="Run folder, e.g. runs/2025-02-02T15-00-00-full.")) -> None:
    run_dir = Path(run_path)
    checkpoint = run_dir / "checkpoints" / "model.npz"
    if not run_dir.is_dir():
        typer.echo(f"Error: {run_dir} not found or not a directory.", err=True)
        raise typer.Exit(1)
    if not checkpoint.is_file():
        typer.echo(f"Error: {checkpoint} not found. Train first.", err=True)
        raise typer.Exit(1)
    (run_dir / "logs").mkdir(parents=True, exist_ok=True)
    logger.remove()
    logger.add(run_dir / "logs" / "eval.log", format="{time:YYYY-MM-DD HH:mm:ss} | {level} | {message}")
    logger.add(sys.stderr, format="{time:HH:mm:ss} | {message}")

    w = np.load(checkpoint)["w"].astype(np.float32)
    x, y = make_data(1000, seed=12345)
    p = softmax(x @ w)
    acc = float((p.argmax(axis=1) == y).mean())
    logger.info("metric {}", json.dumps({"split": "val", "accuracy": round(acc, 4), "n": int(len(y))}))


if __name__ == "__main__":
    app()
