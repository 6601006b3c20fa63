run --model zoo:majorty --input 01
