// The reference a windowed log tool must match: entries and ERROR entries per window, counted straight from the text
// of a generated file whose lines start with an ISO time (shared by the time-index tests).
export function expectedWindowCounts(text: string, from: number, to: number): { total: number; error: number } {
  let total = 0;
  let error = 0;
  for (const l of text.split('\n')) {
    const t = Date.parse(l.slice(0, 24));
    if (!Number.isFinite(t) || t < from || t > to) continue;
    total++;
    if (l.includes(' ERROR ')) error++;
  }
  return { total, error };
}
