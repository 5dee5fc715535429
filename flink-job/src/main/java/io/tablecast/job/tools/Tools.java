package io.tablecast.job.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line tools behind scripts/generate, replay, query, summary, schedule, bench, verify and simulate. */
@Command(name = "tablecast", mixinStandardHelpOptions = true,
        subcommands = {GenerateCommand.class, ReplayCommand.class, QueryCommand.class, SummaryCommand.class,
                ScheduleCommand.class, BenchCommand.class, VerifyCommand.class, SimulateCommand.class,
                CommittedCommand.class, DropKeyspaceCommand.class, SegmentsCommand.class,
                DurabilityProbeCommand.class})
public final class Tools implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.err);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Tools()).execute(args));
    }
}
