package io.polymoments.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import org.junit.jupiter.api.Test;

class CountTest {

    @Test
    void textParamsAndSavedFormsAgree() {
        assertEquals(Count.AUTO, Count.parse(" Auto ", "rank"));
        assertEquals(Count.of(3), Count.parse(" 3 ", "rank"));
        assertEquals(Count.AUTO, Count.fromParam(0));
        assertEquals(7, Count.of(7).toParam());
        assertEquals(0, Count.AUTO.toParam());
        assertEquals("auto", Count.AUTO.toJson());
        assertEquals(4, Count.of(4).toJson());
        // saved forms of every version: "auto", a number, its text, and 0 for auto (older Spark-param saves)
        assertEquals(Count.AUTO, Count.fromJson("auto", "hidden"));
        assertEquals(Count.AUTO, Count.fromJson(0, "hidden"));
        assertEquals(Count.of(3), Count.fromJson("3", "hidden"));
        assertEquals(Count.of(3), Count.fromJson(3L, "hidden"));
        assertEquals(5, Count.AUTO.orElse(5));
    }

    @Test
    void badTextNamesTheSetting() {
        for (String bad : new String[] {"0", "-2", "two", "2.5", ""}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Count.parse(bad, "hidden"));
            assertTrue(e.getMessage().startsWith("hidden takes 'auto' or a whole number >= 1"), e.getMessage());
            assertEquals("--hidden takes 'auto' or a whole number >= 1, got '" + bad + "'",
                    e.render(n -> "--" + n));
        }
    }
}
