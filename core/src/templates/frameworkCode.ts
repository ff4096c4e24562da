// The framework-specific part of a new experiment's train.py and eval.py: a small model trained on synthetic
// data, so that the three scripts run end to end before the user replaces model and data. train.py keeps the
// validation split in <run>/data/ and the weights in <run>/checkpoints/; eval.py reads both back.
import type { FrameworkChoice } from './frameworks';

export interface TrainCode {
  imports: string[];
  body: string[];
}

export interface EvalCode {
  imports: string[];
  requiredFiles: string[];
  body: string[];
}

/** Typer options every template's train.py takes after the run name. */
export const TRAIN_OPTIONS = [
  'epochs: int = typer.Option(50, help="Passes over the training data."),',
  'lr: float = typer.Option(0.1, help="Learning rate."),',
  'seed: int = typer.Option(0, help="Random seed."),',
];

const CONFIG_LINE = 'logger.info("config {}", json.dumps({"name": name, "epochs": epochs, "lr": lr, "seed": seed}))';
const DATA_COMMENT = '# Synthetic regression data (8 features): replace with the real dataset.';
const trainMetric = (loss: string) => `    logger.info("metric {}", json.dumps({"epoch": epoch, "loss": ${loss}}))`;
const VAL_METRIC = 'logger.info("metric {}", json.dumps({"split": "val", "loss": loss}))';

export function trainCode(choice: FrameworkChoice): TrainCode {
  switch (choice.id) {
    case 'pytorch-cuda':
    case 'pytorch-cpu':
      return {
        imports: ['import torch'],
        body: [
          CONFIG_LINE,
          'device = torch.device("cuda" if torch.cuda.is_available() else "cpu")',
          'logger.info("device {}", device)',
          'torch.manual_seed(seed)',
          DATA_COMMENT,
          'x = torch.randn(1200, 8)',
          'y = x @ torch.randn(8, 1) + 0.1 * torch.randn(1200, 1)',
          'x_train, y_train = x[:1000].to(device), y[:1000].to(device)',
          'torch.save({"x": x[1000:], "y": y[1000:]}, run_dir / "data" / "val.pt")',
          'model = torch.nn.Linear(8, 1).to(device)',
          'optimizer = torch.optim.SGD(model.parameters(), lr=lr)',
          'for epoch in range(epochs):',
          '    optimizer.zero_grad()',
          '    loss = torch.nn.functional.mse_loss(model(x_train), y_train)',
          '    loss.backward()',
          '    optimizer.step()',
          trainMetric('loss.item()'),
          'torch.save(model.state_dict(), run_dir / "checkpoints" / "model.pt")',
          'logger.info("saved {}", run_dir / "checkpoints" / "model.pt")',
        ],
      };
    case 'jax-cuda12':
      return {
        imports: ['import jax', 'import jax.numpy as jnp', 'import numpy as np'],
        body: [
          CONFIG_LINE,
          'logger.info("devices {}", jax.devices())',
          'key_x, key_w, key_noise = jax.random.split(jax.random.PRNGKey(seed), 3)',
          DATA_COMMENT,
          'x = jax.random.normal(key_x, (1200, 8))',
          'y = x @ jax.random.normal(key_w, (8,)) + 0.1 * jax.random.normal(key_noise, (1200,))',
          'x_train, y_train = x[:1000], y[:1000]',
          'np.savez(run_dir / "data" / "val.npz", x=np.asarray(x[1000:]), y=np.asarray(y[1000:]))',
          'loss_and_grad = jax.jit(jax.value_and_grad(lambda w, xb, yb: jnp.mean((xb @ w - yb) ** 2)))',
          'w = jnp.zeros(x.shape[1])',
          'for epoch in range(epochs):',
          '    loss, grad = loss_and_grad(w, x_train, y_train)',
          '    w = w - lr * grad',
          trainMetric('float(loss)'),
          'np.save(run_dir / "checkpoints" / "weights.npy", np.asarray(w))',
          'logger.info("saved {}", run_dir / "checkpoints" / "weights.npy")',
        ],
      };
    case 'tensorflow':
      return {
        imports: ['import numpy as np', 'import tensorflow as tf'],
        body: [
          CONFIG_LINE,
          'logger.info("GPUs {}", tf.config.list_physical_devices("GPU"))',
          'tf.random.set_seed(seed)',
          DATA_COMMENT,
          'x = tf.random.normal((1200, 8))',
          'y = x @ tf.random.normal((8, 1)) + 0.1 * tf.random.normal((1200, 1))',
          'x_train, y_train = x[:1000], y[:1000]',
          'np.savez(run_dir / "data" / "val.npz", x=x[1000:].numpy(), y=y[1000:].numpy())',
          'model = tf.keras.Sequential([tf.keras.Input(shape=(8,)), tf.keras.layers.Dense(1)])',
          'optimizer = tf.keras.optimizers.SGD(learning_rate=lr)',
          'for epoch in range(epochs):',
          '    with tf.GradientTape() as tape:',
          '        loss = tf.reduce_mean(tf.square(model(x_train, training=True) - y_train))',
          '    grads = tape.gradient(loss, model.trainable_variables)',
          '    optimizer.apply_gradients(zip(grads, model.trainable_variables))',
          trainMetric('float(loss)'),
          'model.save(str(run_dir / "checkpoints" / "model.keras"))',
          'logger.info("saved {}", run_dir / "checkpoints" / "model.keras")',
        ],
      };
    case 'numpy-only':
      return {
        imports: ['import numpy as np'],
        body: [
          CONFIG_LINE,
          'rng = np.random.default_rng(seed)',
          DATA_COMMENT,
          'x = rng.normal(size=(1200, 8))',
          'y = x @ rng.normal(size=8) + 0.1 * rng.normal(size=1200)',
          'x_train, y_train = x[:1000], y[:1000]',
          'np.savez(run_dir / "data" / "val.npz", x=x[1000:], y=y[1000:])',
          'w = np.zeros(x.shape[1])',
          'for epoch in range(epochs):',
          '    error = x_train @ w - y_train',
          '    loss = float(np.mean(error**2))',
          '    w -= lr * 2 * x_train.T @ error / len(y_train)',
          trainMetric('loss'),
          'np.save(run_dir / "checkpoints" / "weights.npy", w)',
          'logger.info("saved {}", run_dir / "checkpoints" / "weights.npy")',
        ],
      };
  }
}

