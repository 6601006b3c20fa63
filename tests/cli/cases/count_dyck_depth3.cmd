count --lang dyck:k=1,depth=3 --lengths 0,2,4,6,8,10,12,14
