check --model zoo:parity --lang parity --strings /dev/zero
