// The one f32 matrix multiply of the portable kernels: C = alpha * op(A) * op(B) + beta * C, all
// row-major, single threaded. Cache blocked (BLIS-style loop nest): panels of op(A) and op(B) are
// packed into contiguous strips and a register-blocked micro-kernel, written in plain C++ that the
// compiler vectorises, runs over them. Conv, ConvTranspose, Gemm and MatMul all call it.
//
// An operand that never changes (constant weights) can be packed once with pack_gemm_a/pack_gemm_b
// and passed as GemmOperand::packed; the multiply then packs only the other operand. Scratch memory
// is supplied by the caller (gemm_f32_scratch_floats), so a multiply never allocates.
#pragma once

#include <cstddef>
#include <cstdint>

namespace edgeq::runtime {

// One operand of a multiply. `data` is either a row-major matrix (element (r, c) of op(X) is
// data[r * stride + c], or data[c * stride + r] when transposed) or, when `packed` is set, the
// output of pack_gemm_a / pack_gemm_b for the same dimensions.
struct GemmOperand {
  const float* data = nullptr;
  int64_t stride = 0;
  bool transposed = false;
  bool packed = false;

  static GemmOperand matrix(const float* data, int64_t stride, bool transposed = false) {
    return GemmOperand{data, stride, transposed, false};
  }
  static GemmOperand prepacked(const float* data) { return GemmOperand{data, 0, false, true}; }
};

// Floats needed to hold op(A) (m x k) or op(B) (k x n) in packed form.
size_t packed_gemm_a_floats(int64_t m, int64_t k);
size_t packed_gemm_b_floats(int64_t k, int64_t n);
// Packs all of op(A) (m x k) / op(B) (k x n); `a` / `b` must not be packed already.
void pack_gemm_a(const GemmOperand& a, int64_t m, int64_t k, float* packed);
void pack_gemm_b(const GemmOperand& b, int64_t k, int64_t n, float* packed);

// Floats of scratch gemm_f32 needs for these dimensions (enough whether or not operands are
// packed).
size_t gemm_f32_scratch_floats(int64_t m, int64_t n, int64_t k);

// C (m x n, row stride ldc) = alpha * op(A) * op(B) + beta * C. With beta == 0, C is not read (it
// may hold garbage). `scratch` holds gemm_f32_scratch_floats(m, n, k) floats, 64-byte aligned
// for speed (any alignment is correct).
void gemm_f32(int64_t m, int64_t n, int64_t k, float alpha, const GemmOperand& a,
              const GemmOperand& b, float beta, float* c, int64_t ldc, float* scratch);

}  // namespace edgeq::runtime
