// The annotation API: specs, the per-node records, the pattern registry and matcher, and how a
// QdqPlan resolves shared, derived and fixed specs.
#include <gtest/gtest.h>

#include "quantizer/pattern_registry.h"
#include "quantizer/patterns/pattern_helpers.h"
#include "quantizer/qdq_plan.h"
#include "quantizer/quantization_spec.h"
#include "tests/quantizer/quantizer_test_util.h"

namespace edgeq::quantizer {
namespace {

using testing::GraphBuilder;

TEST(QuantizationSpecTest, FactoriesValidateAndBadSpecsNameWhere) {
  for (const QuantizationSpec& spec :
       {QuantizationSpec::int8_activation(), QuantizationSpec::uint8_activation(),
        QuantizationSpec::int16_activation(), QuantizationSpec::dynamic_int8_activation(true),
        QuantizationSpec::int8_weight(true), QuantizationSpec::int4_weight_grouped(32),
        QuantizationSpec::fp16_weight()}) {
    EXPECT_TRUE(spec.validate("spec").ok()) << spec.to_string();
  }
  QuantizationSpec wide = QuantizationSpec::int8_activation();
  wide.quant_max = 300;
  Status status = wide.validate("input of 'conv'");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("input of 'conv'"), std::string::npos);
  QuantizationSpec group = QuantizationSpec::int4_weight_grouped(0);
  EXPECT_FALSE(group.validate("w").ok());
  QuantizationSpec token = QuantizationSpec::dynamic_int8_activation(true);
  token.is_dynamic = false;
  EXPECT_FALSE(token.validate("x").ok());
  EXPECT_EQ(QuantizationSpec::int8_weight(true).to_string(),
            "i8 per_channel_symmetric [-127, 127] per_channel_minmax");
}

TEST(AnnotationsTest, ClaimIsExclusivePerPattern) {
  Annotations a;
  auto first = a.claim("conv", "conv_relu", 3, 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((*first)->inputs.size(), 3u);
  (*first)->inputs[1] = QuantizationSpec::int8_weight(true);
  EXPECT_TRUE(a.claim("conv", "conv_relu", 3, 1).ok());  // same pattern: same record
  auto other = a.claim("conv", "conv", 3, 1);
  EXPECT_EQ(other.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(other.status().message().find("conv_relu"), std::string::npos);
  EXPECT_NE(a.spec(EdgeRef::input("conv", 1)), nullptr);
  EXPECT_EQ(a.spec(EdgeRef::input("conv", 0)), nullptr);
  EXPECT_EQ(a.spec(EdgeRef::input("conv", 7)), nullptr);
  EXPECT_EQ(a.spec(EdgeRef::output("missing", 0)), nullptr);
  EXPECT_NE(a.to_string().find("conv [conv_relu] in1=Quant(i8 per_channel"), std::string::npos)
      << a.to_string();
}

Pattern marker(const std::string& name, std::vector<std::vector<OpType>> steps) {
  Pattern p;
  p.name = name;
  for (auto& ops : steps) p.chain.push_back({ops, nullptr, -1});
  p.annotate = [name](const PatternMatch& m, AnnotationContext& ctx) -> Result<bool> {
    EDGEQ_RETURN_IF_ERROR(claim_match(m, name, ctx));
    return true;
  };
  return p;
}

TEST(PatternRegistryTest, RejectsBadPatternsAndOrdersLongestFirst) {
  PatternRegistry registry;
  EXPECT_FALSE(registry.add(Pattern{}).ok());
  Pattern no_fn = marker("x", {{OpType::kRelu}});
  no_fn.annotate = nullptr;
  EXPECT_FALSE(registry.add(no_fn).ok());
  EXPECT_FALSE(registry.add(marker("empty_step", {{}})).ok());
  ASSERT_TRUE(registry.add(marker("single", {{OpType::kAdd}})).ok());
  ASSERT_TRUE(registry.add(marker("pair", {{OpType::kAdd}, {OpType::kRelu}})).ok());
  Status dup = registry.add(marker("single", {{OpType::kMul}}));
  EXPECT_EQ(dup.code(), StatusCode::kInvalidArgument);
  ASSERT_EQ(registry.patterns().size(), 2u);
  EXPECT_EQ(registry.patterns()[0].name, "pair");
  EXPECT_TRUE(registry.remove("pair").ok());
  EXPECT_EQ(registry.remove("pair").code(), StatusCode::kNotFound);
}

TEST(PatternRegistryTest, ChainsNeedSingleUseIntermediatesAndScope) {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{4});
  ir::Value* a1 = b.op(OpType::kAdd, "a1", {x, x});
  b.output(b.op(OpType::kRelu, "r1", {a1}));
  ir::Value* a2 = b.op(OpType::kAdd, "a2", {x, x});
  b.output(b.op(OpType::kRelu, "r2", {a2}));
  b.output(a2);  // a2 is a graph output: no fusion with r2
  ir::Value* a3 = b.op(OpType::kAdd, "a3", {x, x});
  b.output(b.op(OpType::kRelu, "r3", {a3}));
  ir::Graph graph = b.finish();
  PatternRegistry registry;
  ASSERT_TRUE(registry.add(marker("single", {{OpType::kAdd}})).ok());
  ASSERT_TRUE(registry.add(marker("pair", {{OpType::kAdd}, {OpType::kRelu}})).ok());
  QuantizationConfig config;
  auto a = annotate_with_patterns(graph, registry, [&](const ir::Node& node) {
    return node.name() == "r3" ? nullptr : &config;  // r3 out of scope
  });
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  EXPECT_EQ(a->find("a1")->pattern, "pair");
  EXPECT_EQ(a->find("r1")->pattern, "pair");
  EXPECT_EQ(a->find("a2")->pattern, "single");
  EXPECT_FALSE(a->is_claimed("r2"));
  EXPECT_EQ(a->find("a3")->pattern, "single");
  EXPECT_FALSE(a->is_claimed("r3"));
}

TEST(PatternRegistryTest, AnnotationErrorsNameThePatternAndNode) {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{4});
  b.output(b.op(OpType::kRelu, "r", {x}));
  ir::Graph graph = b.finish();
  PatternRegistry registry;
  Pattern failing = marker("failing", {{OpType::kRelu}});
  failing.annotate = [](const PatternMatch&, AnnotationContext&) -> Result<bool> {
    return invalid_argument("boom");
  };
  ASSERT_TRUE(registry.add(failing).ok());
  QuantizationConfig config;
  auto a = annotate_with_patterns(graph, registry, [&](const ir::Node&) { return &config; });
  EXPECT_EQ(a.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(a.status().message().find("failing"), std::string::npos);
  EXPECT_NE(a.status().message().find("Relu 'r'"), std::string::npos);
}

// x -> sigmoid -> s;  x -> relu -> r;  concat(s, r, c) -> y   (c a constant)
struct PlanGraph {
  ir::Graph graph;
  Annotations annotations;
};

PlanGraph plan_graph() {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{1, 4});
  ir::Value* s = b.op(OpType::kSigmoid, "sigmoid", {x});
  ir::Value* r = b.op(OpType::kRelu, "relu", {x});
  ir::Value* c = b.weight("c", Shape{1, 4}, 9);
  b.output(b.op(OpType::kConcat, "cat", {s, r, c}, testing::int_attr("axis", 1)));
  PlanGraph pg{b.finish(), Annotations()};
  Annotations& a = pg.annotations;
  NodeAnnotation* sig = *a.claim("sigmoid", "t", 1, 1);
  sig->inputs[0] = QuantizationSpec::int8_activation();
  sig->outputs[0] = FixedSpec::unit_interval_int8();
  NodeAnnotation* relu = *a.claim("relu", "t", 1, 1);
  relu->outputs[0] = QuantizationSpec::uint8_activation();
  NodeAnnotation* cat = *a.claim("cat", "t", 3, 1);
  for (int i = 0; i < 3; ++i) cat->inputs[i] = SharedSpec{EdgeRef::output("cat", 0)};
  cat->outputs[0] = QuantizationSpec::int8_activation();
  return pg;
}

TEST(QdqPlanTest, SharedSpecsFormOneGroupAndFixedWins) {
  PlanGraph pg = plan_graph();
  auto plan = build_qdq_plan(pg.graph, pg.annotations, true);
  ASSERT_TRUE(plan.ok()) << plan.status().to_string();
  const ActivationGroup* group = plan->group_of("cat");
  ASSERT_NE(group, nullptr);
  EXPECT_EQ(plan->group_of("sigmoid"), group);
  EXPECT_EQ(plan->group_of("relu"), group);
  EXPECT_EQ(plan->group_of("c"), group);  // the constant input joins the concat's group
  ASSERT_TRUE(std::holds_alternative<FixedSpec>(group->spec));
  EXPECT_EQ(plan->group_of("x")->values, std::vector<std::string>{"x"});
  EXPECT_TRUE(plan->producer_quantized.count("relu"));
  EXPECT_FALSE(plan->producer_quantized.count("x"));
  EXPECT_TRUE(plan->static_edges.count({"sigmoid", 0}));
  ASSERT_EQ(plan->constant_edges.size(), 1u);
  EXPECT_EQ(plan->constant_edges[0].value, "c");
}

TEST(QdqPlanTest, DerivedSpecNeedsAConstantAndSharingNeedsASpec) {
  PlanGraph pg = plan_graph();
  pg.annotations.find_mutable("relu")->inputs[0] =
      DerivedSpec{{EdgeRef::input("relu", 0), EdgeRef::input("sigmoid", 0)}};
  auto derived = build_qdq_plan(pg.graph, pg.annotations, true);
  EXPECT_EQ(derived.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(derived.status().message().find("input 0 of 'relu'"), std::string::npos)
      << derived.status().message();

  PlanGraph lonely = plan_graph();
  lonely.annotations.find_mutable("cat")->outputs[0].reset();
  lonely.annotations.find_mutable("sigmoid")->outputs[0].reset();
  lonely.annotations.find_mutable("relu")->outputs[0].reset();
  auto strict = build_qdq_plan(lonely.graph, lonely.annotations, true);
  EXPECT_EQ(strict.status().code(), StatusCode::kInvalidArgument);
  auto relaxed = build_qdq_plan(lonely.graph, lonely.annotations, false);
  ASSERT_TRUE(relaxed.ok());
  EXPECT_EQ(relaxed->group_of("cat"), nullptr);  // nothing to share: stays float
  EXPECT_FALSE(relaxed->static_edges.count({"cat", 0}));
  EXPECT_TRUE(relaxed->constant_edges.empty());
}

TEST(QdqPlanTest, RejectsSpecsOnBadEdges) {
  PlanGraph pg = plan_graph();
  pg.annotations.find_mutable("cat")->inputs[0] = SharedSpec{EdgeRef::output("nowhere", 0)};
  auto missing = build_qdq_plan(pg.graph, pg.annotations, true);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("nowhere"), std::string::npos);

  PlanGraph per_channel = plan_graph();
  per_channel.annotations.find_mutable("relu")->outputs[0] = QuantizationSpec::int8_weight(true);
  auto activation = build_qdq_plan(per_channel.graph, per_channel.annotations, true);
  EXPECT_FALSE(activation.ok());
  EXPECT_NE(activation.status().message().find("output 0 of 'relu'"), std::string::npos);

  PlanGraph stray = plan_graph();
  ASSERT_TRUE(stray.annotations.claim("ghost", "t", 1, 1).ok());
  EXPECT_FALSE(build_qdq_plan(stray.graph, stray.annotations, true).ok());
}

}  // namespace
}  // namespace edgeq::quantizer
