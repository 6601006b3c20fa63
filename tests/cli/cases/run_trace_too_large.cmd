run --model zoo:dyck2-depth3 --input "$(printf '()%.0s' {1..600})" --trace
