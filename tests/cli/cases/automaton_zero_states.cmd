automaton --model zoo:majority --max-states 0
