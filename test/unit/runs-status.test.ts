import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { deriveRunStatus, formatAgo, RunStatusFacts } from '#core/runs/runStatus';
import type { ProcessInfo } from '#core/runs/processTable';
import type { RunRecord } from '#core/runs/runRecord';

const NOW = Date.parse('2025-02-02T16:00:00Z');
const oldLog = { mtimeMs: NOW - 3600_000, hasLines: true, endsWithError: false };
const facts = (f: Partial<RunStatusFacts>): RunStatusFacts => ({
  hasLogsDir: true,
  trainLog: oldLog,
  now: NOW,
  ...f,
});
const record = (train: RunRecord['train']): RunRecord => ({ train, problems: [] });
const ended = (exitCode: number | null) => record({ exitCode, startedAt: 'a', endedAt: 'b', argv: [] });
const uvProcess: ProcessInfo = { pid: 4121, argv: ['/home/ada/.local/bin/uv', 'run', 'train.py', 'de-risk'], startedAtMs: NOW - 600_000 };

test('a recorded exit code decides, whatever the log or the processes say', () => {
  assert.equal(deriveRunStatus(facts({ record: ended(0), trainLog: { ...oldLog, endsWithError: true } })).status, 'finished');
  assert.equal(deriveRunStatus(facts({ record: ended(1) })).status, 'failed');
  assert.equal(deriveRunStatus(facts({ record: ended(1) })).reason, 'train exited with code 1');
  assert.equal(deriveRunStatus(facts({ record: ended(null) })).reason, 'train was ended by a signal');
  assert.equal(deriveRunStatus(facts({ record: ended(2), hasLogsDir: false, trainLog: undefined })).status, 'failed');
});

test('a recorded train whose process is alive is running, even with a quiet log or no log yet', () => {
  const r = record({ exitCode: null, startedAt: 'a', argv: ['uv', 'run', 'train.py', 'de-risk'], pid: 42 });
  const v = deriveRunStatus(facts({ record: r, recordedProcess: 'alive' }));
  assert.deepEqual(v, { status: 'running', reason: 'process 42 (uv run train.py de-risk) is running, as the launcher recorded' });
  assert.equal(deriveRunStatus(facts({ record: r, recordedProcess: 'alive', hasLogsDir: false, trainLog: undefined })).status, 'running');
});

test('a recorded train whose process is gone or whose id was reused is judged by its log, not by the log time', () => {
  const r = record({ exitCode: null, startedAt: 'a', argv: [], pid: 42 });
  const recent = { ...oldLog, mtimeMs: NOW - 5_000 };
  assert.deepEqual(deriveRunStatus(facts({ record: r, recordedProcess: 'gone', trainLog: recent, search: { kind: 'none' } })), {
    status: 'finished',
    reason: "logs/train.log ends without an error (the launcher's process 42 has ended; log written 5 s ago, no process of this run found)",
  });
  const reused = deriveRunStatus(facts({ record: r, recordedProcess: 'reused', trainLog: { ...recent, endsWithError: true } }));
  assert.equal(reused.status, 'failed');
  assert.match(reused.reason, /process 42 has ended and its id now belongs to a later program/);
  // Without a process list, a recent log is no hint either: the process that wrote it is known to be gone.
  assert.equal(
    deriveRunStatus(facts({ record: r, recordedProcess: 'gone', trainLog: recent, search: { kind: 'unavailable' } })).status,
    'finished',
  );
});

test('a live process found for the run makes it running, with or without a log, however old the log', () => {
  const v = deriveRunStatus(facts({ search: { kind: 'found', process: uvProcess } }));
  assert.deepEqual(v, { status: 'running', reason: 'process 4121 (uv run train.py de-risk) is running' });
  assert.equal(
    deriveRunStatus(facts({ search: { kind: 'found', process: uvProcess }, hasLogsDir: false, trainLog: undefined })).status,
    'running',
  );
  assert.equal(
    deriveRunStatus(facts({ search: { kind: 'found', process: uvProcess }, trainLog: { ...oldLog, endsWithError: true } })).status,
    'running',
  );
});

test('no logs folder or no train.log is incomplete', () => {
  assert.equal(deriveRunStatus(facts({ hasLogsDir: false, trainLog: undefined })).status, 'incomplete');
  assert.equal(deriveRunStatus(facts({ trainLog: undefined })).reason, 'the run has no logs/train.log');
  assert.equal(
    deriveRunStatus(facts({ trainLog: undefined, search: { kind: 'none' } })).reason,
    'the run has no logs/train.log (no process of this run found)',
  );
});

test('where processes are listed, a log written a moment ago with no process is not running (a fresh copy or clone)', () => {
  const fresh = { ...oldLog, mtimeMs: NOW - 12_000 };
  assert.deepEqual(deriveRunStatus(facts({ trainLog: fresh, search: { kind: 'none' } })), {
    status: 'finished',
    reason: 'logs/train.log ends without an error (log written 12 s ago, no process of this run found)',
  });
  assert.equal(deriveRunStatus(facts({ trainLog: { ...fresh, endsWithError: true }, search: { kind: 'none' } })).status, 'failed');
  assert.equal(deriveRunStatus(facts({ trainLog: { ...fresh, hasLines: false }, search: { kind: 'none' } })).status, 'incomplete');
});

test('where processes cannot be listed, a log written in the last minute is probably running, and said to be a guess', () => {
  const guess = deriveRunStatus(facts({ trainLog: { ...oldLog, mtimeMs: NOW - 12_000 }, search: { kind: 'unavailable' } }));
  assert.deepEqual(guess, {
    status: 'running',
    reason: 'probably running: logs/train.log written 12 s ago (this system cannot list processes to be sure)',
  });
  assert.equal(
    deriveRunStatus(facts({ trainLog: { ...oldLog, mtimeMs: NOW - 61_000 }, search: { kind: 'unavailable' } })).status,
    'finished',
  );
  // Even a log that ends in an error is "probably running" while it is being written: loguru may log and carry on.
  assert.equal(
    deriveRunStatus(facts({ trainLog: { ...oldLog, mtimeMs: NOW - 1_000, endsWithError: true }, search: { kind: 'unavailable' } })).status,
    'running',
  );
});

test('an old log ending in an error is failed; with lines it is finished; empty it is incomplete', () => {
  assert.equal(deriveRunStatus(facts({ trainLog: { ...oldLog, endsWithError: true } })).status, 'failed');
  assert.deepEqual(deriveRunStatus(facts({})), { status: 'finished', reason: 'logs/train.log ends without an error' });
  assert.equal(deriveRunStatus(facts({ trainLog: { ...oldLog, hasLines: false } })).status, 'incomplete');
});

test('ages in reasons read naturally', () => {
  assert.deepEqual([0, 12_000, 119_000, 300_000, 3 * 3600_000, 3 * 86400_000].map(formatAgo), [
    'just now',
    '12 s ago',
    '119 s ago',
    '5 min ago',
    '3 h ago',
    '3 d ago',
  ]);
});
