automaton --model zoo:dyck1 --test-lengths 20,40 --samples 50
