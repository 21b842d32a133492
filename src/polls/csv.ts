/** CSV as spreadsheets and scripts read it: the poll exports and `rostrum poll results --format csv`. */

type Cell = string | number;

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection"); a
// leading apostrophe makes it text. Only text written by people is guarded: numbers may be negative.
const formulaStart = /^[=+\-@\t\r]/;

/** One RFC 4180 field: quoted when it holds a quote, comma or line break, with its quotes doubled. */
export function csvField(cell: Cell): string {
  let text = String(cell);
  if (typeof cell === 'string' && formulaStart.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 text: CRLF after every record, the last included. */
export function csvText(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => row.map(csvField).join(',') + '\r\n').join('');
}
