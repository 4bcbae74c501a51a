// The XNNPACK backend itself: payload corruption gives an error (never a crash), boundary checks,
// batch change rebuilds the runtime, threads and output-pointer changes give the same results.
#include <cstring>

#include "runtime/core/aligned_buffer.h"
#include "tests/delegate/delegate_test_util.h"

namespace edgeq::testing {
namespace {

// A small conv + relu + global pool graph, lowered; the pieces a backend call needs.
struct LoweredCall {
  DelegateCase c;
  std::vector<uint8_t> payload;
  std::vector<TensorView> declared_inputs, declared_outputs;

  explicit LoweredCall(bool symbolic_batch = false) {
    ir::Value* x = c.input({2, 3, 6, 5}, symbolic_batch);
    Attributes attrs;
    attrs.set("pads", std::vector<int64_t>{1, 1, 1, 1});
    ir::Value* y = c.node(OpType::kConv, {x, c.random_constant({4, 3, 3, 3})}, attrs, false);
    ir::Value* r = c.node(OpType::kRelu, {y}, {}, false);
    c.node(OpType::kGlobalAveragePool, {r});
    c.finish();
    auto lowered = xnnpack::XnnpackLowering().lower(c.graph, whole_graph_partition(c.graph));
    EXPECT_TRUE(lowered.ok()) << lowered.status().to_string();
    if (lowered.ok()) payload = lowered->payload;
    for (const ir::Value* v : c.graph.inputs())
      declared_inputs.emplace_back(v->dtype(), v->shape());
    for (const ir::Value* v : c.graph.outputs()) {
      declared_outputs.emplace_back(v->dtype(), v->shape());
    }
  }

