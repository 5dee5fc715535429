package io.tablecast.job.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line tools behind scripts/generate, scripts/replay, scripts/query, scripts/summary and scripts/schedule. */
@Command(name = "tablecast", mixinStandardHelpOptions = true,
        subcommands = {GenerateCommand.class, ReplayCommand.class, QueryCommand.class, SummaryCommand.class,
                ScheduleCommand.class, BenchCommand.class})
public final class Tools implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.err);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Tools()).execute(args));
    }
}
