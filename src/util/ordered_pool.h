// Parallel map with ordered output: items are produced by one thread, transformed by N workers, and
// consumed in input order. Memory stays bounded: at most `window` items are in flight, and until
// the input ends the consumer runs `window` items behind the producer.
//
//   OrderedMap<Document, DocGraph>(threads, 64,
//       [&](Document* d) { return source.Next(d); },            // producer: false at end
//       [&](Document& d) { return pipeline.Extract(d); },         // worker (runs concurrently)
//       [&](Document& d, DocGraph& g) { write(g); });             // consumer, in input order
//
// With threads <= 1 everything runs on the calling thread, unless `overlap` is set: then one
// worker transforms while the calling thread consumes (for a consumer that costs real time of its
// own, like the store's merge, which then runs beside extraction instead of after it).
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace mosaic {

template <typename In, typename Out>
void OrderedMap(int threads, size_t window, const std::function<bool(In*)>& produce,
                const std::function<Out(In&)>& work, const std::function<void(In&, Out&)>& consume,
                bool overlap = false) {
  if (threads <= 1 && !overlap) {
    In in;
    while (produce(&in)) {
      Out out = work(in);
      consume(in, out);
      in = In();
    }
    return;
  }
  struct Slot {
    In in;
    std::optional<Out> out;
  };
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Slot> slots;  // in input order; front is the next to consume
  size_t base = 0;         // sequence number of slots.front()
  size_t next_to_claim = 0;
  bool done = false;

  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(threads, 1); ++t) {
    pool.emplace_back([&] {
      std::unique_lock<std::mutex> lock(mu);
      while (true) {
        cv.wait(lock, [&] { return next_to_claim < base + slots.size() || done; });
        if (next_to_claim >= base + slots.size()) {
          if (done) return;
          continue;
        }
        size_t seq = next_to_claim++;
        In* in = &slots[seq - base].in;  // deque: references stay valid on push_back
        lock.unlock();
        Out out = work(*in);
        lock.lock();
        slots[seq - base].out.emplace(std::move(out));
        cv.notify_all();
      }
    });
  }
  // The calling thread produces and consumes.
  // Until the input ends, an item is consumed only when the window is full, and the window is
  // refilled after each one: the workers always have a window of items ahead of them. Consuming
  // each finished item at once instead lets a consumer slower than a worker (the store's merge)
  // eat through a run of finished items while the workers wait for input.
  auto drain = [&](std::unique_lock<std::mutex>& lock, bool all) {
    while (!slots.empty()) {
      if (!all && slots.size() < window) return;
      if (!slots.front().out) {
        cv.wait(lock, [&] { return slots.front().out.has_value(); });
      }
      Slot s = std::move(slots.front());
      slots.pop_front();
      ++base;
      lock.unlock();
      consume(s.in, *s.out);
      lock.lock();
    }
  };
  while (true) {
    In in;
    if (!produce(&in)) break;
    std::unique_lock<std::mutex> lock(mu);
    slots.push_back(Slot{std::move(in), std::nullopt});
    cv.notify_all();
    drain(lock, false);
  }
  {
    std::unique_lock<std::mutex> lock(mu);
    drain(lock, true);
    done = true;
    cv.notify_all();
  }
  for (auto& t : pool) t.join();
}

}  // namespace mosaic
