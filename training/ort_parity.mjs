// ONNX Runtime (onnxruntime-node) parity of an exported bundle against the PyTorch outputs written by export.py,
// plus tokenizer parity of tokenizer.json (@huggingface/tokenizers) against the Python tokenizer.
// Usage: node training/ort_parity.mjs <parity.json>   (exit 1 on any mismatch)
import fs from "node:fs";
import path from "node:path";
import ort from "onnxruntime-node";
import { Tokenizer } from "@huggingface/tokenizers";

const TOL = 1e-4;
const p = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
let failed = false;

function maxDiff(a, b) {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const vision = await ort.InferenceSession.create(path.join(p.bundle, "vision.onnx"));
const text = await ort.InferenceSession.create(path.join(p.bundle, "text.onnx"));
const pix = new ort.Tensor("float32", Float32Array.from(p.pixels), p.pixel_shape);
const ie = (await vision.run({ pixel_values: pix })).image_embeds.data;
const ids = new ort.Tensor("int64", BigInt64Array.from(p.input_ids.map(BigInt)), p.ids_shape);
const te = (await text.run({ input_ids: ids })).text_embeds.data;
const dImg = maxDiff(ie, p.image_embeds.flat());
const dTxt = maxDiff(te, p.text_embeds.flat());
console.log(`ORT parity: image max|diff| ${dImg.toExponential(2)}, text max|diff| ${dTxt.toExponential(2)} (tol ${TOL})`);
if (!(dImg <= TOL) || !(dTxt <= TOL)) failed = true;

const tj = JSON.parse(fs.readFileSync(path.join(p.bundle, "tokenizer.json"), "utf8"));
const tok = new Tokenizer(tj, {});
const eos = Math.max(...Object.values(tj.model.vocab));
p.captions.forEach((c, i) => {
  let got = Array.from(tok.encode(c).ids, Number);
  if (got.length > p.context_length) { got = got.slice(0, p.context_length); got[got.length - 1] = eos; }
  while (got.length < p.context_length) got.push(0);
  const want = p.expected_ids[i];
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    failed = true;
    console.log(`tokenizer mismatch for ${JSON.stringify(c)}:\n  js ${got}\n  py ${want}`);
  }
});
console.log(failed ? "PARITY FAILED" : `tokenizer parity: ${p.captions.length} captions identical`);
process.exit(failed ? 1 : 0);
