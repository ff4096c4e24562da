// Parsing of nvidia-smi's CSV query output. We ask for `--format=csv,noheader,nounits`, but the parser also accepts
// the header line and units that other flags produce, CRLF line ends and blank lines, so that a differently
// configured nvidia-smi (or a wrapper script) still works.
import { ComputeApp, GpuInfo } from './gpuInfo';

/** The columns `queryGpus` asks for, in this order. */
export const GPU_QUERY_FIELDS = ['index', 'uuid', 'name', 'memory.total', 'memory.used', 'memory.free', 'utilization.gpu'];
/** The columns asked about compute processes, in this order. */
export const COMPUTE_APPS_FIELDS = ['pid', 'process_name', 'used_memory', 'gpu_uuid'];

/** nvidia-smi printed something that is not the CSV we asked for (e.g. `Field "x" is not a valid field to query.`). */
export class NvidiaSmiOutputError extends Error {}

/** Parses the `--query-gpu=index,uuid,name,memory.total,memory.used,memory.free,utilization.gpu` output. */
export function parseGpuQuery(text: string): GpuInfo[] {
  const gpus: GpuInfo[] = [];
  for (const fields of csvRows(text, 'index')) {
    // Extra trailing columns (temperature, driver, …) are ignored; fewer columns than asked is not our output.
    if (fields.length < GPU_QUERY_FIELDS.length) throw unexpected(fields);
    const index = parseInteger(fields[0]);
    if (index === undefined) throw unexpected(fields);
    gpus.push({
      index,
      uuid: fields[1],
      name: fields[2],
      memoryTotalMiB: parseQuantity(fields[3]),
      memoryUsedMiB: parseQuantity(fields[4]),
      memoryFreeMiB: parseQuantity(fields[5]),
      utilizationPercent: parseQuantity(fields[6]),
    });
  }
  return gpus;
}

/** Parses the `--query-compute-apps=pid,process_name,used_memory,gpu_uuid` output; empty output means no process. */
export function parseComputeApps(text: string): ComputeApp[] {
  const apps: ComputeApp[] = [];
  for (const fields of csvRows(text, 'pid')) {
    if (fields.length < COMPUTE_APPS_FIELDS.length) throw unexpected(fields);
    const pid = parseInteger(fields[0]);
    if (pid === undefined) throw unexpected(fields);
    // nvidia-smi does not quote fields: a process name (often a path) may itself contain ", ",
    // so it is everything between the first field and the last two.
    apps.push({
      pid,
      processName: fields.slice(1, -2).join(', '),
      usedMemoryMiB: parseQuantity(fields[fields.length - 2]),
      gpuUuid: fields[fields.length - 1],
    });
  }
  return apps;
}

/** Non-blank lines split on commas, without the header line (recognised by its first column name). */
function* csvRows(text: string, firstColumn: string): Generator<string[]> {
  for (const raw of text.split(/\r?\n|\r/)) {
    const line = raw.trim();
    if (line === '') continue;
    const fields = line.split(',').map((f) => f.trim());
    if (fields[0].toLowerCase() === firstColumn) continue;
    yield fields;
  }
}

function unexpected(fields: string[]): NvidiaSmiOutputError {
  const line = fields.join(', ');
  const shown = line.length > 200 ? line.slice(0, 200) + '…' : line;
  return new NvidiaSmiOutputError(`nvidia-smi printed something unexpected: ${shown}`);
}

function parseInteger(field: string): number | undefined {
  return /^\d+$/.test(field) ? Number(field) : undefined;
}

/** `143771`, `143771 MiB`, `100 %` → the number; `[N/A]`, `[Not Supported]`, `N/A` and anything else → undefined. */
function parseQuantity(field: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(?:MiB|%|W|C)?$/i.exec(field);
  return m ? Number(m[1]) : undefined;
}
