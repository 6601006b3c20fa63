run --model - --input -
