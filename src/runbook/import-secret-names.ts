// Names the params an imported runbook's written-out secrets become: after what they protect (a URL's host and
// user, a program, a variable), one name per distinct value across the whole runbook, the same name when a value repeats.

/** Lower-case words joined by `_`: `db.example.com` -> `db_example_com`. */
export const paramWord = (raw: string) => raw.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase();

export interface SecretNamer {
  /** The param for `value`: its name when it was seen before, else the first free candidate (the first one numbered when none is free). */
  name(value: string, candidates: string[]): string;
}

/** One namer per imported runbook, so two steps holding the same password share one param and different ones never do. */
export function secretNamer(): SecretNamer {
  const byValue = new Map<string, string>();
  const taken = new Set<string>();
  return {
    name(value, candidates) {
      const known = byValue.get(value);
      if (known) return known;
      const names = candidates.filter(Boolean);
      let chosen = names.find((c) => !taken.has(c));
      if (!chosen) {
        const base = names[0] ?? 'secret';
        chosen = base;
        for (let n = 2; taken.has(chosen); n++) chosen = `${base}_${n}`;
      }
      taken.add(chosen);
      byValue.set(value, chosen);
      return chosen;
    },
  };
}
