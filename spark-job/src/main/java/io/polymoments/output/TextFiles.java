package io.polymoments.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Small files (JSON, HTML, PNG) through the Hadoop file system of their URI. On the local file system the raw one is
 * used, so no {@code .NAME.crc} checksum file is left beside a file we later move.
 */
public final class TextFiles {
    private TextFiles() {}

    public static void writeText(Configuration conf, String path, String text) throws IOException {
        writeBytes(conf, path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Creates {@code path} (which must not exist yet) with these bytes. */
    public static void writeBytes(Configuration conf, String path, byte[] bytes) throws IOException {
        Path p = new Path(path);
        FileSystem fs = raw(p.getFileSystem(conf));
        try (OutputStream out = fs.create(p, false)) {
            out.write(bytes);
        }
    }

    /** The first {@code limit} bytes of a file as UTF-8 (recognisers read no more than they need). */
    public static String readHead(FileSystem fs, Path p, int limit) throws IOException {
        try (InputStream in = fs.open(p)) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while (buf.size() < limit && (n = in.read(chunk, 0, Math.min(chunk.length, limit - buf.size()))) > 0) {
                buf.write(chunk, 0, n);
            }
            return buf.toString(StandardCharsets.UTF_8);
        }
    }

    public static String readText(Configuration conf, String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        try (InputStream in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static FileSystem raw(FileSystem fs) {
        return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    }
}
