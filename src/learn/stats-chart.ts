// Terminal charts for `runbook stats`: a success-rate bar per runbook version and a sparkline of candidates
// per week; Unicode blocks on a terminal, plain ASCII for NO_COLOR and pipes.

export interface ChartStyle {
  ascii: boolean;
  width: number;
}

export function bar(rate: number | null, style: ChartStyle): string {
  if (rate === null) return (style.ascii ? ' ' : ' ').repeat(style.width);
  const full = Math.round(Math.max(0, Math.min(1, rate)) * style.width);
  return (style.ascii ? '#' : '█').repeat(full) + (style.ascii ? '.' : '░').repeat(style.width - full);
}

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII_RAMP = ['_', '.', '-', '=', '+', '*', '#', '@'];

export function sparkline(values: number[], style: Pick<ChartStyle, 'ascii'>): string {
  const max = Math.max(0, ...values);
  const ramp = style.ascii ? ASCII_RAMP : BLOCKS;
  return values.map((v) => (max === 0 ? ramp[0] : ramp[Math.min(ramp.length - 1, Math.round((v / max) * (ramp.length - 1)))])).join('');
}

/** The last `n` week keys ("2026-W46", Monday-based like SQLite's %W) ending at `now`. */
export function lastWeeks(now: Date, n: number): string[] {
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(now.getTime() - i * 7 * 24 * 3600 * 1000);
    const jan1 = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
    const yday = Math.floor((d.getTime() - jan1.getTime()) / 86400_000);
    // SQLite %W: week of year, Monday as the first day (00-53).
    const week = Math.floor((yday + 7 - ((d.getUTCDay() + 6) % 7)) / 7);
    out.push(`${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`);
  }
  return out;
}
