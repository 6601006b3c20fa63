count --lang dyck1 --lengths 2
