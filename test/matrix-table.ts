/** One cell of a role-matrix test as run: the row `[action, role, whose, expected]`, what happened, and whether it matched. */
export interface Outcome {
  row: readonly [string, string, string, string | number];
  actual: string;
  ok: boolean;
}

/** The whole matrix as a table, wrong cells marked ✗, for a failure message that reads at a glance. */
export function formatTable(outcomes: Outcome[]): string {
  const header = ['', 'action', 'role', 'whose', 'expected', 'actual'];
  const lines = outcomes.map((o) => [o.ok ? ' ' : '✗', o.row[0], o.row[1], o.row[2], String(o.row[3]), o.actual]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [format(header), ...lines.map(format)].join('\n');
}
