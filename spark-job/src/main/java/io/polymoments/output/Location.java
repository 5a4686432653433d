package io.polymoments.output;

import io.polymoments.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A path as the file system sees it: qualified through the Hadoop file system of its URI (scheme, authority, working
 * directory) and with symbolic links resolved, so that two spellings of one place compare equal. Inputs and outputs
 * are compared as locations, never as strings.
 *
 * @param given     the path as the user wrote it (for messages)
 * @param fs        the file system of its URI
 * @param path      the qualified path (what is written to)
 * @param canonical the qualified path with every existing symbolic link on the way resolved
 */
public record Location(String given, FileSystem fs, Path path, Path canonical) {

    /** How two locations relate. */
    public enum Relation { DISJOINT, SAME, INSIDE, CONTAINS }

    public static Location of(Configuration conf, String given) {
        if (given == null || given.isBlank()) {
            throw new InvalidInputException("an empty path was given; name a file or directory");
        }
        Path raw = new Path(given);
        try {
            FileSystem fs = raw.getFileSystem(conf);
            Path q = fs.makeQualified(raw);
            return new Location(given, fs, q, canonical(fs, q));
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("cannot open the file system of " + given + ": " + e.getMessage()
                    + ". Check the path's scheme (file://, hdfs://, ...) and that the file system is reachable", e);
        }
    }

    /**
     * An input path, which may be a glob ({@code data/dt=*}): the location of the part before the first component
     * with a wildcard, so that an output anywhere the glob could reach counts as overlapping it.
     */
    public static Location ofInput(Configuration conf, String given) {
        return of(conf, globRoot(given));
    }

    static String globRoot(String given) {
        int wild = indexOfWildcard(given);
        if (wild < 0) {
            return given;
        }
        int slash = given.lastIndexOf('/', wild);
        String root = slash < 0 ? "." : given.substring(0, slash);
        return root.isEmpty() || root.endsWith(":") || root.endsWith(":/") ? root + "/" : root;
    }

    private static int indexOfWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return -1;
    }

    /** True on the local file system, where renames go through the operating system directly. */
    public boolean isLocal() {
        return "file".equalsIgnoreCase(fs.getUri().getScheme());
    }

    public String name() {
        return path.getName();
    }

    /** The directory holding this location (the root has none). */
    public Path parent() {
        return path.getParent();
    }

    /** How this location relates to {@code other}: the same place, inside it, containing it, or neither. */
    public Relation relationTo(Location other) {
        URI a = canonical.toUri();
        URI b = other.canonical.toUri();
        if (!same(a.getScheme(), b.getScheme()) || !same(a.getAuthority(), b.getAuthority())) {
            return Relation.DISJOINT;
        }
        List<String> x = components(a.getPath());
        List<String> y = components(b.getPath());
        int common = 0;
        while (common < x.size() && common < y.size() && x.get(common).equals(y.get(common))) {
            common++;
        }
        if (common == x.size() && common == y.size()) {
            return Relation.SAME;
        }
        if (common == y.size()) {
            return Relation.INSIDE;
        }
        return common == x.size() ? Relation.CONTAINS : Relation.DISJOINT;
    }

    @Override
    public String toString() {
        return given;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    private static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String c : (path == null ? "" : path).split("/")) {
            if (!c.isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Resolves symbolic links on the deepest existing ancestor and appends the rest: a path that does not exist yet
     * still lands where the links on its way lead.
     */
    private static Path canonical(FileSystem fs, Path q) throws IOException {
        List<String> rest = new ArrayList<>();
        Path p = q;
        while (p != null && !exists(fs, p)) {
            rest.add(0, p.getName());
            p = p.getParent();
        }
        if (p == null) {
            return q;
        }
        Path base;
        if ("file".equalsIgnoreCase(fs.getUri().getScheme())) {
            base = new Path(Paths.get(p.toUri()).toRealPath().toUri());
        } else {
            base = fs.resolvePath(p);
        }
        for (String name : rest) {
            base = new Path(base, name);
        }
        return base;
    }

    private static boolean exists(FileSystem fs, Path p) throws IOException {
        if ("file".equalsIgnoreCase(fs.getUri().getScheme())) {
            return Files.exists(Paths.get(p.toUri()));
        }
        return fs.exists(p);
    }
}
