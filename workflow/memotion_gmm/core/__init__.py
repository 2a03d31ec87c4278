"""What every stage shares: the exceptions meant for users, the task definition (which labels the
models learn: problems, their raw columns, ordered classes and folds) and reading the workflow's own
cached files with errors that name the file and the rule that makes it."""
