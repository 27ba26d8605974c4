"""Pure methods of the field (participatory budgeting, opinion mapping, statistics).

Nothing under this package imports Django: researchers use it on files without a database.
"""
