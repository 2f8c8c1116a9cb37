"""The `jtai` command: argument parsing, exit codes and plain-sentence errors; calls into the rooms below it."""
