// A minimal JSON path for captures and checks: $.a.b[0]["key with space"]; no filters, no wildcards,
// because a runbook should point at one value and fail loudly when it is not there.

export function parseJsonPath(path: string): Array<string | number> {
  const p = path.trim();
  if (!p.startsWith('$')) throw new Error(`JSON path "${path}" must start with $`);
  const out: Array<string | number> = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\]/y;
  let i = 1;
  while (i < p.length) {
    re.lastIndex = i;
    const m = re.exec(p);
    if (!m) throw new Error(`JSON path "${path}": cannot read from "${p.slice(i)}" (use .key, [0] or ["key"])`);
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3].slice(1, -1).replace(/\\(.)/g, '$1'));
    i = re.lastIndex;
  }
  return out;
}

/** The value at the path, or undefined when any segment is missing. */
export function readJsonPath(data: unknown, path: string): unknown {
  let cur: unknown = data;
  for (const seg of parseJsonPath(path)) {
    if (cur === null || cur === undefined) return undefined;
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (typeof cur !== 'object' || Array.isArray(cur)) return undefined;
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return cur;
}
