# /// script
# requires-python = ">=3.11"
# dependencies = ["typer", "loguru", "numpy"]
# ///
"""Train a softmax classifier on synthetic 28x28 digit-like images.

Creates runs/<YYYY-MM-DDTHH-MM-SS>-<name>/ with logs/, plots/, checkpoints/ and data/, and logs one
`metric {json}` line per epoch to logs/train.log. The data is generated (ten noisy prototypes), so the
experiment runs anywhere in a second or two without downloads.
"""
import json
import sys
from datetime import datetime
from pathlib import Path

import numpy as np
import typer
from loguru import logger

app = typer.Typer(add_completion=False)


def make_data(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
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
def main(
    name: str = typer.Argument(..., help="Descriptive name of the run, e.g. de-risk or full."),
    epochs: int = typer.Option(5, help="Passes over the training set."),
    lr: float = typer.Option(0.05, help="Learning rate."),
    seed: int = typer.Option(1, help="Seed of the training data."),
) -> None:
    run_dir = Path("runs") / f"{datetime.now().strftime('%Y-%m-%dT%H-%M-%S')}-{name}"
    if run_dir.exists():
        typer.echo(f"Error: {run_dir} already exists.", err=True)
        raise typer.Exit(1)
    for sub in ("logs", "plots", "checkpoints", "data"):
        (run_dir / sub).mkdir(parents=True, exist_ok=True)
    logger.remove()
    logger.add(run_dir / "logs" / "train.log", format="{time:YYYY-MM-DD HH:mm:ss} | {level} | {message}")
    logger.add(sys.stderr, format="{time:HH:mm:ss} | {message}")

    x, y = make_data(2000, seed)
    (run_dir / "data" / "config.json").write_text(json.dumps({"seed": seed, "epochs": epochs, "lr": lr}) + "\n")
    w = np.zeros((x.shape[1], 10), dtype=np.float32)
    onehot = np.eye(10, dtype=np.float32)[y]
    step = 0
    for epoch in range(epochs):
        for start in range(0, len(x), 200):
            xb, yb = x[start : start + 200], onehot[start : start + 200]
            p = softmax(xb @ w)
            w -= lr * xb.T @ (p - yb) / len(xb) / 28
            step += 1
        p = softmax(x @ w)
        loss = float(-np.log(p[np.arange(len(y)), y] + 1e-9).mean())
        acc = float((p.argmax(axis=1) == y).mean())
        logger.info("metric {}", json.dumps({"epoch": epoch, "step": step, "loss": round(loss, 4), "accuracy": round(acc, 4)}))
    np.savez_compressed(run_dir / "checkpoints" / "model.npz", w=w.astype(np.float16))
    logger.info("saved {}", run_dir / "checkpoints" / "model.npz")


if __name__ == "__main__":
    app()
