import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and newlines, keeping start lines', () => {
    const rows = parseCsv('\ufeffa,b\r\n1,"x, ""y"""\n2,"multi\nline"\n\n3,z');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'x, "y"'] },
      { line: 3, cells: ['2', 'multi\nline'] },
      { line: 6, cells: ['3', 'z'] },
    ]);
  });

  it('skips blank lines and keeps empty cells', () => {
    expect(parseCsv('a,,c\n,,\n')).toEqual([{ line: 1, cells: ['a', '', 'c'] }]);
  });
});
