train --lang parity
