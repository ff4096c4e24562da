# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "torch",
#     "typer",
#     "loguru",
# ]
#
# # PyTorch with CUDA: uv takes torch from the PyTorch wheel index for CUDA 12.1 declared below.
# # Choose the index that matches the machine's driver (cu118, cu121, cu124, ...); without the index
# # and the source entry, uv installs the CPU build from PyPI.
# [[tool.uv.index]]
# name = "pytorch-cu121"
# url = "https://download.pytorch.org/whl/cu121"
# explicit = true
#
# [tool.uv.sources]
# torch = { index = "pytorch-cu121" }
# ///
"""Fit a small MLP to a noisy sine wave and record the run under runs/<datetime>-<name>/.

Run from this folder:  uv run train.py de-risk
Only this script creates run folders; eval.py and plot_curves.py work on an existing one.
"""
import json
import math
import sys
from datetime import datetime
from pathlib import Path

import torch
import typer
from loguru import logger
from torch import nn

app = typer.Typer(add_completion=False)


def new_run_dir(name: str) -> Path:
    stamp = datetime.now().strftime("%Y-%m-%dT%H-%M-%S")
    return Path("runs") / f"{stamp}-{name}"


def make_data(n: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    x = torch.rand(n, 1, generator=generator) * 2 * math.pi - math.pi
    y = torch.sin(x) + 0.1 * torch.randn(n, 1, generator=generator)
    return x, y


def make_model(hidden: int) -> nn.Module:
    return nn.Sequential(nn.Linear(1, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(), nn.Linear(hidden, 1))


@app.command()
def main(
    name: str = typer.Argument(..., help="Descriptive run name, e.g. de-risk or full."),
    epochs: int = typer.Option(200, help="Passes over the training set."),
    hidden: int = typer.Option(32, help="Width of the two hidden layers."),
    lr: float = typer.Option(1e-2, help="Adam learning rate."),
    seed: int = typer.Option(0, help="Seed for data and weights."),
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

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    logger.info("device {}", device)
    generator = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    x_train, y_train = (t.to(device) for t in make_data(1024, generator))
    x_val, y_val = (t.to(device) for t in make_data(256, generator))

    model = make_model(hidden).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.MSELoss()
    for epoch in range(epochs):
        model.train()
        optimizer.zero_grad()
        loss = loss_fn(model(x_train), y_train)
        loss.backward()
        optimizer.step()
        if epoch % 10 == 0 or epoch == epochs - 1:
            model.eval()
            with torch.no_grad():
                val_loss = loss_fn(model(x_val), y_val).item()
            logger.info("metric {}", json.dumps({"epoch": epoch, "step": epoch + 1, "loss": loss.item(), "val_loss": val_loss}))

    checkpoint = run_dir / "checkpoints" / "model.pt"
    torch.save({"hidden": hidden, "state_dict": model.state_dict()}, checkpoint)
    logger.info("saved {}", checkpoint)


if __name__ == "__main__":
    app()
