class:
 @property
def size@size.setter def