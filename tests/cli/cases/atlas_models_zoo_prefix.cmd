atlas --models zoo:majority,first --samples 10 --sampled-lengths 32 --exhaustive-words 64
