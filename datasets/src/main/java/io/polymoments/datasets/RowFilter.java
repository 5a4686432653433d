package io.polymoments.datasets;

import io.polymoments.InvalidInputException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.ExpressionWithUnresolvedIdentifier;
import org.apache.spark.sql.catalyst.analysis.Parameter;
import org.apache.spark.sql.catalyst.analysis.Star;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedExtractValue;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Add;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.CaseWhen;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Concat;
import org.apache.spark.sql.catalyst.expressions.Divide;
import org.apache.spark.sql.catalyst.expressions.EqualNullSafe;
import org.apache.spark.sql.catalyst.expressions.EqualTo;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GreaterThan;
import org.apache.spark.sql.catalyst.expressions.GreaterThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.ILike;
import org.apache.spark.sql.catalyst.expressions.In;
import org.apache.spark.sql.catalyst.expressions.InSubquery;
import org.apache.spark.sql.catalyst.expressions.IntegralDivide;
import org.apache.spark.sql.catalyst.expressions.IsNotNull;
import org.apache.spark.sql.catalyst.expressions.IsNull;
import org.apache.spark.sql.catalyst.expressions.LambdaFunction;
import org.apache.spark.sql.catalyst.expressions.LessThan;
import org.apache.spark.sql.catalyst.expressions.LessThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.Like;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Multiply;
import org.apache.spark.sql.catalyst.expressions.Not;
import org.apache.spark.sql.catalyst.expressions.Or;
import org.apache.spark.sql.catalyst.expressions.RLike;
import org.apache.spark.sql.catalyst.expressions.Remainder;
import org.apache.spark.sql.catalyst.expressions.StringLocate;
import org.apache.spark.sql.catalyst.expressions.StringTrim;
import org.apache.spark.sql.catalyst.expressions.StringTrimLeft;
import org.apache.spark.sql.catalyst.expressions.StringTrimRight;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.expressions.Substring;
import org.apache.spark.sql.catalyst.expressions.Subtract;
import org.apache.spark.sql.catalyst.expressions.UnaryMinus;
import org.apache.spark.sql.catalyst.expressions.UnaryPositive;
import org.apache.spark.sql.catalyst.expressions.WindowExpression;
import org.apache.spark.sql.classic.ExpressionUtils;

/**
 * A {@code --where} row filter: parsed by the session's own Spark SQL parser, then checked node by node against an
 * allow-list, so that it can only compare, combine and compute values of a row. Spark SQL expressions can call
 * static Java methods ({@code java_method}, {@code reflect}), user functions and subqueries, which would run on every
 * executor; a filter must not. The tree that was checked is the one applied (no second parse of the text).
 */
public final class RowFilter {
    /** Pure functions of a row's values (date, string, math, null handling, casts); lower case. */
    static final Set<String> FUNCTIONS = new TreeSet<>(List.of(
            // date and time
            "current_date", "current_timestamp", "now", "to_date", "to_timestamp", "date_add", "date_sub",
            "datediff", "date_diff", "year", "quarter", "month", "day", "dayofmonth", "dayofweek", "dayofyear",
            "weekday", "weekofyear", "hour", "minute", "second", "date_format", "add_months", "months_between",
            "trunc", "date_trunc", "last_day", "next_day", "make_date", "unix_timestamp", "from_unixtime",
            "unix_date", "extract", "date_part",
            // strings
            "lower", "lcase", "upper", "ucase", "initcap", "length", "char_length", "character_length", "substr",
            "substring", "left", "right", "concat", "concat_ws", "trim", "ltrim", "rtrim", "btrim", "startswith",
            "endswith", "contains", "instr", "locate", "position", "replace",
            // math
            "abs", "sqrt", "cbrt", "exp", "expm1", "ln", "log", "log10", "log2", "log1p", "pow", "power", "floor",
            "ceil", "ceiling", "round", "bround", "sign", "signum", "greatest", "least", "pmod", "mod", "isnan",
            "nanvl", "negative", "positive",
            // nulls, conditions, arrays, casts
            "coalesce", "nvl", "nvl2", "ifnull", "nullif", "if", "isnull", "isnotnull", "between", "size",
            "boolean", "int", "bigint", "float", "double", "decimal", "string", "date", "timestamp"));

