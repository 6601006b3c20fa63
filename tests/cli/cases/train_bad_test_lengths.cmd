train --lang parity -o runs/never --test-lengths 41..5000
