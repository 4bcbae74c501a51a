// The runtime side of the deconvolution, pad, resize and depth-to-space define functions: a lowered
// payload whose node params are changed so they disagree with the values' dims (or break an
// XNNPACK limit) is an init error naming the node, never a crash or a wrong-sized output.
#include "delegate/xnnpack/aot/payload_builder.h"
#include "tests/delegate/delegate_test_util.h"

namespace edgeq::testing {
namespace {

namespace schema = xnnpack::schema;

// A graph with one node of interest (the graph's last node), lowered as one partition.
struct LoweredGraph {
  DelegateCase c;
  std::vector<uint8_t> payload;

  void lower() {
    c.finish();
    auto lowered = xnnpack::XnnpackLowering().lower(c.graph, whole_graph_partition(c.graph));
    ASSERT_TRUE(lowered.ok()) << lowered.status().to_string();
    payload = lowered->payload;
  }

  // `payload` rebuilt with `edit` applied to its last node.
  template <typename Edit>
  std::vector<uint8_t> with_last_node(Edit edit) const {
    const schema::Payload* p = schema::GetPayload(payload.data());
    xnnpack::PayloadBuilder builder;
    for (const schema::Constant* constant : *p->constants()) {
      builder.add_constant(
          std::vector<uint8_t>(constant->data()->begin(), constant->data()->end()));
    }
    for (const schema::Value* value : *p->values()) {
      xnnpack::PayloadValue copy;
      copy.dims.assign(value->dims()->begin(), value->dims()->end());
      copy.constant = value->constant();
      copy.input = value->input();
      copy.output = value->output();
      copy.batch_scaled = value->batch_scaled();
      builder.add_value(std::move(copy));
    }
    for (size_t i = 0; i < p->nodes()->size(); ++i) {
      const schema::Node* node = p->nodes()->Get(i);
      xnnpack::PayloadNode copy;
      copy.kind = node->kind();
      copy.inputs.assign(node->inputs()->begin(), node->inputs()->end());
      copy.outputs.assign(node->outputs()->begin(), node->outputs()->end());
      if (node->int_params() != nullptr) {
        copy.int_params.assign(node->int_params()->begin(), node->int_params()->end());
      }
      if (node->float_params() != nullptr) {
        copy.float_params.assign(node->float_params()->begin(), node->float_params()->end());
      }
      copy.flags = node->flags();
      copy.name = node->name() == nullptr ? "" : node->name()->str();
      if (i + 1 == p->nodes()->size()) edit(copy);
      builder.add_node(std::move(copy));
    }
    for (const schema::Boundary* b : *p->inputs()) builder.add_input(b->value(), b->layout());
    for (const schema::Boundary* b : *p->outputs()) builder.add_output(b->value(), b->layout());
    return builder.finish();
  }

  Status init(const std::vector<uint8_t>& bytes) const {
    std::vector<TensorView> inputs, outputs;
    for (const ir::Value* v : c.graph.inputs()) inputs.emplace_back(v->dtype(), v->shape());
    for (const ir::Value* v : c.graph.outputs()) outputs.emplace_back(v->dtype(), v->shape());
    runtime::BackendInitArgs args;
    args.payload = Span<const uint8_t>(bytes);
    args.inputs = inputs;
    args.outputs = outputs;
    args.num_threads = 1;
    args.name = "call";
    xnnpack::XnnpackBackend backend;
    auto handle = backend.init(args);
    if (!handle.ok()) return handle.status();
    backend.destroy(*handle);
    return Status::Ok();
  }

  // The unedited payload initialises; each int param plus one is an error naming the node kind.
  void expect_every_int_param_checked(const char* kind_name) const {
    ASSERT_TRUE(init(payload).ok()) << init(payload).to_string();
    const schema::Payload* p = schema::GetPayload(payload.data());
    const size_t count = p->nodes()->Get(p->nodes()->size() - 1)->int_params()->size();
    for (size_t i = 0; i < count; ++i) {
      Status status = init(with_last_node([i](xnnpack::PayloadNode& n) { n.int_params[i] += 1; }));
      EXPECT_FALSE(status.ok()) << kind_name << " int param " << i;
      EXPECT_NE(status.message().find(kind_name), std::string::npos) << status.to_string();
    }
    Status missing = init(with_last_node([](xnnpack::PayloadNode& n) { n.int_params.pop_back(); }));
    EXPECT_NE(missing.message().find("int params"), std::string::npos) << missing.to_string();
  }
};

TEST(XnnpackSpatialPayloadTest, DeconvolutionParamsMustMatchTheDims) {
  LoweredGraph g;
  Attributes attrs;
  attrs.set("strides", std::vector<int64_t>{2, 2});
  attrs.set("pads", std::vector<int64_t>{1, 0, 1, 0});
  attrs.set("group", int64_t{2});
  g.c.node(OpType::kConvTranspose, {g.c.input({1, 4, 3, 4}), g.c.random_constant({4, 3, 3, 3})},
           attrs);
  g.lower();
  g.expect_every_int_param_checked("Deconvolution2d");
  Status big_adjustment = g.init(g.with_last_node([](xnnpack::PayloadNode& n) {
    n.int_params[10] = 2;  // adjustment_h == stride_h
    n.int_params[0] += 2;  // pad_top keeps the output size
  }));
  EXPECT_NE(big_adjustment.message().find("adjustment"), std::string::npos)
      << big_adjustment.to_string();
}

TEST(XnnpackSpatialPayloadTest, PadParamsMustMatchTheDims) {
  LoweredGraph g;
  g.c.node(OpType::kPad,
           {g.c.input({1, 2, 3, 4}), g.c.constant_i64({8}, {0, 1, 0, 2, 0, 0, 1, 1})});
  g.lower();
  g.expect_every_int_param_checked("StaticConstantPad");
}

TEST(XnnpackSpatialPayloadTest, ResizeParamsAndFlags) {
  LoweredGraph g;
  Attributes attrs;
  attrs.set("mode", std::string("linear"));
  g.c.node(OpType::kResize,
           {g.c.input({1, 2, 3, 4}), nullptr, nullptr, g.c.constant_i64({4}, {1, 2, 5, 7})}, attrs);
  g.lower();
  g.expect_every_int_param_checked("StaticResizeBilinear2d");
  Status both = g.init(g.with_last_node([](xnnpack::PayloadNode& n) { n.flags = 0x4 | 0x8; }));
  EXPECT_NE(both.message().find("both"), std::string::npos) << both.to_string();
  Status other = g.init(g.with_last_node([](xnnpack::PayloadNode& n) { n.flags = 0x1; }));
  EXPECT_NE(other.message().find("unsupported flags"), std::string::npos) << other.to_string();
}

TEST(XnnpackSpatialPayloadTest, DepthToSpaceBlockMustMatchTheDims) {
  LoweredGraph g;
  Attributes attrs;
  attrs.set("blocksize", int64_t{2});
  g.c.node(OpType::kDepthToSpace, {g.c.input({1, 8, 2, 3})}, attrs);
  g.lower();
  g.expect_every_int_param_checked("DepthToSpace");
  Status one = g.init(g.with_last_node([](xnnpack::PayloadNode& n) { n.int_params[0] = 1; }));
  EXPECT_NE(one.message().find("at least 2"), std::string::npos) << one.to_string();
}

}  // namespace
}  // namespace edgeq::testing
