package com.batchtrain.invoke.cli;

import picocli.CommandLine.Command;

@Command(name = "invoke-jobs",
    mixinStandardHelpOptions = true,
    version = "invoke-jobs 0.1.0",
    description = "Hyperparameter sweeps on AWS Batch (--backend aws) or on this machine (--backend local, the default).",
    subcommands = {SweepCommand.class, StatusCommand.class, ResultsCommand.class, ReportCommand.class, CancelCommand.class,
        ResumeCommand.class, DriveCommand.class, picocli.CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 some trials did not succeed, 64 bad input, 69 AWS backend"
        + " unavailable, 70 internal error, 75 temporary failure (try again).",
        "", "Start here:  invoke-jobs sweep examples/calcloud-memory-bin.yaml"})
public final class InvokeJobsCommand {
}
