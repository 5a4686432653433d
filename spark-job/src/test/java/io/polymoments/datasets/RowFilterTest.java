package io.polymoments.datasets;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import io.polymoments.spark.SharedSpark;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --where} keeps exactly the rows its condition selects, for every construct a row filter may use (checked
 * against the same condition evaluated in Java on the generated rows), and refuses everything else by name.
 */
class RowFilterTest {
    private static final SparkSession spark = SharedSpark.session();
    private static final int N = 240;
    private static final LocalDate DAY0 = LocalDate.of(2020, 1, 1);
    @TempDir
    static Path dir;
    private static String data;

    /** One generated row; y = [id, 1]. */
    record Rec(int id, int k, double v, Double n, String s, String t, LocalDate dt, int hour, int minute, int second) {
        static Rec of(int id) {
            return new Rec(id, id % 7, (id - 120) * 0.25, id % 5 == 0 ? null : (double) id,
                    "ab" + (id % 10) + (id % 4 == 0 ? "Z" : ""), id % 3 == 0 ? "  pad " : "nopad", DAY0.plusDays(id),
                    id % 24, id % 60, (id * 7) % 60);
        }

        Row row() {
            return RowFactory.create(Arrays.asList((double) id, 1.0), id, k, v, n, s, t, dt.toString(),
                    String.format("%s %02d:%02d:%02d", DAY0, hour, minute, second));
        }
    }

