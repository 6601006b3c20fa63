train --lang parity -o runs/never --mask strict
