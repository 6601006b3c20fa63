count --lang dyck:k=1 --lengths 0..10