    @BeforeAll
    static void write() {
        StructType schema = new StructType()
                .add("y", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
                .add("id", DataTypes.IntegerType).add("k", DataTypes.IntegerType).add("v", DataTypes.DoubleType)
                .add("n", DataTypes.DoubleType, true).add("s", DataTypes.StringType).add("t", DataTypes.StringType)
                .add("dt", DataTypes.StringType).add("ts", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            rows.add(Rec.of(i).row());
        }
        data = dir.resolve("rows").toString();
        spark.createDataFrame(rows, schema).coalesce(2).write().parquet(data);
    }

    /** The ids of the rows each condition keeps, all conditions evaluated in one query over the stored rows. */
    private static List<Set<Integer>> kept(List<String> wheres) {
        Dataset<Row> raw = spark.read().parquet(data);
        List<Column> cols = new ArrayList<>(List.of(col("id")));
        for (String w : wheres) {
            cols.add(RowFilter.parse(spark, w));
        }
        List<Set<Integer>> out = new ArrayList<>();
        wheres.forEach(w -> out.add(new TreeSet<>()));
        for (Row r : raw.select(cols.toArray(Column[]::new)).collectAsList()) {
            for (int c = 0; c < wheres.size(); c++) {
                if (!r.isNullAt(c + 1) && r.getBoolean(c + 1)) { // a filter keeps the rows where it is true
                    out.get(c).add(r.getInt(0));
                }
            }
        }
        return out;
    }

    /** Conditions and the same conditions in Java; {@link #verify} compares the rows they keep. */
    private static final class Cases {
        final List<String> wheres = new ArrayList<>();
        final List<Predicate<Rec>> predicates = new ArrayList<>();

        void check(String where, Predicate<Rec> p) {
            wheres.add(where);
            predicates.add(p);
        }

        void verify() {
            List<Set<Integer>> got = kept(wheres);
            for (int c = 0; c < wheres.size(); c++) {
                Set<Integer> want = new TreeSet<>();
                for (int i = 0; i < N; i++) {
                    if (predicates.get(c).test(Rec.of(i))) {
                        want.add(i);
                    }
                }
                assertEquals(want, got.get(c), wheres.get(c));
            }
        }
    }

    @Test
    void theReaderKeepsTheRowsTheFilterSelects() {
        SampleSet s = new SampleReader(spark).read(data, null, "y", List.of(), "k in (1, 2) and dt < '2020-03-01'");
        Set<Integer> got = s.frame().collectAsList().stream().map(r -> ((Double) r.getList(0).get(0)).intValue())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> want = new TreeSet<>();
        for (int i = 0; i < N; i++) {
            Rec r = Rec.of(i);
            if ((r.k == 1 || r.k == 2) && r.dt.isBefore(LocalDate.of(2020, 3, 1))) {
                want.add(i);
            }
        }
        assertEquals(want, got);
    }

    @Test
    void comparisonsBooleansAndArithmeticKeepTheRightRows() {
        Cases c = new Cases();
        c.check("k = 3", r -> r.k == 3);
        c.check("k == 3", r -> r.k == 3);
        c.check("n <=> null", r -> r.n == null);
        c.check("k != 3", r -> r.k != 3);
        c.check("k <> 3", r -> r.k != 3);
        c.check("v < 0", r -> r.v < 0);
        c.check("v <= 0", r -> r.v <= 0);
        c.check("v > 10", r -> r.v > 10);
        c.check("v >= 10", r -> r.v >= 10);
        c.check("k in (1, 2)", r -> r.k == 1 || r.k == 2);
        c.check("k not in (1, 2)", r -> r.k != 1 && r.k != 2);
        c.check("id between 10 and 20", r -> r.id >= 10 && r.id <= 20);
        c.check("id not between 10 and 200", r -> r.id < 10 || r.id > 200);
        c.check("n is null", r -> r.n == null);
        c.check("n is not null", r -> r.n != null);
        c.check("s like 'ab1%'", r -> r.s.startsWith("ab1"));
        c.check("s like '%Z'", r -> r.s.endsWith("Z"));
        c.check("s not like 'ab_'", r -> r.s.length() != 3);
        c.check("s ilike 'AB2%'", r -> r.s.startsWith("ab2"));
        c.check("k = 1 and v > 0", r -> r.k == 1 && r.v > 0);
        c.check("k = 1 or k = 2", r -> r.k == 1 || r.k == 2);
        c.check("not (k = 1)", r -> r.k != 1);
        c.check("id + 1 = 10", r -> r.id == 9);
        c.check("id - 1 = 10", r -> r.id == 11);
        c.check("id * 2 = 10", r -> r.id == 5);
        c.check("id / 4 = 2.5", r -> r.id == 10);
        c.check("id % 7 = 3", r -> r.id % 7 == 3);
        c.check("id div 7 = 3", r -> r.id / 7 == 3);
        c.check("-v > 5", r -> -r.v > 5);
        c.check("+v > 5", r -> r.v > 5);
        c.check("cast(v as int) = 2", r -> (int) r.v == 2);
        c.check("case when k < 2 then 'low' when k < 5 then 'mid' else 'high' end = 'mid'", r -> r.k >= 2 && r.k < 5);
        c.check("case k when 6 then true else false end", r -> r.k == 6);
        c.check("if(k > 3, v, -v) > 0", r -> (r.k > 3 ? r.v : -r.v) > 0);
        c.check("y[0] = 17", r -> r.id == 17);
        c.check("size(y) = 2", r -> true);
        c.check("dt >= '2020-03-01'", r -> !r.dt.isBefore(LocalDate.of(2020, 3, 1)));
        c.verify();
    }

    @Test
    void dateFunctionsKeepTheRightRows() {
        Cases c = new Cases();
        c.check("to_date(dt) >= date '2020-03-01'", r -> !r.dt.isBefore(LocalDate.of(2020, 3, 1)));
        c.check("date_add(to_date(dt), 10) = date '2020-02-01'", r -> r.dt.plusDays(10).equals(LocalDate.of(2020, 2, 1)));
        c.check("date_sub(dt, 1) = date '2020-01-31'", r -> r.dt.minusDays(1).equals(LocalDate.of(2020, 1, 31)));
        c.check("datediff(dt, '2020-01-01') = 40", r -> r.id == 40);
        c.check("year(dt) = 2020", r -> r.dt.getYear() == 2020);
        c.check("month(dt) = 3", r -> r.dt.getMonthValue() == 3);
        c.check("day(dt) = 15", r -> r.dt.getDayOfMonth() == 15);
        c.check("dayofmonth(dt) = 15", r -> r.dt.getDayOfMonth() == 15);
        c.check("dayofweek(dt) = 1", r -> r.dt.getDayOfWeek() == DayOfWeek.SUNDAY);
        c.check("date_format(dt, 'MM') = '04'", r -> r.dt.getMonthValue() == 4);
        c.check("add_months(dt, 1) = date '2020-03-05'", r -> r.dt.equals(LocalDate.of(2020, 2, 5)));
        c.check("trunc(dt, 'MM') = date '2020-02-01'", r -> r.dt.getMonthValue() == 2);
        c.check("date_trunc('MONTH', dt) = timestamp '2020-02-01 00:00:00'", r -> r.dt.getMonthValue() == 2);
        c.check("extract(month from to_date(dt)) = 2", r -> r.dt.getMonthValue() == 2);
        c.check("to_date(dt) < current_date()", r -> r.dt.isBefore(LocalDate.now()));
        c.check("to_date(dt) < current_date", r -> r.dt.isBefore(LocalDate.now()));
        c.check("hour(ts) = 5", r -> r.hour == 5);
        c.check("minute(ts) = 7", r -> r.minute == 7);
        c.check("second(ts) = 14", r -> r.second == 14);
        c.verify();
    }

    @Test
    void stringFunctionsKeepTheRightRows() {
        Cases c = new Cases();
        c.check("lower(s) = 'ab4z'", r -> r.s.toLowerCase().equals("ab4z"));
        c.check("upper(s) = 'AB4Z'", r -> r.s.toUpperCase().equals("AB4Z"));
        c.check("length(t) = 6", r -> r.t.length() == 6);
        c.check("substr(s, 3, 1) = '7'", r -> r.s.charAt(2) == '7');
        c.check("substring(s, 3) = '7'", r -> r.s.substring(2).equals("7"));
        c.check("substring(s from 3 for 1) = '7'", r -> r.s.charAt(2) == '7');
        c.check("concat(s, '-', k) = 'ab3-3'", r -> (r.s + "-" + r.k).equals("ab3-3"));
        c.check("s || 'q' = 'ab5q'", r -> (r.s + "q").equals("ab5q"));
        c.check("trim(t) = 'pad'", r -> r.t.trim().equals("pad"));
        c.check("trim(both ' ' from t) = 'pad'", r -> r.t.trim().equals("pad"));
        c.check("ltrim(t) = 'pad '", r -> r.t.stripLeading().equals("pad "));
        c.check("startswith(s, 'ab1')", r -> r.s.startsWith("ab1"));
        c.check("endswith(s, 'Z')", r -> r.s.endsWith("Z"));
        c.check("contains(s, '9')", r -> r.s.contains("9"));
        c.verify();
    }

    @Test
    void mathFunctionsKeepTheRightRows() {
        Cases c = new Cases();
        c.check("abs(v) < 1", r -> Math.abs(r.v) < 1);
        c.check("sqrt(id) = 5", r -> r.id == 25);
        c.check("exp(0) * id = 3", r -> r.id == 3);
        c.check("ln(id) > 5", r -> r.id > 0 && Math.log(r.id) > 5);
        c.check("log(10, id) >= 2", r -> r.id >= 100);
        c.check("pow(k, 2) = 9", r -> r.k == 3);
        c.check("power(k, 2) = 16", r -> r.k == 4);
        c.check("floor(v) = -3", r -> Math.floor(r.v) == -3);
        c.check("ceil(v) = 3", r -> Math.ceil(r.v) == 3);
        c.check("round(v) = -3", r -> BigDecimal.valueOf(r.v).setScale(0, RoundingMode.HALF_UP).intValue() == -3);
        c.check("sign(v) = -1", r -> r.v < 0);
        c.check("greatest(k, 4) = 4", r -> r.k <= 4);
        c.check("least(k, 2) = k", r -> r.k <= 2);
        c.check("pmod(id - 100, 7) = 1", r -> Math.floorMod(r.id - 100, 7) == 1);
        c.check("not isnan(v)", r -> true);
        c.check("coalesce(n, -1) = -1", r -> r.n == null);
        c.check("nvl(n, 0) > 100", r -> r.n != null && r.n > 100);
        c.verify();
    }

    private static String refused(String where) {
        return assertThrows(InvalidInputException.class,
                () -> new SampleReader(spark).read(data, null, "y", List.of(), where), where).getMessage();
    }

    private static void assertRefused(String where, String... mustName) {
        String m = refused(where);
        for (String s : mustName) {
            assertTrue(m.contains(s), "the refusal of " + where + " should name " + s + ": " + m);
        }
        assertTrue(m.contains("--where"), m);
        assertTrue(m.contains("allowed"), "the refusal says what is allowed: " + m);
    }

    @Test
    void reflectiveCallsAndEveryOtherConstructAreRefusedByName() {
        System.clearProperty("x");
        assertRefused("java_method('java.lang.System','setProperty','x','y') is null", "'java_method'");
        assertRefused("reflect('java.lang.Thread','sleep', cast(3000 as bigint)) is null", "'reflect'");
        // hidden inside allowed constructs
        assertRefused("abs(java_method('java.lang.System','setProperty','x','y')) > 0", "'java_method'");
        assertRefused("k = 1 or case when reflect('java.lang.System','setProperty','x','y') is null then true end",
                "'reflect'");
        assertRefused("coalesce(n, cast(java_method('java.lang.System','setProperty','x','y') as double)) > 0",
                "'java_method'");
        assertRefused("k in (select 1)", "subquery");
        assertRefused("k = (select max(k) from range(3))", "subquery");
        assertRefused("exists (select 1)", "subquery");
        assertRefused("k = 1 or exists (select java_method('java.lang.System','setProperty','x','y'))", "subquery");
        assertRefused("exists(y, v -> v > 0)", "'exists'");
        assertRefused("count(*) > 0", "'count'");
        assertRefused("system.builtin.abs(k) > 0", "system.builtin.abs");
        assertRefused("IDENTIFIER('reflect')('java.lang.System','setProperty','x','y') is null", "IDENTIFIER");
        assertRefused("abs(k) over () > 0", "window");
        assertRefused("s rlike 'a+'", "RLIKE");
        assertRefused("struct(k).k > 0", "struct");
        assertRefused("k = :p", "parameter");
        spark.udf().register("plusone", (UDF1<Integer, Integer>) i -> i + 1, DataTypes.IntegerType);
        assertRefused("plusone(k) > 2", "'plusone'");
        assertNull(System.getProperty("x"), "no refused function ran");
    }

    @Test
    void everyAllowedFunctionIsASparkBuiltin() {
        for (String f : RowFilter.FUNCTIONS) {
            assertTrue(spark.catalog().functionExists(f), f + " is not a Spark function");
        }
    }
}
