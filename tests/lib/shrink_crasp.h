// Shrinking a failing C-RASP program to a 1-minimal one (tests only): greedy
// single edits — a Boolean subexpression replaced by true, false or a Boolean
// operand, a count subexpression by 0, 1 or a count operand — while the
// failure persists, then the definitions the output does not read dropped.
// The B-RASP counterpart is shrink_brasp.h.
#ifndef SATCIRC_TESTS_LIB_SHRINK_CRASP_H_
#define SATCIRC_TESTS_LIB_SHRINK_CRASP_H_

#include <functional>
#include <vector>

#include "lib/programs/crasp.h"

namespace satcirc::testing {

// Nodes of a program: constants 1, other nodes 2 (so that a leaf can become
// a constant).
inline int CraspSize(const programs::CraspProgram& p) {
  std::function<int(const programs::CNode&)> nodes =
      [&](const programs::CNode& e) {
        const bool constant = e.kind == programs::CNode::Kind::kConstBool ||
                              e.kind == programs::CNode::Kind::kNumber;
        int n = constant ? 1 : 2;
        for (const auto& a : e.args) n += nodes(a);
        return n;
      };
  int size = 0;
  for (const programs::CDefinition& d : p.defs) size += nodes(d.expr);
  return size;
}

// Every node of a tree, in preorder.
inline void CNodes(programs::CNode& e, std::vector<programs::CNode*>& out) {
  out.push_back(&e);
  for (auto& a : e.args) CNodes(a, out);
}

// What a node may become: constants of its type, then its operands of the
// same type.
inline std::vector<programs::CNode> CReplacements(const programs::CNode& node) {
  using Kind = programs::CNode::Kind;
  std::vector<programs::CNode> out;
  const bool constant =
      node.kind == Kind::kConstBool || node.kind == Kind::kNumber;
  for (int v = 0; v < 2 && !constant; ++v) {
    programs::CNode c;
    c.kind = node.is_count() ? Kind::kNumber : Kind::kConstBool;
    c.truth = v == 1;
    c.number = v;
    out.push_back(c);
  }
  for (const auto& a : node.args) {
    if (a.is_count() == node.is_count()) out.push_back(a);
  }
  return out;
}

// The programs one edit smaller.
inline std::vector<programs::CraspProgram> CraspShrinks(
    const programs::CraspProgram& p) {
  std::vector<programs::CraspProgram> out;
  for (size_t d = 0; d < p.defs.size(); ++d) {
    programs::CraspProgram probe = p;
    std::vector<programs::CNode*> nodes;
    CNodes(probe.defs[d].expr, nodes);
    for (size_t k = 0; k < nodes.size(); ++k) {
      for (const programs::CNode& r : CReplacements(*nodes[k])) {
        programs::CraspProgram c = p;
        std::vector<programs::CNode*> cn;
        CNodes(c.defs[d].expr, cn);
        *cn[k] = r;
        out.push_back(std::move(c));
      }
    }
  }
  return out;
}

// The definitions the output reads, directly or not, renumbered.
inline programs::CraspProgram CraspDropUnread(const programs::CraspProgram& p) {
  using Kind = programs::CNode::Kind;
  std::vector<bool> read(p.defs.size(), false);
  read[p.output] = true;
  for (int d = p.output; d >= 0; --d) {
    if (!read[d]) continue;
    programs::CDefinition def = p.defs[d];
    std::vector<programs::CNode*> nodes;
    CNodes(def.expr, nodes);
    for (const programs::CNode* n : nodes) {
      if (n->kind == Kind::kBoolVar || n->kind == Kind::kCountVar)
        read[n->var] = true;
    }
  }
  std::vector<int> index(p.defs.size(), -1);
  programs::CraspProgram out = p;
  out.defs.clear();
  for (size_t d = 0; d < p.defs.size(); ++d) {
    if (!read[d]) continue;
    index[d] = static_cast<int>(out.defs.size());
    programs::CDefinition def = p.defs[d];
    std::vector<programs::CNode*> nodes;
    CNodes(def.expr, nodes);
    for (programs::CNode* n : nodes) {
      if (n->kind == Kind::kBoolVar || n->kind == Kind::kCountVar)
        n->var = index[n->var];
    }
    out.defs.push_back(std::move(def));
  }
  out.output = index[p.output];
  return out;
}

// Greedy shrinking while `fails` holds: the result still fails, and no single
// edit of CraspShrinks does.
inline programs::CraspProgram ShrinkCrasp(
    programs::CraspProgram p,
    const std::function<bool(const programs::CraspProgram&)>& fails) {
  bool progress = true;
  while (progress) {
    progress = false;
    for (programs::CraspProgram& c : CraspShrinks(p)) {
      if (CraspSize(c) < CraspSize(p) && fails(c)) {
        p = std::move(c);
        progress = true;
        break;
      }
    }
  }
  const programs::CraspProgram dropped = CraspDropUnread(p);
  return fails(dropped) ? dropped : p;
}

}  // namespace satcirc::testing

#endif  // SATCIRC_TESTS_LIB_SHRINK_CRASP_H_
