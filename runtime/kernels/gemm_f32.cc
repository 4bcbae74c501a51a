#include "runtime/kernels/gemm_f32.h"

#include <algorithm>

namespace edgeq::runtime {
namespace {

// Register block of the micro-kernel (rows of A x columns of B) and the cache blocks: a KC x NR
// strip of B stays in L1, an MC x KC block of A in L2, a KC x NC panel of B in L3.
constexpr int64_t kMr = 4;
constexpr int64_t kNr = 16;
constexpr int64_t kKc = 256;
constexpr int64_t kMc = 32 * kMr;
constexpr int64_t kNc = 4096;

int64_t round_up(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

float element(const GemmOperand& x, int64_t row, int64_t col) {
  return x.transposed ? x.data[col * x.stride + row] : x.data[row * x.stride + col];
}

// Packs rows [row0, row0 + rows) x depth [k0, k0 + kc) of op(A) into strips of kMr rows: strip s
// holds kc groups of kMr values (one per row, zero past the last row).
void pack_a_block(const GemmOperand& a, int64_t row0, int64_t rows, int64_t k0, int64_t kc,
                  float* dest) {
  for (int64_t s = 0; s < rows; s += kMr) {
    const int64_t valid = std::min(kMr, rows - s);
    for (int64_t p = 0; p < kc; ++p) {
      for (int64_t i = 0; i < valid; ++i) dest[i] = element(a, row0 + s + i, k0 + p);
      for (int64_t i = valid; i < kMr; ++i) dest[i] = 0.f;
      dest += kMr;
    }
  }
}

// Packs depth [k0, k0 + kc) x columns [col0, col0 + cols) of op(B) into strips of kNr columns.
void pack_b_block(const GemmOperand& b, int64_t k0, int64_t kc, int64_t col0, int64_t cols,
                  float* dest) {
  for (int64_t t = 0; t < cols; t += kNr) {
    const int64_t valid = std::min(kNr, cols - t);
    for (int64_t p = 0; p < kc; ++p) {
      if (!b.transposed && valid == kNr) {
        std::copy_n(b.data + (k0 + p) * b.stride + col0 + t, kNr, dest);
      } else {
        for (int64_t j = 0; j < valid; ++j) dest[j] = element(b, k0 + p, col0 + t + j);
        for (int64_t j = valid; j < kNr; ++j) dest[j] = 0.f;
      }
      dest += kNr;
    }
  }
}

// On x86-64 Linux with GCC the micro-kernel is also compiled for x86-64-v3 (AVX2) and picked at
// load time by the CPU it runs on (an ifunc); the baseline clone runs on any x86-64. Both clones
// do the same multiplies and adds in the same order, so results do not depend on the CPU.
// ThreadSanitizer builds keep the baseline only: the ifunc resolver runs while the program is
// being relocated, before the sanitizer's runtime exists, and its instrumentation crashes there.
#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_THREAD__)
#define EDGEQ_GEMM_TARGET_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define EDGEQ_GEMM_TARGET_CLONES
#endif

// acc (kMr x kNr) = sum over p of a[p] (a kMr column) times b[p] (a kNr row). Fixed trip counts
// over contiguous data, fully unrolled: the compiler keeps `sum` in vector registers.
EDGEQ_GEMM_TARGET_CLONES void micro_kernel(int64_t kc, const float* __restrict a,
                                           const float* __restrict b, float* __restrict acc) {
  float sum[kMr][kNr] = {};
  for (int64_t p = 0; p < kc; ++p) {
#pragma GCC unroll 16
    for (int64_t i = 0; i < kMr; ++i) {
      const float ai = a[i];
#pragma GCC unroll 16
      for (int64_t j = 0; j < kNr; ++j) sum[i][j] += ai * b[j];
    }
    a += kMr;
    b += kNr;
  }
  for (int64_t i = 0; i < kMr; ++i) {
    for (int64_t j = 0; j < kNr; ++j) acc[i * kNr + j] = sum[i][j];
  }
}

// Writes a rows x cols corner of a micro-tile to C: the first depth block applies beta, later
// ones accumulate.
void store_tile(const float* acc, int64_t rows, int64_t cols, float alpha, float beta,
                bool first_block, float* c, int64_t ldc) {
  for (int64_t i = 0; i < rows; ++i) {
    float* row = c + i * ldc;
    const float* src = acc + i * kNr;
    if (!first_block) {
      for (int64_t j = 0; j < cols; ++j) row[j] += alpha * src[j];
    } else if (beta == 0.f) {
      for (int64_t j = 0; j < cols; ++j) row[j] = alpha * src[j];
    } else {
      for (int64_t j = 0; j < cols; ++j) row[j] = alpha * src[j] + beta * row[j];
    }
  }
}

}  // namespace

size_t packed_gemm_a_floats(int64_t m, int64_t k) {
  return static_cast<size_t>(round_up(m, kMr) * k);
}

size_t packed_gemm_b_floats(int64_t k, int64_t n) {
  return static_cast<size_t>(round_up(n, kNr) * k);
}

// Whole-matrix packing is the block packing applied to each depth block in turn, so the block
// for depth k0 starts at k0 * round_up(rows or cols).
void pack_gemm_a(const GemmOperand& a, int64_t m, int64_t k, float* packed) {
  const int64_t m_pad = round_up(m, kMr);
  for (int64_t k0 = 0; k0 < k; k0 += kKc) {
    pack_a_block(a, 0, m, k0, std::min(kKc, k - k0), packed + k0 * m_pad);
  }
}

void pack_gemm_b(const GemmOperand& b, int64_t k, int64_t n, float* packed) {
  const int64_t n_pad = round_up(n, kNr);
  for (int64_t k0 = 0; k0 < k; k0 += kKc) {
    pack_b_block(b, k0, std::min(kKc, k - k0), 0, n, packed + k0 * n_pad);
  }
}

size_t gemm_f32_scratch_floats(int64_t m, int64_t n, int64_t k) {
  const int64_t kc = std::min(kKc, k);
  const int64_t a_block = round_up(std::min(kMc, m), kMr) * kc;
  const int64_t b_block = round_up(std::min(kNc, n), kNr) * kc;
  return static_cast<size_t>(a_block + b_block + kMr * kNr);
}

void gemm_f32(int64_t m, int64_t n, int64_t k, float alpha, const GemmOperand& a,
              const GemmOperand& b, float beta, float* c, int64_t ldc, float* scratch) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {  // op(A) * op(B) is all zeros
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) c[i * ldc + j] = beta == 0.f ? 0.f : beta * c[i * ldc + j];
    }
    return;
  }
  const int64_t m_pad = round_up(m, kMr);
  const int64_t n_pad = round_up(n, kNr);
  const int64_t kc_max = std::min(kKc, k);
  float* a_scratch = scratch;
  float* b_scratch = a_scratch + round_up(std::min(kMc, m), kMr) * kc_max;
  float* acc = b_scratch + round_up(std::min(kNc, n), kNr) * kc_max;

  for (int64_t j0 = 0; j0 < n; j0 += kNc) {
    const int64_t nc = std::min(kNc, n - j0);
    for (int64_t k0 = 0; k0 < k; k0 += kKc) {
      const int64_t kc = std::min(kKc, k - k0);
      const float* b_panel = b.packed ? b.data + k0 * n_pad + j0 * kc : b_scratch;
      if (!b.packed) pack_b_block(b, k0, kc, j0, nc, b_scratch);
      for (int64_t i0 = 0; i0 < m; i0 += kMc) {
        const int64_t mc = std::min(kMc, m - i0);
        const float* a_block = a.packed ? a.data + k0 * m_pad + i0 * kc : a_scratch;
        if (!a.packed) pack_a_block(a, i0, mc, k0, kc, a_scratch);
        for (int64_t jr = 0; jr < nc; jr += kNr) {
          const float* b_strip = b_panel + jr * kc;
          for (int64_t ir = 0; ir < mc; ir += kMr) {
            micro_kernel(kc, a_block + ir * kc, b_strip, acc);
            store_tile(acc, std::min(kMr, mc - ir), std::min(kNr, nc - jr), alpha, beta, k0 == 0,
                       c + (i0 + ir) * ldc + j0 + jr, ldc);
          }
        }
      }
    }
  }
}

}  // namespace edgeq::runtime
