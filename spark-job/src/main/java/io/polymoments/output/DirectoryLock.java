package io.polymoments.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.InvalidInputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on a directory shared by scheduled runs: a file {@code DIR/_lock} created only if absent
 * (O_EXCL on the local file system, create-without-overwrite on HDFS), holding its owner and start time. While held, a
 * background thread touches it, so a lock nobody has touched for longer than the stale age belongs to a run that
 * died: it is broken, with a message. Another run waits for it up to a timeout, then gives up with exit 2.
 */
public final class DirectoryLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryLock.class);
    public static final String FILE = "_lock";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final FileSystem fs;
    private final Path lock;
    private final String token;
    private final ScheduledExecutorService heartbeat;

    private DirectoryLock(FileSystem fs, Path lock, String token, Duration staleAfter) {
        this.fs = fs;
        this.lock = lock;
        this.token = token;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "polymoments-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, staleAfter.toMillis() / 4);
        heartbeat.scheduleAtFixedRate(this::touch, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lock on {@code dir} (created if missing), waiting up to {@code timeout} while another run holds it.
     *
     * @param what       what this run is, recorded in the lock for whoever finds it ("daily --date 2026-11-02")
     * @param staleAfter a lock untouched for this long is broken
     */
    public static DirectoryLock acquire(Configuration conf, String dir, String what, Duration timeout,
                                        Duration staleAfter) {
        Path given = new Path(dir, FILE);
        String token = UUID.randomUUID().toString();
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("owner", ManagementFactory.getRuntimeMXBean().getName() + " (" + host() + ")");
        owner.put("run", what);
        owner.put("started", Instant.now().toString());
        owner.put("token", token);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            FileSystem fs = given.getFileSystem(conf);
            Path lock = fs.makeQualified(given);
            fs.mkdirs(lock.getParent());
            byte[] body = MAPPER.writeValueAsBytes(owner);
            while (true) {
                if (tryCreate(fs, lock, body)) {
                    return new DirectoryLock(fs, lock, token, staleAfter);
                }
                FileStatus st;
                try {
                    st = fs.getFileStatus(lock);
                } catch (FileNotFoundException gone) {
                    continue; // released between our attempt and the look: try again at once
                }
                long idle = System.currentTimeMillis() - st.getModificationTime();
                if (idle > staleAfter.toMillis()) {
                    LOG.warn("breaking the lock {} held by {}: untouched for {} s (more than {} s), so its run died",
                            lock, describe(fs, lock), idle / 1000, staleAfter.toSeconds());
                    fs.delete(lock, false);
                    continue;
                }
                if (System.nanoTime() >= deadline) {
                    throw new InvalidInputException("state " + dir + " is locked by " + describe(fs, lock) + "; wait"
                            + " for that run to finish (or give --lock-timeout to wait longer). A lock untouched for"
                            + " longer than " + staleAfter.toSeconds() + " s is broken automatically");
                }
                Thread.sleep(Math.min(1000, Math.max(10, (deadline - System.nanoTime()) / 1_000_000)));
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot lock " + dir + ": " + e.getMessage() + ". Check that the"
                    + " directory can be written", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the lock on " + dir, e);
        }
    }

    /** Creates the lock file only if absent, atomically. */
    private static boolean tryCreate(FileSystem fs, Path lock, byte[] body) throws IOException {
        if ("file".equalsIgnoreCase(fs.getUri().getScheme())) {
            try {
                Files.write(Paths.get(lock.toUri()), body, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        try (OutputStream out = fs.create(lock, false)) {
            out.write(body);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
    }

    /** "pid@host (host) since 2026-...: daily --date ..." from the lock's contents. */
    private static String describe(FileSystem fs, Path lock) {
        try {
            JsonNode j = MAPPER.readTree(TextFiles.readHead(fs, lock, 1 << 16));
            return j.path("owner").asText("?") + ", running '" + j.path("run").asText("?") + "' since "
                    + j.path("started").asText("?");
        } catch (IOException | RuntimeException e) {
            return "another run (" + lock + " is unreadable: " + e.getMessage() + ")";
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    private boolean ours() throws IOException {
        try {
            return token.equals(MAPPER.readTree(TextFiles.readHead(fs, lock, 1 << 16)).path("token").asText(""));
        } catch (FileNotFoundException e) {
            return false;
        }
    }

    private void touch() {
        try {
            fs.setTimes(lock, System.currentTimeMillis(), -1);
        } catch (IOException e) {
            LOG.warn("could not refresh the lock {}: {}", lock, e.toString());
        }
    }

    /** Releases the lock if it is still ours (a run that was presumed dead may find it broken and taken). */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            if (ours()) {
                fs.delete(lock, false);
            } else {
                LOG.warn("the lock {} was broken and taken by another run while this one held it", lock);
            }
        } catch (IOException e) {
            LOG.warn("could not release the lock {}: {}", lock, e.toString());
        }
    }
}
