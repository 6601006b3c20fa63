train --lang parity -o runs/never --train-lengths 1,3..5
