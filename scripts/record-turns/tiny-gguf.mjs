// Writes a tiny random-weight llama model as a GGUF v3 file (F32 tensors, a SentencePiece-style vocabulary of byte
// tokens plus printable characters and common words): real llama.cpp inference with nothing to download.
import { writeFileSync } from 'node:fs';

const T = { UINT32: 4, INT32: 5, FLOAT32: 6, STRING: 8, ARRAY: 9 };
const ALIGN = 32;

/** A seeded PRNG (mulberry32) and normal samples, so the same seed gives the same model. */
function rng(seed) {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
}

class Out {
  parts = [];
  u32(v) { const b = Buffer.alloc(4); b.writeUInt32LE(v); this.parts.push(b); }
  i32(v) { const b = Buffer.alloc(4); b.writeInt32LE(v); this.parts.push(b); }
  u64(v) { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); this.parts.push(b); }
  f32(v) { const b = Buffer.alloc(4); b.writeFloatLE(v); this.parts.push(b); }
  str(s) { const b = Buffer.from(s, 'utf8'); this.u64(b.length); this.parts.push(b); }
  raw(b) { this.parts.push(b); }
  get length() { return this.parts.reduce((n, p) => n + p.length, 0); }
  buffer() { return Buffer.concat(this.parts); }
}

