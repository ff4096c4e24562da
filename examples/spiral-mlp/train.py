# /// script
# requires-python = ">=3.11"
# dependencies = ["typer", "loguru", "numpy"]
# ///
"""Train a small NumPy MLP to tell two interleaved spirals apart, and record the run under runs/<datetime>-<name>/.

Run from this folder:  uv run train.py baseline --lr 0.05
Only this script creates run folders; eval.py and plot_curves.py work on an existing one. It logs a `metric {json}`
line every 10 steps (loss, accuracy, learning rate) and one per epoch on held-out data (val_loss, val_accuracy).
"""
import json
import sys
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import typer
from loguru import logger

app = typer.Typer(add_completion=False)


def new_run_dir(name: str) -> Path:
    stamp = datetime.now().strftime("%Y-%m-%dT%H-%M-%S")
    return Path("runs") / f"{stamp}-{name}"


def spirals(n: int, seed: int, noise: float = 0.15) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    t = np.sqrt(rng.random(n)) * 3 * np.pi
    labels = rng.integers(0, 2, size=n)
    sign = np.where(labels == 0, 1.0, -1.0)
    x = np.stack([sign * t * np.cos(t), sign * t * np.sin(t)], axis=1) / (3 * np.pi)
    return x + rng.normal(scale=noise / 3, size=x.shape), labels


def forward(params: dict, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    h = np.tanh(x @ params["w1"] + params["b1"])
    logits = h @ params["w2"] + params["b2"]
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return h, p


def loss_and_accuracy(params: dict, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    _, p = forward(params, x)
    loss = float(-np.log(p[np.arange(len(y)), y] + 1e-12).mean())
    return loss, float((p.argmax(axis=1) == y).mean())


@app.command()
def main(
    name: str = typer.Argument(..., help="Descriptive run name, e.g. baseline or wide."),
    epochs: int = typer.Option(60, help="Passes over the training set."),
    hidden: int = typer.Option(32, help="Width of the hidden layer."),
    lr: float = typer.Option(0.05, help="Initial learning rate (cosine decay to zero)."),
    batch: int = typer.Option(64, help="Examples per step."),
    seed: int = typer.Option(0, help="Seed for data and weights."),
    delay: float = typer.Option(0.0, help="Seconds to wait after each step, to watch a run live."),
) -> None:
    run_dir = new_run_dir(name)
    if run_dir.exists():
        typer.echo(f"Error: {run_dir} already exists.", err=True)
        raise typer.Exit(1)
    for sub in ("logs", "plots", "checkpoints", "data"):
        (run_dir / sub).mkdir(parents=True)
    logger.remove()
    logger.add(run_dir / "logs" / "train.log", format="{time:YYYY-MM-DD HH:mm:ss} | {level} | {message}")
    logger.add(sys.stderr, format="{time:HH:mm:ss} | {message}")

    x_train, y_train = spirals(2000, seed)
    x_val, y_val = spirals(500, seed + 1000)
    config = {"epochs": epochs, "hidden": hidden, "lr": lr, "batch": batch, "seed": seed}
    (run_dir / "data" / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    logger.info("config {}", json.dumps(config))

    rng = np.random.default_rng(seed)
    params = {
        "w1": rng.normal(scale=1.0, size=(2, hidden)),
        "b1": np.zeros(hidden),
        "w2": rng.normal(scale=1.0 / np.sqrt(hidden), size=(hidden, 2)),
        "b2": np.zeros(2),
    }
    steps_per_epoch = int(np.ceil(len(x_train) / batch))
    total = epochs * steps_per_epoch
    step = 0
    for epoch in range(epochs):
        order = rng.permutation(len(x_train))
        for start in range(0, len(x_train), batch):
            idx = order[start : start + batch]
            xb, yb = x_train[idx], y_train[idx]
            rate = lr * 0.5 * (1 + np.cos(np.pi * step / total))
            h, p = forward(params, xb)
            grad_logits = p.copy()
            grad_logits[np.arange(len(yb)), yb] -= 1
            grad_logits /= len(yb)
            grad_h = grad_logits @ params["w2"].T * (1 - h**2)
            params["w2"] -= rate * h.T @ grad_logits
            params["b2"] -= rate * grad_logits.sum(axis=0)
            params["w1"] -= rate * xb.T @ grad_h
            params["b1"] -= rate * grad_h.sum(axis=0)
            step += 1
            if step % 10 == 0:
                loss = float(-np.log(p[np.arange(len(yb)), yb] + 1e-12).mean())
                accuracy = float((p.argmax(axis=1) == yb).mean())
                logger.info("metric {}", json.dumps({"epoch": epoch, "step": step, "loss": loss, "accuracy": accuracy, "lr": rate}))
            if delay > 0:
                time.sleep(delay)
        val_loss, val_accuracy = loss_and_accuracy(params, x_val, y_val)
        logger.info("metric {}", json.dumps({"epoch": epoch, "step": step, "val_loss": val_loss, "val_accuracy": val_accuracy}))

    checkpoint = run_dir / "checkpoints" / "model.npz"
    np.savez_compressed(checkpoint, **params)
    logger.info("saved {}", checkpoint)


if __name__ == "__main__":
    app()
