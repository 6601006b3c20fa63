saturate --model zoo:dyck2-depth3 --lengths 1000..1010
