count --lang dyck:k=2, --lengths 2
