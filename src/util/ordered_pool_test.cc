#include "util/ordered_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>
#include <utility>
#include <vector>

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

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

// An output that counts, by thread, the destructions of outputs still holding their value.
struct Tracked {
  static inline std::atomic<int> on_caller{0}, elsewhere{0};
  static inline std::thread::id caller;
  int value = -1;
  explicit Tracked(int v) : value(v) {}
  Tracked(Tracked&& o) noexcept : value(std::exchange(o.value, -1)) {}
  Tracked& operator=(Tracked&& o) noexcept {
    value = std::exchange(o.value, -1);
    return *this;
  }
  ~Tracked() {
    if (value < 0) return;
    (std::this_thread::get_id() == caller ? on_caller : elsewhere)++;
  }
};

// Outputs are built on the workers and freed there too, the last ones included, whatever the
// consumer's pace: the calling thread frees none.
TEST(OrderedMapTest, OutputsAreFreedOnTheWorkers) {
  for (int threads : {1, 2, 3}) {
    for (int consumer_us : {0, 300}) {
      Tracked::caller = std::this_thread::get_id();
      Tracked::on_caller = 0;
      Tracked::elsewhere = 0;
      int next = 0, consumed = 0;
      OrderedMap<int, Tracked>(
          threads, 16,
          [&](int* in) {
            if (next == 150) return false;
            *in = next++;
            return true;
          },
          [](int& in) {
            std::this_thread::sleep_for(microseconds(in % 3 * 100));
            return Tracked(in);
          },
          [&](int& in, Tracked& out) {
            EXPECT_EQ(out.value, in);
            EXPECT_EQ(in, consumed++);
            std::this_thread::sleep_for(microseconds(consumer_us));
          },
          /*overlap=*/true);
      EXPECT_EQ(consumed, 150);
      EXPECT_EQ(Tracked::on_caller, 0) << threads << " threads, consumer " << consumer_us << " us";
      EXPECT_EQ(Tracked::elsewhere, 150)
          << threads << " threads, consumer " << consumer_us << " us";
    }
  }
}

// A consumer that waits for several finished items at a time still sees every item in order when
// the workers finish them far out of order, and when the input ends inside a wait.
TEST(OrderedMapTest, ConsumesInOrderWhenWorkersFinishOutOfOrder) {
  for (int items : {1, 7, 64, 65, 300}) {
    int next = 0;
    std::vector<int> seen;
    OrderedMap<int, int>(
        3, 64,
        [&](int* in) {
          if (next == items) return false;
          *in = next++;
          return true;
        },
        [](int& in) {
          // Every fourth item takes much longer than the others.
          std::this_thread::sleep_for(microseconds(in % 4 == 0 ? 2000 : 20));
          return in;
        },
        [&](int& in, int& out) {
          EXPECT_EQ(in, out);
          seen.push_back(in);
        },
        /*overlap=*/true);
    ASSERT_EQ(seen.size(), static_cast<size_t>(items));
    for (int i = 0; i < items; ++i) ASSERT_EQ(seen[i], i);
  }
}

#ifdef __linux__
// `worker_nice` lowers the workers' priority only: each worker runs that many nice steps below
// the calling thread, which keeps its own, before and after; 0 leaves the workers alone.
TEST(OrderedMapTest, WorkerNiceLowersTheWorkersOnly) {
  auto nice_of_this_thread = [] {
    errno = 0;
    int n = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
    EXPECT_EQ(errno, 0);
    return n;
  };
  // The test runs on a thread of its own, so that whatever it does to its priority ends with it.
  std::thread([&] {
    const int base = nice_of_this_thread();
    if (base > 19 - 3) GTEST_SKIP() << "already at nice " << base;
    for (int steps : {0, 3}) {
      std::mutex mu;
      std::vector<int> seen;
      int next = 0;
      OrderedMap<int, int>(
          2, 8,
          [&](int* in) {
            if (next == 40) return false;
            *in = next++;
            return true;
          },
          [&](int& in) {
            std::lock_guard<std::mutex> lock(mu);
            seen.push_back(nice_of_this_thread());
            return in;
          },
          [&](int&, int&) { EXPECT_EQ(nice_of_this_thread(), base); },
          /*overlap=*/true, steps);
      ASSERT_EQ(seen.size(), 40u);
      for (int n : seen) EXPECT_EQ(n, base + steps) << steps << " steps";
      EXPECT_EQ(nice_of_this_thread(), base);
    }
  }).join();
}
#endif

}  // namespace
}  // namespace mosaic
