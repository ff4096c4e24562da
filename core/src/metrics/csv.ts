// CSV as spreadsheets, pandas and R read it (RFC 4180): fields with a comma, quote or line break are quoted, quotes
// doubled. Non-finite numbers are written as Python's json.dumps writes them (NaN, Infinity, -Infinity), which
// pandas.read_csv reads back as floats.

export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = typeof value === 'number' ? formatCsvNumber(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly (string | number | undefined)[]): string {
  return values.map(csvField).join(',') + '\n';
}

export function formatCsvNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}
