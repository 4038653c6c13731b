/**
 * A small RFC 4180 reader: quoted fields, doubled quotes, commas and newlines inside quotes,
 * CRLF, and the BOM that spreadsheet programs put first. Each record keeps the line it starts
 * on, so a report can point at the line a person sees in their editor.
 * @example parseCsv('a,b\n1,"x, y"') // [{ line: 1, cells: ['a','b'] }, { line: 2, cells: ['1','x, y'] }]
 */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((c) => c.trim() !== '')) records.push({ line: startLine, cells });
      cells = [];
      cell = '';
      line++;
      startLine = line;
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  if (cells.some((c) => c.trim() !== '')) records.push({ line: startLine, cells });
  return records;
}
