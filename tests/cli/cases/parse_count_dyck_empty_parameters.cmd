count --lang dyck: --lengths 2
