package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The submit/ scripts' own behaviour, run with bash as a user would (no jar is built: both exit before that). */
class SubmitScriptsTest {

    private record Run(int exit, String stdout, String stderr) {}

    private static Run bash(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "bash";
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File(".."));
        File err = File.createTempFile("submit-scripts", ".err");
        try {
            Process p = pb.redirectError(err).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            return new Run(exit, out, java.nio.file.Files.readString(err.toPath()));
        } finally {
            err.delete();
        }
    }

    @Test
    void localShWithoutACommandIsAUsageError() throws Exception {
        Run r = bash("submit/local.sh");
        assertEquals(2, r.exit(), r.stderr());
        assertTrue(r.stderr().startsWith("usage: submit/local.sh <command>"), r.stderr());
    }

    @Test
    void theMissingBlasHintAppearsExactlyWhenTheLinkerListsNoBlas() throws Exception {
        // 'ldconfig -p | grep -q' under pipefail failed in 1.5–5% of calls here (grep's early exit kills ldconfig
        // with SIGPIPE) and printed the hint although OpenBLAS was installed: over 300 calls the hint must appear
        // either every time or never, as the linker's whole list says
        Run r = bash("-c", "set -euo pipefail; source submit/lib/env.sh; list=\"$(ldconfig -p 2>/dev/null || true)\";"
                + " expected=300; case \"$list\" in *libopenblas*|*libblas.so.3*) expected=0;; esac; hints=0;"
                + " for i in $(seq 300); do [ -z \"$(polymoments_blas_hint 2>&1)\" ] || hints=$((hints + 1)); done;"
                + " echo \"$expected $hints\"");
        assertEquals(0, r.exit(), r.stderr());
        String[] expectedAndSeen = r.stdout().trim().split(" ");
        assertEquals(expectedAndSeen[0], expectedAndSeen[1], "hints printed in 300 calls (expected, seen): " + r.stdout());
    }
}
