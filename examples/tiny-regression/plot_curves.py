# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "typer",
#     "pandas",
#     "matplotlib",
# ]
# ///
"""Plot the loss curves of an existing run from its logs/train.log into its plots/ folder.

Run from this folder:  uv run plot_curves.py runs/<datetime>-<name>
"""
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt
import pandas as pd
import typer

app = typer.Typer(add_completion=False)
METRIC = re.compile(r"metric (\{.*\})")


@app.command()
def main(
    run_path: str = typer.Argument(..., help="An existing run, e.g. runs/2025-02-02T14-30-00-de-risk."),
) -> None:
    run_dir = Path(run_path)
    log_path = run_dir / "logs" / "train.log"
    if not log_path.is_file():
        typer.echo(f"Error: {log_path} not found; train this run first.", err=True)
        raise typer.Exit(1)
    rows = [json.loads(m.group(1)) for line in log_path.read_text().splitlines() if (m := METRIC.search(line))]
    if not rows:
        typer.echo(f"Error: no metric lines in {log_path}.", err=True)
        raise typer.Exit(1)
    frame = pd.DataFrame(rows)

    (run_dir / "plots").mkdir(exist_ok=True)
    fig, ax = plt.subplots(figsize=(6, 4))
    for column in ("loss", "val_loss"):
        if column in frame:
            ax.plot(frame["epoch"], frame[column], label=column)
    ax.set_xlabel("epoch")
    ax.set_ylabel("MSE")
    ax.set_yscale("log")
    ax.legend()
    fig.tight_layout()
    out = run_dir / "plots" / "loss_curve.png"
    fig.savefig(out, dpi=120)
    typer.echo(f"wrote {out}")


if __name__ == "__main__":
    app()
