import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { deriveRunStatus, RunStatusFacts } from '../../server/src/core/runs/runStatus';
import type { RunRecord } from '../../server/src/core/runs/runRecord';

const NOW = Date.parse('2025-02-02T16:00:00Z');
const oldLog = { mtimeMs: NOW - 3600_000, hasLines: true, endsWithError: false };
const facts = (f: Partial<RunStatusFacts>): RunStatusFacts => ({
  hasLogsDir: true,
  trainLog: oldLog,
  now: NOW,
  isProcessAlive: () => false,
  ...f,
});
const record = (train: RunRecord['train']): RunRecord => ({ train, problems: [] });
const ended = (exitCode: number | null) => record({ exitCode, startedAt: 'a', endedAt: 'b', argv: [] });

test('a recorded exit code decides, whatever the log says', () => {
  assert.equal(deriveRunStatus(facts({ record: ended(0), trainLog: { ...oldLog, endsWithError: true } })).status, 'finished');
  assert.equal(deriveRunStatus(facts({ record: ended(1) })).status, 'failed');
  assert.equal(deriveRunStatus(facts({ record: ended(1) })).reason, 'train exited with code 1');
  assert.equal(deriveRunStatus(facts({ record: ended(null) })).reason, 'train was ended by a signal');
  assert.equal(deriveRunStatus(facts({ record: ended(2), hasLogsDir: false, trainLog: undefined })).status, 'failed');
});

test('a recorded train whose process is alive is running, even with a quiet log or no log yet', () => {
  const r = record({ exitCode: null, startedAt: 'a', argv: [], pid: 42 });
  const alive = (pid: number) => pid === 42;
  assert.equal(deriveRunStatus(facts({ record: r, isProcessAlive: alive })).status, 'running');
  assert.equal(deriveRunStatus(facts({ record: r, isProcessAlive: alive, hasLogsDir: false, trainLog: undefined })).status, 'running');
});

test('a recorded train whose process is gone is judged by its log, not by the log time', () => {
  const r = record({ exitCode: null, startedAt: 'a', argv: [], pid: 42 });
  const recent = { ...oldLog, mtimeMs: NOW - 5_000 };
  assert.equal(deriveRunStatus(facts({ record: r, trainLog: recent })).status, 'finished');
  assert.equal(deriveRunStatus(facts({ record: r, trainLog: { ...recent, endsWithError: true } })).status, 'failed');
});

test('no logs folder or no train.log is incomplete', () => {
  assert.equal(deriveRunStatus(facts({ hasLogsDir: false, trainLog: undefined })).status, 'incomplete');
  assert.equal(deriveRunStatus(facts({ trainLog: undefined })).reason, 'the run has no logs/train.log');
});

test('a log written in the last minute, with no record, is running; after a minute it is not', () => {
  assert.equal(deriveRunStatus(facts({ trainLog: { ...oldLog, mtimeMs: NOW - 59_000 } })).status, 'running');
  assert.equal(deriveRunStatus(facts({ trainLog: { ...oldLog, mtimeMs: NOW - 61_000 } })).status, 'finished');
  // Even a log that ends in an error is "running" while it is being written: loguru may log and carry on.
  assert.equal(deriveRunStatus(facts({ trainLog: { ...oldLog, mtimeMs: NOW - 1_000, endsWithError: true } })).status, 'running');
});

test('an old log ending in an error is failed; with lines it is finished; empty it is incomplete', () => {
  assert.equal(deriveRunStatus(facts({ trainLog: { ...oldLog, endsWithError: true } })).status, 'failed');
  assert.equal(deriveRunStatus(facts({})).status, 'finished');
  assert.equal(deriveRunStatus(facts({ trainLog: { ...oldLog, hasLines: false } })).status, 'incomplete');
});
