count --lang majorty --lengths 2
