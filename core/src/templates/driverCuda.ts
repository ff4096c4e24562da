// Which PyTorch CUDA build suits this machine: the newest CUDA version PyTorch publishes wheels for that the
// driver supports. nvidia-smi's table header states the newest CUDA version the driver runs (`CUDA Version: 13.0`).
import { compareVersions, PYTORCH_CUDA_VERSIONS } from './frameworks';

/** The `CUDA Version: X.Y` of nvidia-smi's table header; undefined when the text has none. */
export function driverCudaVersion(nvidiaSmiTable: string): string | undefined {
  const m = /CUDA Version:\s*(\d+)\.(\d+)/.exec(nvidiaSmiTable);
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

/**
 * The newest PyTorch CUDA version a driver supporting `driverCuda` can run; the newest of all when the driver's
 * version is unknown; undefined when the driver is older than every CUDA build (use the CPU build then).
 */
export function pytorchCudaVersionFor(driverCuda: string | undefined): string | undefined {
  if (driverCuda === undefined) return PYTORCH_CUDA_VERSIONS[0];
  return PYTORCH_CUDA_VERSIONS.find((v) => compareVersions(v, driverCuda) <= 0);
}
