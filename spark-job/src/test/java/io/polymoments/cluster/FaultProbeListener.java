package io.polymoments.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Runs inside a submitted driver (spark.extraListeners) and tells {@link StandaloneClusterIT} what happened there:
 * it creates {@code <dir>/watched-task-done} when the first task of the watched job (by job description prefix,
 * default "pass 2/2") has succeeded, the moment to inject a fault, and keeps {@code <dir>/summary.properties} up to
 * date with failed tasks and their reasons, stage re-attempts, and executors added and removed (and whether a removal
 * happened while a stage of the watched job was running). Events arrive on one listener thread, in order.
 */
public final class FaultProbeListener extends SparkListener {
    public static final String DIR = "spark.polymoments.probe.dir";
    public static final String JOB_PREFIX = "spark.polymoments.probe.jobPrefix";
    public static final String MARKER = "watched-task-done";
    public static final String SUMMARY = "summary.properties";

    private final Path dir;
    private final String jobPrefix;
    private final Set<Integer> watchedStages = new HashSet<>();
    private final Set<Integer> runningWatchedStages = new HashSet<>();
    private final Map<String, Integer> failureReasons = new TreeMap<>();
    private int watchedTasksSucceeded;
    private int failedTasks;
    private int watchedFailedTasks;
    private int stageReattempts;
    private int executorsAdded;
    private int executorsRemoved;
    private int executorsRemovedDuringWatchedJob;

    public FaultProbeListener(SparkConf conf) {
        this.dir = Path.of(conf.get(DIR));
        this.jobPrefix = conf.get(JOB_PREFIX, "pass 2/2");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart e) {
        String description = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
        if (description != null && description.startsWith(jobPrefix)) {
            for (Object id : CollectionConverters.asJava(e.stageIds())) {
                watchedStages.add((Integer) id);
            }
        }
    }

    @Override
    public synchronized void onStageSubmitted(SparkListenerStageSubmitted e) {
        if (e.stageInfo().attemptNumber() > 0) {
            stageReattempts++;
        }
        if (watchedStages.contains(e.stageInfo().stageId())) {
            runningWatchedStages.add(e.stageInfo().stageId());
        }
    }

    @Override
    public synchronized void onStageCompleted(SparkListenerStageCompleted e) {
        runningWatchedStages.remove(e.stageInfo().stageId());
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
        boolean watched = watchedStages.contains(e.stageId());
        if (e.taskInfo().successful()) {
            if (watched && ++watchedTasksSucceeded == 1) {
                write(MARKER, "stage " + e.stageId() + "\n");
            }
            return;
        }
        failedTasks++;
        if (watched) {
            watchedFailedTasks++;
        }
        String reason = e.reason().getClass().getSimpleName().replace("$", "");
        failureReasons.merge(reason, 1, Integer::sum);
        writeSummary();
    }

    @Override
    public synchronized void onExecutorAdded(SparkListenerExecutorAdded e) {
        executorsAdded++;
    }

    @Override
    public synchronized void onExecutorRemoved(SparkListenerExecutorRemoved e) {
        executorsRemoved++;
        if (!runningWatchedStages.isEmpty()) {
            executorsRemovedDuringWatchedJob++;
        }
        writeSummary();
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd e) {
        writeSummary();
    }

    @Override
    public synchronized void onApplicationEnd(SparkListenerApplicationEnd e) {
        writeSummary();
    }

    private void writeSummary() {
        Properties p = new Properties();
        p.setProperty("watchedTasksSucceeded", Integer.toString(watchedTasksSucceeded));
        p.setProperty("failedTasks", Integer.toString(failedTasks));
        p.setProperty("watchedFailedTasks", Integer.toString(watchedFailedTasks));
        p.setProperty("failureReasons", failureReasons.toString());
        p.setProperty("stageReattempts", Integer.toString(stageReattempts));
        p.setProperty("executorsAdded", Integer.toString(executorsAdded));
        p.setProperty("executorsRemoved", Integer.toString(executorsRemoved));
        p.setProperty("executorsRemovedDuringWatchedJob", Integer.toString(executorsRemovedDuringWatchedJob));
        try {
            Path tmp = Files.createTempFile(dir, SUMMARY, ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "FaultProbeListener");
            }
            Files.move(tmp, dir.resolve(SUMMARY), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String name, String text) {
        try {
            Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
