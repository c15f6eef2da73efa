#include "util/ordered_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>
#include <vector>

namespace mosaic {
namespace {

using std::chrono::microseconds;

// Items come out in input order whatever order the workers finish them in.
TEST(OrderedMapTest, ConsumesInInputOrder) {
  for (int threads : {1, 2, 4}) {
    for (bool overlap : {false, true}) {
      int next = 0;
      std::vector<int> seen;
      OrderedMap<int, int>(
          threads, 8,
          [&](int* in) {
            if (next == 200) return false;
            *in = next++;
            return true;
          },
          [](int& in) {
            std::this_thread::sleep_for(microseconds((in * 7919) % 13 * 50));
            return in * 2;
          },
          [&](int& in, int& out) {
            EXPECT_EQ(out, in * 2);
            seen.push_back(in);
          },
          overlap);
      ASSERT_EQ(seen.size(), 200u) << threads << " threads, overlap " << overlap;
      for (int i = 0; i < 200; ++i) ASSERT_EQ(seen[i], i);
    }
  }
}

// Never more than `window` items between being produced and being consumed.
TEST(OrderedMapTest, WindowBoundsItemsInFlight) {
  std::atomic<int> produced = 0;
  int consumed = 0, most = 0;
  OrderedMap<int, int>(
      3, 5,
      [&](int* in) {
        if (produced == 100) return false;
        *in = produced++;
        most = std::max(most, produced - consumed);
        return true;
      },
      [](int& in) { return in; },
      [&](int&, int&) {
        std::this_thread::sleep_for(microseconds(200));
        ++consumed;
      });
  EXPECT_EQ(consumed, 100);
  EXPECT_LE(most, 5);
}

// A consumer slower than the workers (the store's merge) must not eat through a run of finished
// items while the workers wait for input: the producer refills the window between two consumes,
// so the workers always have about a window of items ahead of them.
TEST(OrderedMapTest, SlowConsumerKeepsTheWorkersFed) {
  constexpr int kItems = 120, kWindow = 16;
  int produced = 0, consumed = 0, least_ahead = kWindow;
  OrderedMap<int, int>(
      2, kWindow,
      [&](int* in) {
        if (produced == kItems) return false;
        *in = produced++;
        return true;
      },
      [](int& in) { return in; },  // workers far faster than the consumer
      [&](int&, int&) {
        // Items produced and not yet consumed, this one included; the final drain (nothing left
        // to produce) is exempt.
        if (produced < kItems) least_ahead = std::min(least_ahead, produced - consumed);
        std::this_thread::sleep_for(microseconds(300));
        ++consumed;
      },
      /*overlap=*/true);
  EXPECT_EQ(consumed, kItems);
  EXPECT_GE(least_ahead, kWindow - 1);
}

}  // namespace
}  // namespace mosaic
