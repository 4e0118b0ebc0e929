"""The email outbox: every email is an OutgoingMail row, sent by a task that takes its id."""
