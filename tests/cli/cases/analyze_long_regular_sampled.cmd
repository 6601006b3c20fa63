analyze --lang 'regex:(a|b)*a(a|b)(a|b)' --lengths 2000 --samples 50 --no-monoid
