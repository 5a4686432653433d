package io.polymoments.output;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * Renames that never replace: the move of a finished output into place fails when something appeared there in the
 * meantime (another run), instead of silently replacing it. {@code FileSystem.rename} cannot promise that: on HDFS it
 * moves a directory <em>into</em> an existing one, and on the local file system it falls back to copying.
 */
final class FileMoves {
    private FileMoves() {}

    /** Thrown when the destination of a move already exists. */
    static final class TargetExists extends IOException {
        private static final long serialVersionUID = 1L;

        TargetExists(Path target) {
            super(target + " already exists");
        }
    }

    /**
     * Moves {@code src} to {@code dst} (same directory level, same file system), failing with {@link TargetExists}
     * when {@code dst} exists, atomically where the file system allows: on the local file system a file is
     * hard-linked (link(2) fails on an existing name) and a directory claims its name with mkdir(2) and then
     * replaces that empty claim with rename(2); on HDFS and other file systems with an AbstractFileSystem binding,
     * FileContext's rename without OVERWRITE, which the NameNode checks atomically. Elsewhere (object stores, whose
     * renames are copies anyway) an existence check precedes the rename.
     */
    static void moveNoReplace(FileSystem fs, Configuration conf, Path src, Path dst) throws IOException {
        if ("file".equalsIgnoreCase(fs.getUri().getScheme())) {
            moveLocal(src, dst);
            return;
        }
        FileContext fc;
        try {
            fc = FileContext.getFileContext(fs.getUri(), conf);
        } catch (UnsupportedFileSystemException e) {
            fc = null;
        }
        if (fc != null) {
            try {
                fc.rename(src, dst, Options.Rename.NONE);
                return;
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
                throw new TargetExists(dst);
            } catch (UnsupportedOperationException e) {
                // fall through: this file system has no rename with options
            }
        }
        if (fs.exists(dst)) {
            throw new TargetExists(dst);
        }
        if (!fs.rename(src, dst)) {
            throw new IOException("rename of " + src + " to " + dst + " failed");
        }
    }

    private static void moveLocal(Path src, Path dst) throws IOException {
        java.nio.file.Path s = Paths.get(src.toUri());
        java.nio.file.Path d = Paths.get(dst.toUri());
        try {
            if (Files.isDirectory(s, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(d);
                try {
                    Files.move(s, d, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    Files.deleteIfExists(d); // our empty claim
                    throw e;
                }
            } else {
                try {
                    Files.createLink(d, s);
                } catch (UnsupportedOperationException e) { // a file system without hard links
                    if (Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
                        throw new FileAlreadyExistsException(d.toString());
                    }
                    Files.move(s, d, StandardCopyOption.ATOMIC_MOVE);
                    return;
                }
                Files.delete(s);
            }
        } catch (FileAlreadyExistsException e) {
            throw new TargetExists(dst);
        }
    }
}
