"""Server-side sign-in sessions: each browser's sign-in is a row that can end on the server."""
