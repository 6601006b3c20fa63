automaton --model zoo:tomita2 --dot -
