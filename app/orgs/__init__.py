"""Companies: organisations, their managers and members, invitations and the managers' reports."""
