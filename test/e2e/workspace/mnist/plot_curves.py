# /// script
# requires-python = ">=3.11"
# dependencies = ["typer", "matplotlib", "pandas"]
# ///
"""Plot loss and accuracy per epoch from a run's logs/train.log into the run's plots/."""
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import typer

app = typer.Typer(add_completion=False)


@app.command()
def main(run_path: str = typer.Argument(..., help="Run folder, e.g. runs/2025-02-02T15-00-00-full.")) -> None:
    run_dir = Path(run_path)
    log_path = run_dir / "logs" / "train.log"
    if not log_path.exists():
        typer.echo(f"Error: {log_path} not found. Run train.py first.", err=True)
        raise typer.Exit(1)
    rows = []
    for line in log_path.read_text().splitlines():
        m = re.search(r"metric (\{.*\})", line)
        if m:
            try:
                rows.append(json.loads(m.group(1)))
            except json.JSONDecodeError:
                continue
    if not rows:
        typer.echo(f"Error: no metric lines in {log_path}.", err=True)
        raise typer.Exit(1)
    df = pd.DataFrame(rows)
    (run_dir / "plots").mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot(df["epoch"], df["loss"], label="loss")
    if "accuracy" in df:
        ax.plot(df["epoch"], df["accuracy"], label="accuracy")
    ax.set_xlabel("epoch")
    ax.legend()
    fig.tight_layout()
    fig.savefig(run_dir / "plots" / "loss_curve.webp", dpi=80)
    plt.close(fig)


if __name__ == "__main__":
    app()
