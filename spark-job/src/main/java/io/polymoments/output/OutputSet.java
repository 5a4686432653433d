package io.polymoments.output;

import io.polymoments.InvalidInputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one command writes, as one transaction: declared up front with the command's inputs, checked before
 * any work, written into hidden temporary siblings, and moved into place together at the end — or not at all.
 * <ul>
 *   <li>No output may be, contain or lie inside an input or another output (compared as {@link Location}s:
 *       qualified through their file system, symbolic links resolved).</li>
 *   <li>An existing output is refused without {@code overwrite}; with it, only an output its {@link OutputKind}
 *       recognises as ours is replaced.</li>
 *   <li>Each output's directory is created and probed for writing before the work starts.</li>
 *   <li>Temporaries of killed runs ({@code .NAME.tmp-*}, untouched for longer than the stale age) are removed.</li>
 *   <li>The final moves never replace what appeared in the meantime (another run): that run wins, this one
 *       fails with nothing of its own left behind; a failure half-way through the moves puts back what was there.</li>
 * </ul>
 * Usage: {@code try (OutputSet out = OutputSet.builder(spark).input(..).output(..).open()) { write to
 * out.path(option); ...; out.commit(); }} — closing without commit removes the temporaries.
 */
public final class OutputSet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputSet.class);
    /** Spark setting: how long a temporary must have been untouched before a new run removes it (e.g. 6h, 30m). */
    public static final String STALE_AGE_CONF = "spark.polymoments.output.staleTemporaryAge";
    static final String DEFAULT_STALE_AGE = "6h";
    static final String TMP = ".tmp-";
    static final String OLD = ".old-";

    private final SparkSession spark;
    private final Configuration conf;
    private final List<Output> outputs;
    private final List<Path> createdDirs;
    private boolean committed;
    private boolean closed;

    private OutputSet(SparkSession spark, List<Output> outputs, List<Path> createdDirs) {
        this.spark = spark;
        this.conf = spark.sparkContext().hadoopConfiguration();
        this.outputs = outputs;
        this.createdDirs = createdDirs;
    }

    public static Builder builder(SparkSession spark) {
        return new Builder(spark);
    }

    /** One output written alone (library saves): open, write, commit. */
    public static void writeOne(SparkSession spark, String path, OutputKind kind, boolean overwrite,
                                Consumer<String> writer) {
        try (OutputSet out = builder(spark).overwrite(overwrite).output("output", path, kind).open()) {
            writer.accept(out.path("output"));
            out.commit();
        }
    }

    /** Where the writer puts the first part of the output declared under {@code option}. */
    public String path(String option) {
        return part(option, 0);
    }

    /** Where the writer puts part {@code i} of the output declared under {@code option} (a report's HTML: 1). */
    public String part(String option, int i) {
        Output o = output(option);
        if (committed || closed) {
            throw new IllegalStateException("output " + option + " was already committed or abandoned");
        }
        if (o.tmpDir == null) {
            Path dir = new Path(o.location.parent(), "." + o.location.name() + TMP + UUID.randomUUID());
            try {
                if (!o.location.fs().mkdirs(dir)) {
                    throw new IOException("mkdirs returned false");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the temporary directory " + dir, e);
            }
            o.tmpDir = dir;
        }
        return new Path(o.tmpDir, o.targets.get(i).getName()).toString();
    }

    /** True when the output under {@code option} was declared (its path was given). */
    public boolean has(String option) {
        return outputs.stream().anyMatch(o -> o.option.equals(option));
    }

    /** The output's path as the caller gave it (for reports and messages). */
    public String given(String option) {
        return output(option).location.given();
    }

    /** The qualified final path of the output declared under {@code option}. */
    public String target(String option) {
        return output(option).location.path().toString();
    }

    /**
     * Moves every written part into place. A part whose target existed when the set was opened (and was recognised as
     * ours) is first moved aside and deleted once everything landed; a target that appeared since is another run's:
     * this commit is undone and fails.
     */
    public void commit() {
        if (committed || closed) {
            throw new IllegalStateException("commit called twice");
        }
        Deque<Move> done = new ArrayDeque<>();
        List<Path> backups = new ArrayList<>();
        try {
            for (Output o : outputs) {
                FileSystem fs = o.location.fs();
                for (int i = 0; i < o.targets.size(); i++) {
                    Path target = o.targets.get(i);
                    Path written = o.tmpDir == null ? null : new Path(o.tmpDir, target.getName());
                    boolean have = written != null && fs.exists(written);
                    if (fs.exists(target)) {
                        if (!o.existed[i]) {
                            throw new InvalidInputException(appeared(o, target));
                        }
                        Path backup = new Path(target.getParent(), "." + target.getName() + OLD + UUID.randomUUID());
                        move(fs, target, backup, o, done);
                        backups.add(backup);
                    }
                    if (have) {
                        move(fs, written, target, o, done);
                    }
                }
            }
            committed = true;
        } catch (IOException | RuntimeException e) {
            undo(done);
            if (e instanceof InvalidInputException bad) {
                throw bad;
            }
            throw new UncheckedIOException("cannot move the finished outputs into place (nothing was changed)",
                    e instanceof IOException io ? io : new IOException(e));
        }
        for (Path b : backups) {
            delete(b);
        }
        removeTemporaries();
    }

    /** Removes what was not committed: temporaries, and directories created only to hold the outputs. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        removeTemporaries();
        if (!committed) {
            for (int i = createdDirs.size() - 1; i >= 0; i--) {
                Path d = createdDirs.get(i);
                try {
                    FileSystem fs = d.getFileSystem(conf);
                    if (fs.exists(d) && fs.listStatus(d).length == 0) {
                        fs.delete(d, false);
                    }
                } catch (IOException e) {
                    LOG.warn("could not remove the empty directory {} this run created: {}", d, e.toString());
                }
            }
        }
    }

    private void removeTemporaries() {
        for (Output o : outputs) {
            if (o.tmpDir != null) {
                delete(o.tmpDir);
                o.tmpDir = null;
            }
        }
    }

    private void delete(Path p) {
        try {
            p.getFileSystem(conf).delete(p, true);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", p, e.toString());
        }
    }

    private record Move(FileSystem fs, Path from, Path to) {}

    private void move(FileSystem fs, Path from, Path to, Output o, Deque<Move> done) throws IOException {
        try {
            FileMoves.moveNoReplace(fs, conf, from, to);
        } catch (FileMoves.TargetExists e) {
            throw new InvalidInputException(appeared(o, to));
        }
        done.push(new Move(fs, from, to));
    }

    /** Reverses completed moves, newest first; a failure here is logged, the original failure is what is reported. */
    private void undo(Deque<Move> done) {
        while (!done.isEmpty()) {
            Move m = done.pop();
            try {
                FileMoves.moveNoReplace(m.fs(), conf, m.to(), m.from());
            } catch (IOException | RuntimeException e) {
                LOG.error("could not move {} back to {} while undoing a failed commit: {}", m.to(), m.from(),
                        e.toString());
            }
        }
    }

    private static String appeared(Output o, Path target) {
        return "output " + target + " (" + o.option + ") appeared while this run was writing it: another run wrote it"
                + " meanwhile. This run's output was discarded and nothing it wrote was kept; rerun with --overwrite to"
                + " replace the other run's output, or choose another path";
    }

    private Output output(String option) {
        for (Output o : outputs) {
            if (o.option.equals(option)) {
                return o;
            }
        }
        throw new IllegalArgumentException("no output was declared under " + option);
    }

    /** A declared output: its location, the targets of its parts, which existed at open, and its temporary. */
    private static final class Output {
        final String option;
        final OutputKind kind;
        final Location location;
        final List<Path> targets = new ArrayList<>();
        final List<Location> partLocations = new ArrayList<>();
        boolean[] existed;
        Path tmpDir;

        Output(String option, OutputKind kind, Location location) {
            this.option = option;
            this.kind = kind;
            this.location = location;
        }
    }

    /** Declares inputs and outputs; {@link #open} checks them all before any work. */
    public static final class Builder {
        private final SparkSession spark;
        private final Configuration conf;
        private final Map<String, Location> inputs = new LinkedHashMap<>();
        private final List<Output> outputs = new ArrayList<>();
        private boolean overwrite;

        private Builder(SparkSession spark) {
            this.spark = spark;
            this.conf = spark.sparkContext().hadoopConfiguration();
        }

        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /** An input the outputs must stay clear of (null: not given). A glob counts from its fixed prefix. */
        public Builder input(String option, String path) {
            if (path != null) {
                inputs.put(option + " " + path, Location.ofInput(conf, path));
            }
            return this;
        }

        public Builder inputs(String option, List<String> paths) {
            if (paths != null) {
                paths.forEach(p -> input(option, p));
            }
            return this;
        }

        /** An output (null path: not given). */
        public Builder output(String option, String path, OutputKind kind) {
            if (path != null) {
                outputs.add(new Output(option, kind, Location.of(conf, path)));
            }
            return this;
        }

        /** Checks every output (see the class comment) and removes stale temporaries; nothing is written yet. */
        public OutputSet open() {
            List<Path> created = new ArrayList<>();
            for (Output o : outputs) {
                if (o.location.parent() == null) {
                    throw new InvalidInputException("output " + o.location + " (" + o.option + ") is the root of its"
                            + " file system; choose a directory or file below it");
                }
                for (OutputKind.Part part : o.kind.parts()) {
                    Path t = new Path(o.location.parent(), part.name().apply(o.location.name()));
                    o.targets.add(t);
                    o.partLocations.add(t.equals(o.location.path()) ? o.location : Location.of(conf, t.toString()));
                }
                o.existed = new boolean[o.targets.size()];
            }
            checkOverlaps();
            OutputSet set = new OutputSet(spark, outputs, created);
            try {
                for (Output o : outputs) {
                    checkExisting(o);
                    prepareDirectory(o, created);
                    StaleTemporaries.remove(o.location.fs(), o.location.parent(), o.targets, staleMillis());
                }
            } catch (RuntimeException e) {
                set.close();
                throw e;
            }
            return set;
        }

        private long staleMillis() {
            String v = spark.sparkContext().getConf().get(STALE_AGE_CONF, DEFAULT_STALE_AGE);
            try {
                return org.apache.spark.network.util.JavaUtils.timeStringAsMs(v);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(STALE_AGE_CONF + " = '" + v + "' is not a duration; use e.g. 6h or 30m");
            }
        }

        private void checkOverlaps() {
            for (Output o : outputs) {
                for (Location part : o.partLocations) {
                    for (Map.Entry<String, Location> in : inputs.entrySet()) {
                        Location.Relation rel = part.relationTo(in.getValue());
                        if (rel != Location.Relation.DISJOINT) {
                            throw new InvalidInputException("output " + part.path() + " (" + o.option + ") "
                                    + relation(rel) + " the input " + in.getKey() + "; writing it would destroy"
                                    + " input data. Choose an output path outside every input");
                        }
                    }
                    for (Output other : outputs) {
                        if (other == o) {
                            continue;
                        }
                        for (Location q : other.partLocations) {
                            Location.Relation rel = part.relationTo(q);
                            if (rel != Location.Relation.DISJOINT) {
                                throw new InvalidInputException("outputs " + o.option + " " + o.location + " and "
                                        + other.option + " " + other.location + " overlap (" + part.path() + " "
                                        + relation(rel) + " " + q.path() + "); give each output its own path");
                            }
                        }
                    }
                }
            }
        }

        private static String relation(Location.Relation rel) {
            return switch (rel) {
                case SAME -> "is the same path as";
                case INSIDE -> "lies inside";
                case CONTAINS -> "contains";
                case DISJOINT -> "is apart from";
            };
        }

        private void checkExisting(Output o) {
            FileSystem fs = o.location.fs();
            for (int i = 0; i < o.targets.size(); i++) {
                Path t = o.targets.get(i);
                OutputKind.Part part = o.kind.parts().get(i);
                FileStatus st;
                try {
                    st = fs.getFileStatus(t);
                } catch (FileNotFoundException e) {
                    continue;
                } catch (IOException e) {
                    throw new InvalidInputException("cannot check output " + t + " (" + o.option + "): " + e.getMessage(), e);
                }
                if (!overwrite) {
                    throw new InvalidInputException("output " + t + " (" + o.option + ") already exists; pass"
                            + " --overwrite to replace it, or choose another path");
                }
                boolean ours;
                try {
                    ours = isEmptyDirectory(fs, st)
                            || (st.isDirectory() == part.directory() && part.recognizer().isOurs(spark, fs, t));
                } catch (IOException | RuntimeException e) {
                    ours = false;
                }
                if (!ours) {
                    throw new InvalidInputException("output " + t + " (" + o.option + ") exists and is not "
                            + o.kind.description() + ": " + describe(fs, st) + ". --overwrite replaces only outputs"
                            + " polymoments wrote; remove it yourself if it is no longer needed, or choose another path");
                }
                o.existed[i] = true;
            }
        }

        /** Creates the output's directory (recording what it created) and proves it writable with a probe file. */
        private static void prepareDirectory(Output o, List<Path> created) {
            FileSystem fs = o.location.fs();
            Path parent = o.location.parent();
            try {
                List<Path> missing = new ArrayList<>();
                Path p = parent;
                while (p != null && !fs.exists(p)) {
                    missing.add(0, p);
                    p = p.getParent();
                }
                if (p != null && !fs.getFileStatus(p).isDirectory()) {
                    throw new InvalidInputException("cannot write output " + o.location + " (" + o.option + "): " + p
                            + " is a file, not a directory");
                }
                if (!missing.isEmpty()) {
                    if (!fs.mkdirs(parent)) {
                        throw new IOException("cannot create directory " + parent);
                    }
                    created.addAll(missing);
                }
                Path probe = new Path(parent, "." + o.location.name() + TMP + UUID.randomUUID());
                TextFiles.raw(fs).create(probe, false).close();
                fs.delete(probe, false);
            } catch (IOException | RuntimeException e) {
                if (e instanceof InvalidInputException bad) {
                    throw bad;
                }
                throw new InvalidInputException("cannot write output " + o.location + " (" + o.option + ") in "
                        + parent + ": " + e.getMessage() + ". Check that the directory can be created and written"
                        + " (permissions, a read-only mount), or choose another path", e);
            }
        }

        /** An empty directory holds nothing to lose: --overwrite may replace it with any output. */
        private static boolean isEmptyDirectory(FileSystem fs, FileStatus st) throws IOException {
            return st.isDirectory() && fs.listStatus(st.getPath()).length == 0;
        }

        private static String describe(FileSystem fs, FileStatus st) {
            if (!st.isDirectory()) {
                return "it is a file of " + st.getLen() + " bytes";
            }
            try {
                FileStatus[] in = fs.listStatus(st.getPath());
                StringBuilder sb = new StringBuilder("it is a directory holding ");
                for (int i = 0; i < Math.min(5, in.length); i++) {
                    sb.append(i == 0 ? "" : ", ").append(in[i].getPath().getName()).append(in[i].isDirectory() ? "/" : "");
                }
                return sb.append(in.length > 5 ? ", ... (" + in.length + " entries)" : "").toString();
            } catch (IOException e) {
                return "it is a directory";
            }
        }
    }
}