export function evalCode(choice: FrameworkChoice): EvalCode {
  switch (choice.id) {
    case 'pytorch-cuda':
    case 'pytorch-cpu':
      return {
        imports: ['import torch'],
        requiredFiles: ['checkpoints/model.pt', 'data/val.pt'],
        body: [
          'device = torch.device("cuda" if torch.cuda.is_available() else "cpu")',
          'model = torch.nn.Linear(8, 1).to(device)  # the same model as in train.py',
          'model.load_state_dict(torch.load(run_dir / "checkpoints" / "model.pt", map_location=device, weights_only=True))',
          'model.eval()',
          'val = torch.load(run_dir / "data" / "val.pt", weights_only=True)',
          'with torch.no_grad():',
          '    loss = torch.nn.functional.mse_loss(model(val["x"].to(device)), val["y"].to(device)).item()',
          VAL_METRIC,
        ],
      };
    case 'jax-cuda12':
      return {
        imports: ['import jax', 'import jax.numpy as jnp', 'import numpy as np'],
        requiredFiles: ['checkpoints/weights.npy', 'data/val.npz'],
        body: [
          'logger.info("devices {}", jax.devices())',
          'w = jnp.asarray(np.load(run_dir / "checkpoints" / "weights.npy"))',
          'val = np.load(run_dir / "data" / "val.npz")',
          'loss = float(jnp.mean((jnp.asarray(val["x"]) @ w - jnp.asarray(val["y"])) ** 2))',
          VAL_METRIC,
        ],
      };
    case 'tensorflow':
      return {
        imports: ['import numpy as np', 'import tensorflow as tf'],
        requiredFiles: ['checkpoints/model.keras', 'data/val.npz'],
        body: [
          'model = tf.keras.models.load_model(str(run_dir / "checkpoints" / "model.keras"))',
          'val = np.load(run_dir / "data" / "val.npz")',
          'loss = float(tf.reduce_mean(tf.square(model(val["x"], training=False) - val["y"])))',
          VAL_METRIC,
        ],
      };
    case 'numpy-only':
      return {
        imports: ['import numpy as np'],
        requiredFiles: ['checkpoints/weights.npy', 'data/val.npz'],
        body: [
          'w = np.load(run_dir / "checkpoints" / "weights.npy")',
          'val = np.load(run_dir / "data" / "val.npz")',
          'loss = float(np.mean((val["x"] @ w - val["y"]) ** 2))',
          VAL_METRIC,
        ],
      };
  }
}
