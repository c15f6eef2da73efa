#include "store/graph_blob.h"

#include <gtest/gtest.h>

#include <string>

#include "mosaic/docgraph.h"
#include "store/test_graphs.h"

namespace mosaic::store {
namespace {

std::string SampleJson() {
  // A real DocGraph's JSON: the sample world's first document, as the store writes it.
  auto world = testing::SampleWorld();
  return ToJson(world.at(0), JsonOptions{});
}

TEST(GraphBlobTest, PacksSmallerAndUnpacksExactly) {
  const std::string json = SampleJson();
  ASSERT_FALSE(json.empty());
  ASSERT_EQ(json.front(), '{');
  GraphPacker packer;
  std::string packed = packer.Pack(json);
  EXPECT_TRUE(IsPackedGraph(packed));
  EXPECT_FALSE(IsPackedGraph(json));
  auto back = UnpackGraph(packed);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, json);
  // The same packer serves many documents.
  std::string big;
  for (int i = 0; i < 50; ++i) big += json;
  std::string packed_big = packer.Pack(big);
  EXPECT_LT(packed_big.size() * 4, big.size());
  auto big_back = UnpackGraph(packed_big);
  ASSERT_TRUE(big_back.ok());
  EXPECT_EQ(*big_back, big);
}

TEST(GraphBlobTest, JsonTextFromOlderStoresPassesThrough) {
  const std::string json = SampleJson();
  auto r = UnpackGraph(json);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, json);
  auto empty = UnpackGraph("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
}

TEST(GraphBlobTest, DamagedFramesAreCorruptionNotCrashes) {
  GraphPacker packer;
  std::string packed = packer.Pack(SampleJson());
  ASSERT_GT(packed.size(), 12u);
  std::string truncated = packed.substr(0, packed.size() / 2);
  auto a = UnpackGraph(truncated);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), StatusCode::kCorruption);
  std::string flipped = packed;
  for (size_t i = 8; i < flipped.size(); ++i) flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
  auto b = UnpackGraph(flipped);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kCorruption);
  // Only the magic number: no frame header at all.
  auto c = UnpackGraph(packed.substr(0, 4));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace mosaic::store
