;; Dot products of float64 query vectors with every row of a float32 matrix, in WASM SIMD (issue 14: KNN against a
;; normal set of 100,000 photos is 12.8 M multiply-adds per photo, which plain JS does at ~1 GMAC/s).
;; Sums stay float64 (each float32 row value promoted), as linalg.ts's JS loop, so results agree with it and with
;; the Python twins to ~1e-16, not float32's 1e-7. Built into dotsWasm.ts by scripts/build-kernels.mjs.
;;
;; Memory layout (byte offsets chosen by the caller, all 16-byte aligned):
;;   rows: float32 [n × dim]; queries: float64 [q × dim]; out: float64 [q × n], out[p·n + i] = query p · row i.
;; dim must be a multiple of 4.
(module
  (memory (export "memory") 1)

  ;; the horizontal sum of a f64x2
  (func $hsum (param $v v128) (result f64)
    (f64.add (f64x2.extract_lane 0 (local.get $v)) (f64x2.extract_lane 1 (local.get $v))))

  ;; one query: out[i] = q · row i
  (func (export "dots1") (param $rows i32) (param $n i32) (param $dim i32) (param $q i32) (param $out i32)
    (local $i i32) (local $k i32) (local $r i32) (local $b v128) (local $a0 v128) (local $a1 v128)
    (local.set $r (local.get $rows))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $a0 (v128.const f64x2 0 0))
      (local.set $a1 (v128.const f64x2 0 0))
      (local.set $k (i32.const 0))
      (block $kdone (loop $kk
        (br_if $kdone (i32.ge_u (local.get $k) (local.get $dim)))
        (local.set $b (v128.load (local.get $r)))
        (local.set $a0 (f64x2.add (local.get $a0)
          (f64x2.mul (f64x2.promote_low_f32x4 (local.get $b))
                     (v128.load (i32.add (local.get $q) (i32.shl (local.get $k) (i32.const 3)))))))
        (local.set $a1 (f64x2.add (local.get $a1)
          (f64x2.mul (f64x2.promote_low_f32x4
                       (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $b) (local.get $b)))
                     (v128.load offset=16 (i32.add (local.get $q) (i32.shl (local.get $k) (i32.const 3)))))))
        (local.set $r (i32.add (local.get $r) (i32.const 16)))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $kk)))
      (f64.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3)))
        (call $hsum (f64x2.add (local.get $a0) (local.get $a1))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $row)))
  )

  ;; four queries at once: each row is read once for all four (the matrix, not the arithmetic, is what costs at
  ;; 100,000 rows); queries at q, q + 8·dim, q + 16·dim, q + 24·dim; out rows at out + p·8n
  (func (export "dots4") (param $rows i32) (param $n i32) (param $dim i32) (param $q i32) (param $out i32)
    (local $i i32) (local $k i32) (local $r i32) (local $qk i32) (local $stride i32)
    (local $lo v128) (local $hi v128) (local $b v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local.set $r (local.get $rows))
    (local.set $stride (i32.shl (local.get $dim) (i32.const 3)))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $a0 (v128.const f64x2 0 0)) (local.set $a1 (v128.const f64x2 0 0))
      (local.set $a2 (v128.const f64x2 0 0)) (local.set $a3 (v128.const f64x2 0 0))
      (local.set $c0 (v128.const f64x2 0 0)) (local.set $c1 (v128.const f64x2 0 0))
      (local.set $c2 (v128.const f64x2 0 0)) (local.set $c3 (v128.const f64x2 0 0))
      (local.set $k (i32.const 0))
      (local.set $qk (local.get $q))
      (block $kdone (loop $kk
        (br_if $kdone (i32.ge_u (local.get $k) (local.get $dim)))
        (local.set $b (v128.load (local.get $r)))
        (local.set $lo (f64x2.promote_low_f32x4 (local.get $b)))
        (local.set $hi (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $b) (local.get $b))))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $lo) (v128.load (local.get $qk)))))
        (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $hi) (v128.load offset=16 (local.get $qk)))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $lo)
          (v128.load (i32.add (local.get $qk) (local.get $stride))))))
        (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $hi)
          (v128.load offset=16 (i32.add (local.get $qk) (local.get $stride))))))
        (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $lo)
          (v128.load (i32.add (local.get $qk) (i32.shl (local.get $stride) (i32.const 1)))))))
        (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $hi)
          (v128.load offset=16 (i32.add (local.get $qk) (i32.shl (local.get $stride) (i32.const 1)))))))
        (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $lo)
          (v128.load (i32.add (local.get $qk) (i32.mul (local.get $stride) (i32.const 3)))))))
        (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (local.get $hi)
          (v128.load offset=16 (i32.add (local.get $qk) (i32.mul (local.get $stride) (i32.const 3)))))))
        (local.set $r (i32.add (local.get $r) (i32.const 16)))
        (local.set $qk (i32.add (local.get $qk) (i32.const 32)))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $kk)))
      (f64.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3)))
        (call $hsum (f64x2.add (local.get $a0) (local.get $c0))))
      (f64.store (i32.add (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3)))
                          (i32.shl (local.get $i) (i32.const 3)))
        (call $hsum (f64x2.add (local.get $a1) (local.get $c1))))
      (f64.store (i32.add (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 4)))
                          (i32.shl (local.get $i) (i32.const 3)))
        (call $hsum (f64x2.add (local.get $a2) (local.get $c2))))
      (f64.store (i32.add (i32.add (local.get $out) (i32.mul (local.get $n) (i32.const 24)))
                          (i32.shl (local.get $i) (i32.const 3)))
        (call $hsum (f64x2.add (local.get $a3) (local.get $c3))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $row)))
  )
)
