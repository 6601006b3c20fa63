run --model zoo:dyck2-depth3 --input "$(printf '()%.0s' {1..12000})" --engine float:1
