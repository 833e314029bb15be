// Field shapes every tool-output contract uses: strings, optional strings read as null, numbers that may come
// as strings (Prometheus values), so the contracts say the same thing the same way.
import { z } from 'zod';

export const str = z.string();
export const optStr = z.string().nullable().optional();
export const num = z.coerce.number();
