"""Commands: one module per `handbok` subcommand, each `run(args, context) -> exit code`."""
