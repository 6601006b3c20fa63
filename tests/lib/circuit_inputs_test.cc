// ReadTokenLayout and EncodeTokens (lib/compile/circuit_inputs.h): a compiled
// circuit, read back from JSON or AIGER (names x[i][k] or x_i__k_), decides
// every word of its length as RunCircuit does with the model; foreign circuits
// are refused naming the input.
#include "lib/compile/circuit_inputs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "automata/enumerate.h"
#include "circuits/read_circuit.h"
#include "circuits/simulate.h"
#include "circuits/write_aiger.h"
#include "circuits/write_json.h"
#include "lib/compile/compile.h"
#include "lib/zoo/zoo.h"

namespace satcirc {
namespace {

using ::testing::HasSubstr;

TEST(CircuitInputs, ReadBackCircuitsDecideAsRunCircuit) {
  for (auto [name, n, p] :
       {std::tuple{"dyck1", 4, 3}, std::tuple{"anbncn", 3, 2},
        std::tuple{"majority", 5, 4}}) {
    const absl::StatusOr<Model> model = zoo::Build(name);
    ASSERT_TRUE(model.ok());
    const absl::StatusOr<circuits::Circuit> c = Compile(*model, n, p);
    ASSERT_TRUE(c.ok()) << c.status();
    std::ostringstream json, aag;
    circuits::WriteJson(json, *c);
    ASSERT_TRUE(circuits::WriteAiger(aag, *c).ok());
    std::vector<automata::Word> words;
    automata::Word word(n, 0);
    do {
      words.push_back(word);
    } while (automata::NextWord(model->alphabet.size(), word));
    const std::vector<CircuitOutcome> want = RunCircuit(*c, *model, words);
    for (const std::string& text : {json.str(), aag.str()}) {
      const absl::StatusOr<circuits::Circuit> back =
          circuits::ReadCircuit(text, "c");
      ASSERT_TRUE(back.ok()) << back.status();
      const absl::StatusOr<TokenLayout> layout = ReadTokenLayout(*back);
      ASSERT_TRUE(layout.ok()) << layout.status();
      EXPECT_EQ(layout->length, n);
      EXPECT_EQ(layout->symbols, model->alphabet.size());
      for (std::size_t w = 0; w < words.size(); ++w) {
        const std::vector<bool> out =
            circuits::EvaluateScalar(*back, EncodeTokens(*layout, words[w]));
        ASSERT_EQ(out[0], want[w].accept) << name << " word " << w;
      }
    }
  }
}

TEST(CircuitInputs, ForeignInputsAreRefusedNamingTheInput) {
  circuits::Circuit c;
  c.AddInput("x[0][0]");
  c.AddInput("x[0][1]");
  c.AddInput("x[1][1]");
  c.AddInput("x[1][0]");
  EXPECT_THAT(std::string(ReadTokenLayout(c).status().message()),
              HasSubstr("input 2 is named 'x[1][1]'; expected x[1][0]"));
  circuits::Circuit d;
  d.AddInput("x[0][0]");
  d.AddInput("a");
  EXPECT_THAT(std::string(ReadTokenLayout(d).status().message()),
              HasSubstr("input 1 is named 'a', not x[i][k]"));
  circuits::Circuit e;
  e.AddInput("x[0][0]");
  e.AddInput("x[0][1]");
  e.AddInput("x[1][0]");
  EXPECT_THAT(std::string(ReadTokenLayout(e).status().message()),
              HasSubstr("3 inputs are not a whole number of positions of 2"));
  EXPECT_EQ(ReadTokenLayout(circuits::Circuit()).value().length, 0);
}

}  // namespace
}  // namespace satcirc
