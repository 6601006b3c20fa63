train --lang parityy -o runs/never
