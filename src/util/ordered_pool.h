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
//
// `worker_nice` > 0 lowers the workers' scheduling priority by that many nice steps (Linux; the
// calling thread keeps its own). For a consumer that is the pipeline's serial stage: when the
// machine has fewer cores than threads, the kernel then runs the consumer as soon as it has
// something to consume, instead of giving it an equal share with every worker, so it does not
// fall behind and leave a backlog to work through alone at the end.
#pragma once

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace mosaic {

// Lowers the calling thread's scheduling priority by `steps` nice steps (never raises it). On
// Linux a thread has a nice value of its own, set through its thread id; elsewhere a no-op.
// Best effort: a failure leaves the thread as it was.
inline void LowerThreadPriority(int steps) {
#ifdef __linux__
  if (steps <= 0) return;
  const auto tid = static_cast<id_t>(gettid());
  errno = 0;
  const int now = getpriority(PRIO_PROCESS, tid);
  if (now == -1 && errno != 0) return;
  (void)setpriority(PRIO_PROCESS, tid, std::min(now + steps, 19));
#else
  (void)steps;
#endif
}

template <typename In, typename Out>
void OrderedMap(int threads, size_t window, const std::function<bool(In*)>& produce,
                const std::function<Out(In&)>& work, const std::function<void(In&, Out&)>& consume,
                bool overlap = false, int worker_nice = 0) {
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
  std::condition_variable work_cv;   // workers: an item to claim, or the end of the input
  std::condition_variable ready_cv;  // the consumer: `wanted` finished items at the front
  std::deque<Slot> slots;            // in input order; front is the next to consume
  size_t base = 0;                   // sequence number of slots.front()
  size_t next_to_claim = 0;
  size_t ready = 0;   // finished items at the front of `slots`, in a row
  size_t wanted = 0;  // what the waiting consumer needs of `ready` (0: it is not waiting)
  bool done = false;
  // Consumed outputs, destroyed by the next worker to claim an item (or to stop). An output is
  // built on a worker; freeing it on a worker too keeps the consumer's allocator cache from
  // filling with blocks it did not allocate, which tcmalloc hands back through its central lists
  // (a DocGraph is thousands of blocks).
  std::vector<Out> spent;
  // Until the input ends, a waiting consumer is woken once `burst` items are finished in a row
  // instead of at every item: a consumer faster than the workers (the store's merge) otherwise
  // sleeps and wakes once per item, and each wake-up takes a core from a worker for a moment.
  const size_t burst = std::max<size_t>(1, window / 8);

  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(threads, 1); ++t) {
    pool.emplace_back([&] {
      LowerThreadPriority(worker_nice);
      std::vector<Out> garbage;
      std::unique_lock<std::mutex> lock(mu);
      while (true) {
        work_cv.wait(lock, [&] { return next_to_claim < base + slots.size() || done; });
        if (next_to_claim >= base + slots.size()) {  // done, and nothing left to claim
          garbage.swap(spent);                       // the last outputs consumed
          lock.unlock();
          return;  // `garbage` goes with this thread
        }
        size_t seq = next_to_claim++;
        In* in = &slots[seq - base].in;  // deque: references stay valid on push_back
        garbage.swap(spent);
        lock.unlock();
        garbage.clear();
        Out out = work(*in);
        lock.lock();
        slots[seq - base].out.emplace(std::move(out));
        if (seq - base == ready) {
          while (ready < slots.size() && slots[ready].out) ++ready;
          if (wanted != 0 && ready >= wanted) ready_cv.notify_one();
        }
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
      if (ready == 0) {
        // Once the input has ended, every item is taken as soon as it is finished: the work
        // left is all that stands between the last item and the end.
        wanted = all ? 1 : std::min(burst, slots.size());
        ready_cv.wait(lock, [&] { return ready >= wanted; });
        wanted = 0;
      }
      Slot s = std::move(slots.front());
      slots.pop_front();
      ++base;
      --ready;
      lock.unlock();
      consume(s.in, *s.out);
      lock.lock();
      spent.push_back(std::move(*s.out));
    }
  };
  while (true) {
    In in;
    if (!produce(&in)) break;
    std::unique_lock<std::mutex> lock(mu);
    slots.push_back(Slot{std::move(in), std::nullopt});
    work_cv.notify_one();
    drain(lock, false);
  }
  {
    std::unique_lock<std::mutex> lock(mu);
    drain(lock, true);
    done = true;
    work_cv.notify_all();
  }
  for (auto& t : pool) t.join();
}

}  // namespace mosaic
