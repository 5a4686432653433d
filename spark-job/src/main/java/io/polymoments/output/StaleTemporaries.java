package io.polymoments.output;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a killed run leaves beside its outputs: temporaries ({@code .NAME.tmp-*}) and, when it died half-way through
 * its final moves, an older output moved aside ({@code .NAME.old-*}). Only our own naming is touched, and only what
 * nothing has written for longer than the stale age (a live run writes into its temporary all along).
 */
final class StaleTemporaries {
    private static final Logger LOG = LoggerFactory.getLogger(StaleTemporaries.class);

    private StaleTemporaries() {}

    /**
     * Removes stale temporaries of {@code targets} in {@code dir}; an output moved aside whose target is missing is
     * moved back (the run died before the new one landed), one whose target exists is deleted.
     */
    static void remove(FileSystem fs, Path dir, List<Path> targets, long staleMillis) throws java.io.UncheckedIOException {
        FileStatus[] entries;
        try {
            if (!fs.exists(dir)) {
                return;
            }
            entries = fs.listStatus(dir);
        } catch (IOException e) {
            LOG.warn("could not list {} for stale temporaries: {}", dir, e.toString());
            return;
        }
        long now = System.currentTimeMillis();
        for (Path target : targets) {
            String tmp = "." + target.getName() + OutputSet.TMP;
            String old = "." + target.getName() + OutputSet.OLD;
            for (FileStatus st : entries) {
                String n = st.getPath().getName();
                boolean isTmp = n.startsWith(tmp);
                boolean isOld = n.startsWith(old);
                if (!isTmp && !isOld) {
                    continue;
                }
                try {
                    long age = now - newestModification(fs, st);
                    if (age < staleMillis) {
                        continue;
                    }
                    if (isOld && !fs.exists(target)) {
                        FileMoves.moveNoReplace(fs, fs.getConf(), st.getPath(), target);
                        LOG.warn("restored {} from {}: a run died while replacing it ({} min ago)", target,
                                st.getPath(), age / 60_000);
                    } else {
                        fs.delete(st.getPath(), true);
                        LOG.warn("removed {}, left by a run that was killed ({} min without a write)", st.getPath(),
                                age / 60_000);
                    }
                } catch (IOException e) {
                    LOG.warn("could not clean up {}: {}", st.getPath(), e.toString());
                }
            }
        }
    }

    /** The latest modification time anywhere in the tree (a live writer touches its newest file). */
    private static long newestModification(FileSystem fs, FileStatus st) throws IOException {
        long newest = st.getModificationTime();
        if (st.isDirectory()) {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(st.getPath(), true);
            while (it.hasNext()) {
                newest = Math.max(newest, it.next().getModificationTime());
            }
        }
        return newest;
    }
}
