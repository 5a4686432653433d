package io.polymoments.cli;

import picocli.CommandLine.Option;

/** The output every writing command shares: one --out, and --overwrite with one meaning everywhere. */
abstract class OutputCommand {
    @Option(names = "--out", required = true, paramLabel = "PATH",
            description = "Where to write (a path or a URI of any Hadoop file system: file:, hdfs://, s3a://...); it must"
                    + " not exist, overlap an input or another output.")
    String out;

    @Option(names = "--overwrite", description = "Replace existing outputs - only ones polymoments wrote (a model, a"
            + " sketch, a sample set, a ring, a report or export), never an input or anything else.")
    boolean overwrite;
}
