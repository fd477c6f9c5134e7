/**
 * CLIP-style tokenization over `@huggingface/tokenizers`: [BOS] tokens… [EOS], padded with the manifest's pad id to
 * `contextLength`; a longer sequence is cut to `contextLength` and its last token set to EOS (OpenAI CLIP), so the
 * text tower still pools at EOS. `truncated` says the caption lost words, for the UI to show.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import type { TokenizerSpec } from '../model/manifest';

export type Tokenized = {
  /** contextLength ids per text, row-major. */
  ids: number[][];
  attentionMask: number[][];
  truncated: boolean[];
  /** Word tokens the model reads per text (between BOS and EOS, after truncation). */
  words: number[];
  /** How many of those are the tokenizer's unknown token (emoji, zero-width spaces, scripts it never saw). */
  unknown: number[];
};

/** One text's ids, with what the tokenizer made of it. */
export type EncodedText = {
  ids: number[];
  attentionMask: number[];
  truncated: boolean;
  words: number;
  unknown: number;
};

/** The unknown token's id, from the tokenizer.json's model (WordPiece/BPE `unk_token`); undefined when it has none. */
function unknownId(tokenizerJson: unknown, tokenizer: Tokenizer): number | undefined {
  const unk = (tokenizerJson as { model?: { unk_token?: unknown } } | null)?.model?.unk_token;
  return typeof unk === 'string' ? tokenizer.token_to_id(unk) : undefined;
}

export class ClipTokenizer {
  private readonly tokenizer: Tokenizer;
  readonly bosId: number;
  readonly eosId: number;
  /** The unknown token's id (undefined: this tokenizer never gives one, e.g. byte-level BPE). */
  readonly unkId: number | undefined;

  constructor(
    tokenizerJson: unknown,
    readonly spec: TokenizerSpec,
    file = spec.file,
  ) {
    try {
      this.tokenizer = new Tokenizer(tokenizerJson as object, {});
    } catch (e) {
      throw new Error(`${file}: not a Hugging Face tokenizer.json (${(e as Error).message})`, { cause: e });
    }
    const bos = this.tokenizer.token_to_id(spec.bosToken);
    const eos = this.tokenizer.token_to_id(spec.eosToken);
    if (bos === undefined)
      throw new Error(
        `${file}: the BOS token "${spec.bosToken}" (manifest tokenizer.bosToken) is not in the vocabulary`,
      );
    if (eos === undefined)
      throw new Error(
        `${file}: the EOS token "${spec.eosToken}" (manifest tokenizer.eosToken) is not in the vocabulary`,
      );
    this.bosId = bos;
    this.eosId = eos;
    this.unkId = unknownId(tokenizerJson, this.tokenizer);
  }

  /** Token ids of one text, without special tokens and without any length limit. */
  rawIds(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  encodeOne(text: string): EncodedText {
    const n = this.spec.contextLength;
    let ids = [this.bosId, ...this.rawIds(text), this.eosId];
    const truncated = ids.length > n;
    if (truncated) {
      ids = ids.slice(0, n);
      ids[n - 1] = this.eosId;
    }
    const read = ids.slice(1, ids.length - 1); // the words the model reads, BOS and EOS aside
    const unknown = this.unkId === undefined ? 0 : read.filter((id) => id === this.unkId).length;
    const attentionMask = ids.map(() => 1);
    while (ids.length < n) {
      ids.push(this.spec.padTokenId);
      attentionMask.push(0);
    }
    return { ids, attentionMask, truncated, words: read.length, unknown };
  }

  encode(texts: string[]): Tokenized {
    const out: Tokenized = { ids: [], attentionMask: [], truncated: [], words: [], unknown: [] };
    for (const t of texts) {
      const e = this.encodeOne(t);
      out.ids.push(e.ids);
      out.attentionMask.push(e.attentionMask);
      out.truncated.push(e.truncated);
      out.words.push(e.words);
      out.unknown.push(e.unknown);
    }
    return out;
  }
}

/** Flatten rows of ids into the int64 buffer ONNX wants. */
export function toInt64(rows: number[][]): BigInt64Array {
  const width = rows[0]?.length ?? 0;
  const out = new BigInt64Array(rows.length * width);
  rows.forEach((r, i) => r.forEach((v, j) => (out[i * width + j] = BigInt(v))));
  return out;
}
