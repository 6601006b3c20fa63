train --lang parity -o runs/never --positional position,sinusoid
