package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/** The module flag list lives in two places (pom.xml for tests, submit/lib/env.sh for scripts): both must be Spark's. */
class JvmOptionsTest {

    @Test
    void scriptsUseExactlySparksModuleOptions() throws Exception {
        String env = Files.readString(Path.of("..", "submit", "lib", "env.sh"));
        Matcher m = Pattern.compile("SPARK_JAVA_OPENS=\"([^\"]+)\"").matcher(env);
        assertTrue(m.find(), "submit/lib/env.sh defines SPARK_JAVA_OPENS");
        List<String> ours = Arrays.asList(m.group(1).trim().split("\\s+"));
        List<String> spark = Arrays.asList(JavaModuleOptions.defaultModuleOptionArray());
        assertEquals(spark, ours);
    }

    @Test
    void testJvmRunsWithSparksModuleOptions() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String opt : JavaModuleOptions.defaultModuleOptionArray()) {
            assertTrue(args.contains(opt), "surefire argLine (pom.xml spark.jvm.opens) lacks " + opt);
        }
    }
}
