// Shrinking a failing B-RASP program to a 1-minimal one (tests only): greedy
// single edits — a subexpression replaced by true, false or one of its
// operands, an attention replaced by its default — while the failure
// persists, then the definitions the output does not read dropped.
#ifndef SATCIRC_TESTS_LIB_SHRINK_BRASP_H_
#define SATCIRC_TESTS_LIB_SHRINK_BRASP_H_

#include <functional>
#include <vector>

#include "lib/programs/brasp.h"

namespace satcirc::testing {

// Nodes of a program: constants 1, other nodes 2 (so that a leaf can become
// a constant), plus two per attention.
inline int BraspSize(const programs::BraspProgram& p) {
  std::function<int(const programs::BExpr&)> nodes =
      [&](const programs::BExpr& e) {
        int n = e.kind == programs::BExpr::Kind::kConst ? 1 : 2;
        for (const auto& a : e.args) n += nodes(a);
        return n;
      };
  int size = 0;
  for (const programs::Definition& d : p.defs) {
    size += d.is_attention
                ? 2 + nodes(d.attention.score) + nodes(d.attention.value) +
                      nodes(d.attention.fallback)
                : nodes(d.expr);
  }
  return size;
}

// Every expression tree of a definition.
inline std::vector<programs::BExpr*> Trees(programs::Definition& d) {
  if (!d.is_attention) return {&d.expr};
  return {&d.attention.score, &d.attention.value, &d.attention.fallback};
}

// Every node of a tree, in preorder.
inline void Nodes(programs::BExpr& e, std::vector<programs::BExpr*>& out) {
  out.push_back(&e);
  for (auto& a : e.args) Nodes(a, out);
}

// The programs one edit smaller.
inline std::vector<programs::BraspProgram> BraspShrinks(
    const programs::BraspProgram& p) {
  std::vector<programs::BraspProgram> out;
  for (size_t d = 0; d < p.defs.size(); ++d) {
    if (p.defs[d].is_attention) {
      programs::BraspProgram c = p;
      programs::Definition& def = c.defs[d];
      def.is_attention = false;
      def.expr = def.attention.fallback;
      out.push_back(std::move(c));
    }
    programs::BraspProgram probe = p;
    const std::vector<programs::BExpr*> trees = Trees(probe.defs[d]);
    for (size_t t = 0; t < trees.size(); ++t) {
      std::vector<programs::BExpr*> nodes;
      Nodes(*trees[t], nodes);
      for (size_t k = 0; k < nodes.size(); ++k) {
        const programs::BExpr& node = *nodes[k];
        std::vector<programs::BExpr> replacements;
        for (bool v : {false, true}) {
          if (node.kind == programs::BExpr::Kind::kConst) break;
          programs::BExpr c;
          c.value = v;
          replacements.push_back(c);
        }
        for (const auto& a : node.args) replacements.push_back(a);
        for (const programs::BExpr& r : replacements) {
          programs::BraspProgram c = p;
          std::vector<programs::BExpr*> cn;
          Nodes(*Trees(c.defs[d])[t], cn);
          *cn[k] = r;
          out.push_back(std::move(c));
        }
      }
    }
  }
  return out;
}

// The definitions the output reads, directly or not, renumbered.
inline programs::BraspProgram DropUnread(const programs::BraspProgram& p) {
  std::vector<bool> read(p.defs.size(), false);
  read[p.output] = true;
  std::function<void(const programs::BExpr&)> mark =
      [&](const programs::BExpr& e) {
        if (e.kind == programs::BExpr::Kind::kVar) read[e.var] = true;
        for (const auto& a : e.args) mark(a);
      };
  for (int d = p.output; d >= 0; --d) {
    if (!read[d]) continue;
    programs::Definition def = p.defs[d];
    for (programs::BExpr* t : Trees(def)) mark(*t);
  }
  std::vector<int> index(p.defs.size(), -1);
  programs::BraspProgram out = p;
  out.defs.clear();
  for (size_t d = 0; d < p.defs.size(); ++d) {
    if (!read[d]) continue;
    index[d] = static_cast<int>(out.defs.size());
    programs::Definition def = p.defs[d];
    for (programs::BExpr* t : Trees(def)) {
      std::vector<programs::BExpr*> nodes;
      Nodes(*t, nodes);
      for (programs::BExpr* n : nodes) {
        if (n->kind == programs::BExpr::Kind::kVar) n->var = index[n->var];
      }
    }
    out.defs.push_back(std::move(def));
  }
  out.output = index[p.output];
  return out;
}

// Greedy shrinking while `fails` holds: the result still fails, and no single
// edit of BraspShrinks does.
inline programs::BraspProgram ShrinkBrasp(
    programs::BraspProgram p,
    const std::function<bool(const programs::BraspProgram&)>& fails) {
  bool progress = true;
  while (progress) {
    progress = false;
    for (programs::BraspProgram& c : BraspShrinks(p)) {
      if (BraspSize(c) < BraspSize(p) && fails(c)) {
        p = std::move(c);
        progress = true;
        break;
      }
    }
  }
  const programs::BraspProgram dropped = DropUnread(p);
  return fails(dropped) ? dropped : p;
}

}  // namespace satcirc::testing

#endif  // SATCIRC_TESTS_LIB_SHRINK_BRASP_H_
