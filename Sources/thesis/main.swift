print("thesis")
