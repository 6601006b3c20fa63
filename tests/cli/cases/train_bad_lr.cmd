train --lang parity -o runs/never --lr -1
