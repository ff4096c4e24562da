# /// script
# requires-python = ">=3.11"
# dependencies = ["typer", "matplotlib", "numpy"]
# ///
"""Plot a run's training curves and its decision boundary into the run's plots/ folder.

Run from this folder:  uv run plot_curves.py runs/2025-02-02T14-30-00-baseline
"""
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import typer

from train import forward, spirals

app = typer.Typer(add_completion=False)


def metric_rows(log_path: Path) -> list[dict]:
    rows = []
    for line in log_path.read_text().splitlines():
        m = re.search(r"\| metric (\{.*\})$", line)
        if m:
            try:
                rows.append(json.loads(m.group(1)))
            except json.JSONDecodeError:
                continue
    return rows


@app.command()
def main(run_path: str = typer.Argument(..., help="Run folder, e.g. runs/2025-02-02T14-30-00-baseline.")) -> None:
    run_dir = Path(run_path)
    log_path = run_dir / "logs" / "train.log"
    if not log_path.exists():
        typer.echo(f"Error: {log_path} not found. Run train.py first.", err=True)
        raise typer.Exit(1)
    rows = metric_rows(log_path)
    train = [r for r in rows if "loss" in r]
    val = [r for r in rows if "val_loss" in r]
    if not train:
        typer.echo(f"Error: no metric lines in {log_path}.", err=True)
        raise typer.Exit(1)
    plots = run_dir / "plots"
    plots.mkdir(parents=True, exist_ok=True)

    fig, ax = plt.subplots(figsize=(5, 3.2))
    ax.plot([r["step"] for r in train], [r["loss"] for r in train], label="loss", linewidth=1)
    ax.plot([r["step"] for r in val], [r["val_loss"] for r in val], label="val_loss", marker="o", markersize=3)
    ax.set_xlabel("step")
    ax.set_yscale("log")
    ax.legend()
    fig.tight_layout()
    fig.savefig(plots / "loss_curve.webp", dpi=90)
    plt.close(fig)

    checkpoint = run_dir / "checkpoints" / "model.npz"
    if checkpoint.is_file():
        params = dict(np.load(checkpoint))
        grid = np.linspace(-1.3, 1.3, 200)
        gx, gy = np.meshgrid(grid, grid)
        _, p = forward(params, np.stack([gx.ravel(), gy.ravel()], axis=1))
        x, y = spirals(600, seed=7)
        fig, ax = plt.subplots(figsize=(3.6, 3.6))
        ax.contourf(gx, gy, p[:, 1].reshape(gx.shape), levels=20, cmap="RdBu", alpha=0.7)
        ax.scatter(x[:, 0], x[:, 1], c=y, cmap="RdBu", s=6, edgecolors="none")
        ax.set_xticks([])
        ax.set_yticks([])
        fig.tight_layout()
        fig.savefig(plots / "decision_boundary.png", dpi=90)
        plt.close(fig)


if __name__ == "__main__":
    app()
