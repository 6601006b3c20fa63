count --lang palindrome --lengths 1
