train --lang parity -o runs/never --layers 0
