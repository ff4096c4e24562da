import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatLocalDateTime, formatMetricValue, formatRelativeAge, summarizeMetrics } from '#core/runs/runDisplay';

test('relative ages read naturally and fall back to the date after a month', () => {
  const now = new Date(2025, 1, 10, 12, 0, 0).getTime();
  const ago = (ms: number) => formatRelativeAge(new Date(now - ms), now);
  assert.equal(ago(5_000), 'just now');
  assert.equal(ago(5 * 60_000), '5 min ago');
  assert.equal(ago(2 * 3600_000 + 59 * 60_000), '2 h ago');
  assert.equal(ago(3 * 86400_000), '3 d ago');
  assert.equal(ago(40 * 86400_000), '2025-01-01');
  assert.equal(ago(-3600_000), '2025-02-10', 'a date in the future is shown as a date');
});

test('exact local time for tooltips', () => {
  assert.equal(formatLocalDateTime(new Date(2025, 1, 2, 14, 30, 5)), '2025-02-02 14:30:05');
});

test('metric values are short and exact enough to compare runs', () => {
  assert.equal(formatMetricValue(0.5123456), '0.5123');
  assert.equal(formatMetricValue(300), '300');
  assert.equal(formatMetricValue(0.00001234), '1.234e-5');
  assert.equal(formatMetricValue(NaN), 'NaN');
  assert.equal(formatMetricValue('val'), 'val');
  assert.equal(formatMetricValue([1, 2]), '[1,2]');
  assert.equal(summarizeMetrics({ epoch: 2, loss: 0.5123456, split: 'val' }), 'epoch=2 loss=0.5123 split=val');
  assert.equal(summarizeMetrics({ a: 'x'.repeat(100) }, 20).length, 20);
  assert.equal(summarizeMetrics(undefined), '');
});