  runtime::BackendInitArgs args(const std::vector<uint8_t>& bytes, int threads = 1) const {
    runtime::BackendInitArgs a;
    a.payload = Span<const uint8_t>(bytes);
    a.inputs = declared_inputs;
    a.outputs = declared_outputs;
    a.num_threads = threads;
    a.name = "call";
    return a;
  }
};

TEST(XnnpackBackendTest, TruncatedPayloadIsAnError) {
  LoweredCall call;
  xnnpack::XnnpackBackend backend;
  for (size_t size : {size_t{0}, size_t{7}, call.payload.size() / 2, call.payload.size() - 1}) {
    std::vector<uint8_t> cut(call.payload.begin(), call.payload.begin() + size);
    auto handle = backend.init(call.args(cut));
    ASSERT_FALSE(handle.ok()) << "size " << size;
    EXPECT_EQ(handle.status().code(), StatusCode::kDataLoss) << handle.status().to_string();
  }
}

TEST(XnnpackBackendTest, BitFlipsNeverCrash) {
  LoweredCall call;
  xnnpack::XnnpackBackend backend;
  int rejected = 0;
  for (size_t byte = 0; byte < call.payload.size(); ++byte) {
    std::vector<uint8_t> damaged = call.payload;
    damaged[byte] ^= static_cast<uint8_t>(1u << (byte % 8));
    auto handle = backend.init(call.args(damaged));
    if (!handle.ok()) {
      ++rejected;
      EXPECT_FALSE(handle.status().message().empty());
      continue;
    }
    backend.destroy(*handle);  // a flip in weight bytes is still a valid payload
  }
  EXPECT_GT(rejected, 0);
}

TEST(XnnpackBackendTest, WrongIdentifierNamesThePayloadKind) {
  LoweredCall call;
  std::vector<uint8_t> other = call.payload;
  std::memcpy(other.data() + 4, "ABCD", 4);
  auto handle = xnnpack::XnnpackBackend().init(call.args(other));
  ASSERT_FALSE(handle.ok());
  EXPECT_NE(handle.status().message().find("EQXN"), std::string::npos);
}

TEST(XnnpackBackendTest, DeclaredShapeMismatchIsAnError) {
  LoweredCall call;
  call.declared_inputs[0].shape = Shape{2, 3, 6, 6};
  auto handle = xnnpack::XnnpackBackend().init(call.args(call.payload));
  ASSERT_FALSE(handle.ok());
  EXPECT_NE(handle.status().message().find("input 0"), std::string::npos)
      << handle.status().to_string();
}

// Runs `call` on `backend` for `input`, writing into `output`.
void run(xnnpack::XnnpackBackend& backend, runtime::DelegateHandle* handle, const TestTensor& input,
         TestTensor* output) {
  TensorView in = input.view();
  TensorView out(output->dtype, output->shape, static_cast<void*>(output->bytes.data()));
  Status status =
      backend.execute(handle, Span<const TensorView>(&in, 1), Span<const TensorView>(&out, 1));
  ASSERT_TRUE(status.ok()) << status.to_string();
}

TEST(XnnpackBackendTest, ThreadsAndOutputPointerChangesGiveTheSameResult) {
  LoweredCall call;
  const std::vector<TestTensor> expected = run_portable(call.c.graph, call.c.feeds);
  for (int threads : {1, 2}) {
    xnnpack::XnnpackBackend backend;
    auto handle = backend.init(call.args(call.payload, threads));
    ASSERT_TRUE(handle.ok()) << handle.status().to_string();
    for (int round = 0; round < 2; ++round) {
      TestTensor output = expected[0];  // a fresh buffer each round: re-setup
      std::fill(output.bytes.begin(), output.bytes.end(), 0);
      run(backend, *handle, call.c.feeds[0], &output);
      expect_near(output.values<float>(), expected[0].values<float>());
    }
    backend.destroy(*handle);
  }
}

TEST(XnnpackBackendTest, PayloadAtAMisalignedAddressIsReadFromACopy) {
  LoweredCall call;
  const std::vector<TestTensor> expected = run_portable(call.c.graph, call.c.feeds);
  // The same bytes 4 bytes past a 16-byte boundary (the int64 params and constants misaligned).
  AlignedBuffer storage(call.payload.size() + 4);
  std::memcpy(storage.data() + 4, call.payload.data(), call.payload.size());
  runtime::BackendInitArgs args = call.args(call.payload);
  args.payload = Span<const uint8_t>(storage.data() + 4, call.payload.size());
  xnnpack::XnnpackBackend backend;
  auto handle = backend.init(args);
  ASSERT_TRUE(handle.ok()) << handle.status().to_string();
  TestTensor output = expected[0];
  std::fill(output.bytes.begin(), output.bytes.end(), 0);
  run(backend, *handle, call.c.feeds[0], &output);
  expect_near(output.values<float>(), expected[0].values<float>());
  backend.destroy(*handle);
}

TEST(XnnpackBackendTest, NewBatchRebuildsTheRuntime) {
  LoweredCall call(/*symbolic_batch=*/true);
  xnnpack::XnnpackBackend backend;
  auto handle = backend.init(call.args(call.payload));
  ASSERT_TRUE(handle.ok()) << handle.status().to_string();
  for (int64_t batch : {3, 1, 2}) {
    TestTensor input = make_tensor(Shape{batch, 3, 6, 5}, random_floats(batch * 90, 5));
    TensorView in = input.view();
    auto shapes = backend.output_shapes(*handle, Span<const TensorView>(&in, 1),
                                        call.declared_inputs, call.declared_outputs);
    ASSERT_TRUE(shapes.ok()) << shapes.status().to_string();
    EXPECT_EQ((*shapes)[0], (Shape{batch, 4, 1, 1}));
    const std::vector<TestTensor> expected = run_portable(call.c.graph, {input});
    TestTensor output = expected[0];
    std::fill(output.bytes.begin(), output.bytes.end(), 0);
    run(backend, *handle, input, &output);
    expect_near(output.values<float>(), expected[0].values<float>());
  }
  backend.destroy(*handle);
}

TEST(XnnpackBackendTest, RegistersOnceUnderItsName) {
  ASSERT_TRUE(xnnpack::register_xnnpack_backend().ok());
  ASSERT_TRUE(xnnpack::register_xnnpack_backend().ok());
  EXPECT_NE(runtime::get_backend("xnnpack"), nullptr);
}

}  // namespace
}  // namespace edgeq::testing
