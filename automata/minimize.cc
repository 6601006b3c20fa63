#include "automata/minimize.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace satcirc::automata {
namespace {

// The reachable states in breadth-first order from the start state.
std::vector<int> ReachableStates(const Dfa& dfa) {
  const int k = dfa.alphabet().size();
  std::vector<int> order = {dfa.start()};
  std::vector<char> seen(dfa.num_states(), 0);
  seen[dfa.start()] = 1;
  for (std::size_t i = 0; i < order.size(); ++i) {
    for (int a = 0; a < k; ++a) {
      const int t = dfa.Next(order[i], static_cast<Symbol>(a));
      if (!seen[t]) {
        seen[t] = 1;
        order.push_back(t);
      }
    }
  }
  return order;
}

// A partition of 0..n-1 into blocks, each a contiguous range of `elements`;
// marking moves an element to the front of its block, so that a block splits
// into its marked and unmarked parts in time proportional to the marked part.
class Partition {
 public:
  Partition(int n, const std::vector<char>& initial_block_of);
  int num_blocks() const { return static_cast<int>(first_.size()); }
  int block_of(int x) const { return block_of_[x]; }
  int size(int b) const { return end_[b] - first_[b]; }
  // The elements of block b (valid until the next Mark or Split).
  const int* begin(int b) const { return &elements_[first_[b]]; }
  const int* end(int b) const { return &elements_[0] + end_[b]; }
  // Marks x; returns true when x is the first marked element of its block.
  bool Mark(int x);
  // Splits block b into its marked part (a new block, whose id is returned)
  // and the rest; returns -1 when all or none of b is marked (no split).
  int Split(int b);

 private:
  std::vector<int> elements_, position_, block_of_;
  std::vector<int> first_, end_, marked_end_;
};

Partition::Partition(int n, const std::vector<char>& initial_block_of)
    : elements_(n), position_(n), block_of_(n) {
  // Two initial blocks (accepting, rejecting), empty ones left out.
  int count[2] = {0, 0};
  for (int x = 0; x < n; ++x) ++count[initial_block_of[x] != 0];
  int start[2] = {0, count[0]};
  int id[2] = {-1, -1};
  for (int c = 0; c < 2; ++c) {
    if (count[c] == 0) continue;
    id[c] = static_cast<int>(first_.size());
    first_.push_back(start[c]);
    end_.push_back(start[c] + count[c]);
    marked_end_.push_back(start[c]);
  }
  for (int x = 0; x < n; ++x) {
    const int c = initial_block_of[x] != 0;
    position_[x] = start[c]++;
    elements_[position_[x]] = x;
    block_of_[x] = id[c];
  }
}

bool Partition::Mark(int x) {
  const int b = block_of_[x];
  const int p = position_[x];
  if (p < marked_end_[b]) return false;  // already marked
  const int q = marked_end_[b]++;
  const int y = elements_[q];
  elements_[q] = x;
  elements_[p] = y;
  position_[x] = q;
  position_[y] = p;
  return q == first_[b];
}

int Partition::Split(int b) {
  const int mid = marked_end_[b];
  marked_end_[b] = first_[b];
  if (mid == end_[b]) return -1;  // all marked
  const int nb = static_cast<int>(first_.size());
  first_.push_back(first_[b]);
  end_.push_back(mid);
  marked_end_.push_back(first_[b]);
  first_[b] = mid;
  marked_end_[b] = mid;
  for (int p = first_[nb]; p < mid; ++p) block_of_[elements_[p]] = nb;
  return nb;
}

// The predecessors of every state by symbol, as compressed rows: those of t
// on a are list[start[a·n + t] … start[a·n + t + 1]).
struct Predecessors {
  std::vector<int> start, list;
};

Predecessors BuildPredecessors(int n, int k, const std::vector<int>& next) {
  Predecessors p;
  p.start.assign(static_cast<std::size_t>(n) * k + 1, 0);
  for (std::size_t i = 0; i < next.size(); ++i) {
    ++p.start[(i % k) * n + next[i] + 1];
  }
  for (std::size_t i = 1; i < p.start.size(); ++i) p.start[i] += p.start[i - 1];
  p.list.resize(next.size());
  std::vector<int> fill(p.start.begin(), p.start.end() - 1);
  for (std::size_t i = 0; i < next.size(); ++i) {
    p.list[fill[(i % k) * n + next[i]]++] = static_cast<int>(i / k);
  }
  return p;
}

// The coarsest partition of the states 0..n-1 (renumbered reachable states)
// compatible with acceptance and the transitions `next` (n × k, flat).
std::vector<int> Hopcroft(int n, int k, const std::vector<int>& next,
                          const std::vector<char>& accepting) {
  const Predecessors pred = BuildPredecessors(n, k, next);
  Partition partition(n, accepting);
  // The worklist of splitters (block, symbol); `waiting` says which are in
  // it. Starting with every block for every symbol costs one extra pass.
  std::vector<std::pair<int, int>> work;
  std::vector<char> waiting;
  auto add = [&](int b, int a) {
    const std::size_t slot = static_cast<std::size_t>(b) * k + a;
    if (waiting.size() <= slot)
      waiting.resize(static_cast<std::size_t>(b + 1) * k, 0);
    if (!waiting[slot]) {
      waiting[slot] = 1;
      work.emplace_back(b, a);
    }
  };
  for (int b = 0; b < partition.num_blocks(); ++b) {
    for (int a = 0; a < k; ++a) add(b, a);
  }
  std::vector<int> splitter, touched;
  while (!work.empty()) {
    const auto [b, a] = work.back();
    work.pop_back();
    waiting[static_cast<std::size_t>(b) * k + a] = 0;
    // Copied: marking reorders the block's own elements.
    splitter.assign(partition.begin(b), partition.end(b));
    touched.clear();
    for (int t : splitter) {
      const std::size_t row = static_cast<std::size_t>(a) * n + t;
      for (int i = pred.start[row]; i < pred.start[row + 1]; ++i) {
        if (partition.Mark(pred.list[i]))
          touched.push_back(partition.block_of(pred.list[i]));
      }
    }
    for (int c : touched) {
      const int size_before = partition.size(c);
      const int nc = partition.Split(c);
      if (nc < 0) continue;
      // Hopcroft's rule: a pending splitter stays and gains its new half;
      // otherwise the smaller half suffices.
      for (int s = 0; s < k; ++s) {
        const std::size_t slot = static_cast<std::size_t>(c) * k + s;
        const bool pending = slot < waiting.size() && waiting[slot];
        if (pending || 2 * partition.size(nc) <= size_before) {
          add(nc, s);
        } else {
          add(c, s);
        }
      }
    }
  }
  std::vector<int> cls(n);
  for (int x = 0; x < n; ++x) cls[x] = partition.block_of(x);
  return cls;
}

}  // namespace