    /** Everything else a filter may contain: columns, literals, comparisons, logic, arithmetic, CAST, CASE. */
    private static final Set<Class<? extends Expression>> CONSTRUCTS = Set.of(
            UnresolvedAttribute.class, UnresolvedExtractValue.class, Literal.class,
            EqualTo.class, EqualNullSafe.class, LessThan.class, LessThanOrEqual.class, GreaterThan.class,
            GreaterThanOrEqual.class, In.class, IsNull.class, IsNotNull.class, Like.class, ILike.class,
            And.class, Or.class, Not.class,
            Add.class, Subtract.class, Multiply.class, Divide.class, Remainder.class, IntegralDivide.class,
            UnaryMinus.class, UnaryPositive.class, Cast.class, CaseWhen.class,
            // what the parser makes of s || t, SUBSTRING(s FROM i FOR n), TRIM(BOTH c FROM s), POSITION(a IN s)
            Concat.class, Substring.class, StringTrim.class, StringTrimLeft.class, StringTrimRight.class,
            StringLocate.class);

    private static final String ALLOWED = "A row filter may use column references, literals, comparisons (=, ==, <=>,"
            + " !=, <>, <, <=, >, >=, IN, BETWEEN, IS [NOT] NULL, LIKE, ILIKE), AND, OR, NOT, arithmetic (+, -, *, /, %,"
            + " div), CAST, CASE WHEN and these functions: " + String.join(", ", FUNCTIONS) + ".";

    private RowFilter() {}

    /**
     * The condition as a column to filter by, or an {@link InvalidInputException} naming what it may not contain or
     * why Spark cannot parse it. Runs no Spark job.
     */
    public static Column parse(SparkSession spark, String where) {
        Expression e;
        try {
            e = spark.sessionState().sqlParser().parseExpression(where);
        } catch (Exception ex) { // ParseException; its message starts with a blank line
            throw new InvalidInputException("--where '" + where + "' is not a valid Spark SQL condition: "
                    + firstNonBlankLine(ex.getMessage()) + ". Write a condition such as \"dt >= '2026-01-01' AND"
                    + " abs(x) < 10\" (string literals in single quotes).", ex);
        }
        String refused = firstRefused(e);
        if (refused != null) {
            throw new InvalidInputException("--where '" + where + "' uses " + refused + ", which is not allowed in a"
                    + " row filter. " + ALLOWED);
        }
        return ExpressionUtils.column(e);
    }

    /** What the first node not allowed is, in words, or null when every node is allowed (outermost first). */
    private static String firstRefused(Expression e) {
        String here = refusal(e);
        if (here != null) {
            return here;
        }
        scala.collection.Iterator<Expression> children = e.children().iterator();
        while (children.hasNext()) {
            String below = firstRefused(children.next());
            if (below != null) {
                return below;
            }
        }
        return null;
    }

    private static String refusal(Expression e) {
        if (e instanceof UnresolvedFunction f) {
            String name = String.join(".", scala.jdk.javaapi.CollectionConverters.asJava(f.nameParts()));
            if (f.nameParts().size() > 1) {
                return "the qualified function name '" + name + "' (use the bare name of a built-in function)";
            }
            return FUNCTIONS.contains(name.toLowerCase(java.util.Locale.ROOT)) ? null : "the function '" + name + "'";
        }
        if (CONSTRUCTS.contains(e.getClass())) {
            return null;
        }
        if (e instanceof SubqueryExpression || e instanceof InSubquery) {
            return "a subquery";
        }
        if (e instanceof LambdaFunction) {
            return "a lambda function";
        }
        if (e instanceof WindowExpression) {
            return "a window function (OVER)";
        }
        if (e instanceof RLike) {
            return "RLIKE/REGEXP (a regular expression can take exponential time per row; use LIKE)";
        }
        if (e instanceof ExpressionWithUnresolvedIdentifier) {
            return "IDENTIFIER(...) (name the function or column directly)";
        }
        if (e instanceof Parameter) {
            return "a parameter marker (" + e + ")";
        }
        if (e instanceof Star) {
            return "a star (*)";
        }
        return "the construct " + e;
    }

    private static String firstNonBlankLine(String m) {
        return m == null ? "" : m.strip().lines().findFirst().orElse("");
    }
}
