"""The applications of the task-queue tests: a worker module per engine and a web app."""
