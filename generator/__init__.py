"""Static publication site generator for replies to deputies' suggestions and members' proposals."""
