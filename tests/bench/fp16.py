"""float32 ONNX → float16 ONNX with float32 inputs/outputs, using only the `onnx` package (1.12 has no converter).

Every float32 initializer, Constant and Cast-to-float becomes float16; each graph input gets a Cast to float16 and
each graph output a Cast back to float32, so the app feeds and reads float32 as the manifest says. For WebGPU
adapters with shader-f16 (web/inference/worker.ts picks `vision.fp16File` only there).

  /usr/bin/python3 tests/bench/fp16.py in.onnx out.onnx
"""
from __future__ import annotations

import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F32, F16 = TensorProto.FLOAT, TensorProto.FLOAT16


def _to_f16(t: onnx.TensorProto) -> onnx.TensorProto:
    return numpy_helper.from_array(numpy_helper.to_array(t).astype(np.float16), t.name)


def convert(model: onnx.ModelProto) -> onnx.ModelProto:
    g = model.graph
    for i, t in enumerate(g.initializer):
        if t.data_type == F32:
            g.initializer[i].CopyFrom(_to_f16(t))
    for n in g.node:
        for a in n.attribute:
            if n.op_type in ("Constant", "ConstantOfShape") and a.name == "value" and a.t.data_type == F32:
                a.t.CopyFrom(_to_f16(a.t))
            if n.op_type == "Cast" and a.name == "to" and a.i == F32:
                a.i = F16
    renames = {}
    casts_in = []
    for inp in g.input:
        if inp.type.tensor_type.elem_type == F32:
            renames[inp.name] = inp.name + "_f16"
            casts_in.append(helper.make_node("Cast", [inp.name], [inp.name + "_f16"], to=F16,
                                             name=f"cast_in_{inp.name}"))
    for n in g.node:
        for k, x in enumerate(n.input):
            if x in renames:
                n.input[k] = renames[x]
    casts_out = []
    for out in g.output:
        if out.type.tensor_type.elem_type == F32:
            inner = out.name + "_f16"
            for n in g.node:
                for k, x in enumerate(n.output):
                    if x == out.name:
                        n.output[k] = inner
                for k, x in enumerate(n.input):
                    if x == out.name:
                        n.input[k] = inner
            casts_out.append(helper.make_node("Cast", [inner], [out.name], to=F32, name=f"cast_out_{out.name}"))
    nodes = casts_in + list(g.node) + casts_out
    del g.node[:]
    g.node.extend(nodes)
    del g.value_info[:]  # stale float32 shapes; ONNX Runtime infers them again
    return model


if __name__ == "__main__":
    m = convert(onnx.load(sys.argv[1]))
    onnx.checker.check_model(m)
    onnx.save(m, sys.argv[2])
    print(f"wrote {sys.argv[2]}")
