automaton --model zoo:tomita4 --svg /nonexistent/dir/a.svg
