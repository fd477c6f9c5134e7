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
};

export class ClipTokenizer {
  private readonly tokenizer: Tokenizer;
  readonly bosId: number;
  readonly eosId: number;

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
  }

  /** Token ids of one text, without special tokens and without any length limit. */
  rawIds(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  encodeOne(text: string): { ids: number[]; attentionMask: number[]; truncated: boolean } {
    const n = this.spec.contextLength;
    let ids = [this.bosId, ...this.rawIds(text), this.eosId];
    const truncated = ids.length > n;
    if (truncated) {
      ids = ids.slice(0, n);
      ids[n - 1] = this.eosId;
    }
    const attentionMask = ids.map(() => 1);
    while (ids.length < n) {
      ids.push(this.spec.padTokenId);
      attentionMask.push(0);
    }
    return { ids, attentionMask, truncated };
  }

  encode(texts: string[]): Tokenized {
    const out: Tokenized = { ids: [], attentionMask: [], truncated: [] };
    for (const t of texts) {
      const e = this.encodeOne(t);
      out.ids.push(e.ids);
      out.attentionMask.push(e.attentionMask);
      out.truncated.push(e.truncated);
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