Dfa Minimize(const Dfa& dfa) {
  const int k = dfa.alphabet().size();
  const std::vector<int> order = ReachableStates(dfa);
  const int n = static_cast<int>(order.size());
  std::vector<int> index(dfa.num_states(), -1);
  for (int i = 0; i < n; ++i) index[order[i]] = i;
  std::vector<int> next(static_cast<std::size_t>(n) * k);
  std::vector<char> accepting(n);
  for (int i = 0; i < n; ++i) {
    accepting[i] = dfa.accepting(order[i]) ? 1 : 0;
    for (int a = 0; a < k; ++a) {
      next[static_cast<std::size_t>(i) * k + a] =
          index[dfa.Next(order[i], static_cast<Symbol>(a))];
    }
  }
  const std::vector<int> cls = Hopcroft(n, k, next, accepting);
  // Canonical numbering: breadth-first from the start state's class (state 0
  // here), symbols in order. Any state of a class represents it: equivalent
  // states have equivalent successors.
  int num_classes = 0;
  for (int c : cls) num_classes = std::max(num_classes, c + 1);
  std::vector<int> representative(num_classes, -1);
  for (int i = 0; i < n; ++i) {
    if (representative[cls[i]] < 0) representative[cls[i]] = i;
  }
  std::vector<int> number(num_classes, -1);
  std::vector<int> queue = {cls[0]};
  number[cls[0]] = 0;
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const int rep = representative[queue[q]];
    for (int a = 0; a < k; ++a) {
      const int c = cls[next[static_cast<std::size_t>(rep) * k + a]];
      if (number[c] < 0) {
        number[c] = static_cast<int>(queue.size());
        queue.push_back(c);
      }
    }
  }
  std::vector<std::int32_t> delta(static_cast<std::size_t>(num_classes) * k);
  std::vector<bool> minimal_accepting(num_classes);
  for (int c = 0; c < num_classes; ++c) {
    const int rep = representative[c];
    minimal_accepting[number[c]] = accepting[rep] != 0;
    for (int a = 0; a < k; ++a) {
      delta[static_cast<std::size_t>(number[c]) * k + a] =
          number[cls[next[static_cast<std::size_t>(rep) * k + a]]];
    }
  }
  // Sizes and ranges hold by construction.
  return *Dfa::Create(dfa.alphabet(), num_classes, 0, std::move(delta),
                      std::move(minimal_accepting));
}

bool Equivalent(const Dfa& a, const Dfa& b) {
  return Minimize(a) == Minimize(b);
}

}  // namespace satcirc::automata
