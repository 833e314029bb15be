// Decimal numbers read straight from the bytes of a file chunk, without making a string per sample: exact
// (the same double as Number(text)) for the plain forms files hold; anything else is left to the string path.

/** 10^0 … 10^22: every one exactly representable as a double. */
const POW10: number[] = [];
for (let k = 0, p = 1; k <= 22; k++, p *= 10) POW10.push(p);

/** scanDecimal() for tests and callers that do not mind a boxed double per call. */
export function scanDecimal(buf: Uint8Array, start: number, end: number): number {
  return scanDecimalTo(buf, start, end, single, 0) ? single[0]! : NaN;
}
const single = new Float64Array(1);

/**
 * Writes the number in buf[start, end) to out[slot] and returns true when it is a plain decimal (`[+-]digits[.digits][e[+-]digits]`, at most
 * 15 significant digits, a power of ten within 10^±22), else returns false: then the caller parses the
 * text itself. Through a typed array rather than a return value: a returned double is a heap allocation
 * per call when the call is not inlined, two per sample line.
 * Exact because both the integer mantissa (< 2^53) and the power of ten are exact doubles, so the one
 * multiplication or division rounds correctly, as Number() does (Clinger's fast path).
 */
export function scanDecimalTo(buf: Uint8Array, start: number, end: number, out: Float64Array, slot: number): boolean {
  let i = start;
  let negative = false;
  if (i < end && (buf[i] === 45 || buf[i] === 43)) {
    negative = buf[i] === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0; // significant digits taken into the mantissa
  let seen = 0; // digits of any kind, so "." and "-" alone fail
  let scale = 0; // digits after the point
  let b = 0;
  for (; i < end; i++) {
    b = buf[i]!;
    if (b < 48 || b > 57) break;
    if (mantissa !== 0 || b !== 48) {
      if (++digits > 15) return false;
      mantissa = mantissa * 10 + (b - 48);
    }
    seen++;
  }
  if (i < end && b === 46) {
    for (i++; i < end; i++) {
      b = buf[i]!;
      if (b < 48 || b > 57) break;
      if (mantissa !== 0 || b !== 48) {
        if (++digits > 15) return false;
        mantissa = mantissa * 10 + (b - 48);
      }
      scale++;
      seen++;
    }
  }
  if (seen === 0) return false;
  let exponent = 0;
  if (i < end && (b === 101 || b === 69)) {
    i++;
    let expNegative = false;
    if (i < end && (buf[i] === 45 || buf[i] === 43)) {
      expNegative = buf[i] === 45;
      i++;
    }
    const expStart = i;
    for (; i < end; i++) {
      b = buf[i]!;
      if (b < 48 || b > 57 || i - expStart >= 4) return false;
      exponent = exponent * 10 + (b - 48);
    }
    if (i === expStart) return false;
    if (expNegative) exponent = -exponent;
  }
  if (i !== end) return false;
  const e10 = exponent - scale;
  let v: number;
  if (mantissa === 0) v = 0;
  else if (e10 === 0) v = mantissa;
  else if (e10 > 0 && e10 <= 22) v = mantissa * POW10[e10]!;
  else if (e10 < 0 && e10 >= -22) v = mantissa / POW10[-e10]!;
  else return false;
  out[slot] = negative ? -v : v;
  return true;
}
