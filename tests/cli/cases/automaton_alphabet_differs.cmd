automaton --model zoo:majority --lang dyck:k=1