/** SentencePiece-style vocabulary: <unk> <s> </s>, the 256 byte tokens, printable ASCII, and words a report uses. */
export function vocabulary() {
  const tokens = ['<unk>', '<s>', '</s>'];
  const types = [2, 3, 3]; // UNKNOWN, CONTROL, CONTROL
  for (let i = 0; i < 256; i++) {
    tokens.push(`<0x${i.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(6); // BYTE
  }
  const words = [
    'checkout', 'pool', 'error', 'errors', 'timeout', 'database', 'connection', 'commit', 'root', 'cause', 'service', 'logs',
    'summary', 'category', 'confidence', 'evidence', 'quote', 'call_id', 'resource_exhaustion', 'tool', 'the', 'and', 'of', 'in',
  ];
  for (let c = 32; c < 127; c++) tokens.push(String.fromCharCode(c) === ' ' ? '\u2581' : String.fromCharCode(c));
  for (const w of words) tokens.push(`\u2581${w}`);
  while (types.length < tokens.length) types.push(1); // NORMAL
  // SentencePiece scores: longer pieces first when tokenizing.
  const scores = tokens.map((t, i) => (types[i] === 1 ? -1 / Math.max(1, t.length) - i * 1e-6 : 0));
  return { tokens, types, scores };
}

/**
 * The GGUF file: llama architecture metadata, the vocabulary, then every tensor as F32 with N(0, std) weights
 * (norm weights 1). A larger `std` makes sharper, more repetitive next-token distributions.
 */
export function tinyLlamaGguf({ seed = 1, embd = 64, layers = 2, heads = 4, ff = 128, ctx = 4096, std = 0.5, name = 'tiny-random-llama' } = {}) {
  const vocab = vocabulary();
  const nv = vocab.tokens.length;
  const normal = rng(seed);
  const tensors = [];
  const add = (tname, dims, fill) => tensors.push({ name: tname, dims, fill });
  const rand = (scale) => () => normal() * scale;
  add('token_embd.weight', [embd, nv], rand(std));
  add('output_norm.weight', [embd], () => 1);
  add('output.weight', [embd, nv], rand(std));
  for (let i = 0; i < layers; i++) {
    add(`blk.${i}.attn_norm.weight`, [embd], () => 1);
    add(`blk.${i}.attn_q.weight`, [embd, embd], rand(std / Math.sqrt(embd)));
    add(`blk.${i}.attn_k.weight`, [embd, embd], rand(std / Math.sqrt(embd)));
    add(`blk.${i}.attn_v.weight`, [embd, embd], rand(std / Math.sqrt(embd)));
    add(`blk.${i}.attn_output.weight`, [embd, embd], rand(std / Math.sqrt(embd)));
    add(`blk.${i}.ffn_norm.weight`, [embd], () => 1);
    add(`blk.${i}.ffn_gate.weight`, [embd, ff], rand(std / Math.sqrt(embd)));
    add(`blk.${i}.ffn_up.weight`, [embd, ff], rand(std / Math.sqrt(embd)));
    add(`blk.${i}.ffn_down.weight`, [ff, embd], rand(std / Math.sqrt(ff)));
  }
  const kv = [
    ['general.architecture', T.STRING, 'llama'],
    ['general.name', T.STRING, name],
    ['general.alignment', T.UINT32, ALIGN],
    ['general.file_type', T.UINT32, 0],
    ['llama.context_length', T.UINT32, ctx],
    ['llama.embedding_length', T.UINT32, embd],
    ['llama.block_count', T.UINT32, layers],
    ['llama.feed_forward_length', T.UINT32, ff],
    ['llama.attention.head_count', T.UINT32, heads],
    ['llama.attention.head_count_kv', T.UINT32, heads],
    ['llama.attention.layer_norm_rms_epsilon', T.FLOAT32, 1e-5],
    ['llama.rope.dimension_count', T.UINT32, embd / heads],
    ['llama.vocab_size', T.UINT32, nv],
    ['tokenizer.ggml.model', T.STRING, 'llama'],
    ['tokenizer.ggml.tokens', T.ARRAY, [T.STRING, vocab.tokens]],
    ['tokenizer.ggml.scores', T.ARRAY, [T.FLOAT32, vocab.scores]],
    ['tokenizer.ggml.token_type', T.ARRAY, [T.INT32, vocab.types]],
    ['tokenizer.ggml.unknown_token_id', T.UINT32, 0],
    ['tokenizer.ggml.bos_token_id', T.UINT32, 1],
    ['tokenizer.ggml.eos_token_id', T.UINT32, 2],
    ['tokenizer.ggml.add_bos_token', 7, true],
  ];
  const out = new Out();
  out.raw(Buffer.from('GGUF', 'ascii'));
  out.u32(3);
  out.u64(tensors.length);
  out.u64(kv.length);
  const scalar = (type, v) => {
    if (type === T.UINT32) out.u32(v);
    else if (type === T.INT32) out.i32(v);
    else if (type === T.FLOAT32) out.f32(v);
    else if (type === T.STRING) out.str(v);
    else if (type === 7) out.raw(Buffer.from([v ? 1 : 0]));
  };
  for (const [key, type, value] of kv) {
    out.str(key);
    out.u32(type);
    if (type === T.ARRAY) {
      const [et, items] = value;
      out.u32(et);
      out.u64(items.length);
      for (const it of items) scalar(et, it);
    } else scalar(type, value);
  }
  let offset = 0;
  const sizes = tensors.map((t) => t.dims.reduce((a, b) => a * b, 1) * 4);
  tensors.forEach((t, i) => {
    out.str(t.name);
    out.u32(t.dims.length);
    for (const d of t.dims) out.u64(d);
    out.u32(0); // GGML_TYPE_F32
    out.u64(offset);
    offset += Math.ceil(sizes[i] / ALIGN) * ALIGN;
  });
  const pad = (n) => (ALIGN - (n % ALIGN)) % ALIGN;
  out.raw(Buffer.alloc(pad(out.length)));
  tensors.forEach((t, i) => {
    const data = new Float32Array(sizes[i] / 4);
    for (let j = 0; j < data.length; j++) data[j] = t.fill();
    out.raw(Buffer.from(data.buffer));
    out.raw(Buffer.alloc(pad(sizes[i])));
  });
  return out.buffer();
}

export function writeTinyLlama(file, opts) {
  const buf = tinyLlamaGguf(opts);
  writeFileSync(file, buf);
  return buf.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2] ?? 'tiny.gguf';
  const bytes = writeTinyLlama(file, { seed: Number(process.argv[3] ?? 1), std: Number(process.argv[4] ?? 0.5) });
  process.stderr.write(`wrote ${file}: ${bytes} bytes\n`);
}
